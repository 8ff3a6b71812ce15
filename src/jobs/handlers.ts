import { execute } from '../actions/executor.ts';
import { SYSTEM_ACTOR } from '../actions/ledger.ts';
import { CONNECTOR_OPERATIONS } from '../process/connectors.ts';
import { completeAutomatic, deliver } from '../tasks/tasks.ts';
import { sweepTaskTimers } from '../tasks/timers.ts';
import { deliverMessage } from '../gateway/async.ts';
import { purgeUnboundUploads } from '../uploads/uploads.ts';
import { expireCoSignatures } from '../applications/cosign.ts';
import { JOB_PAYLOADS, type JobKind, type JobPayload } from './kinds.ts';
import { enqueue } from './queue.ts';
import { jobHandler, type JobHandler, type Timer } from './worker.ts';

const nothingYet = async () => {};

/** Job kinds and what they do; each handler gets its payload parsed by the kind's schema (kinds.ts). */
export const JOB_HANDLERS = {
  /**
   * A submitted application reaches the provider's information system: its process starts after
   * the intake step (the cabinet shows "delivered", digest §2.22), through the action pipeline.
   */
  'application.deliver': jobHandler(JOB_PAYLOADS['application.deliver'], async (ctx, q, payload) => {
    await deliver(ctx, q, payload.applicationId);
  }),
  /** An automatic step that calls a state system: the call (no transaction open), then the step's completion through the pipeline. */
  'process.automatic': jobHandler(
    JOB_PAYLOADS['process.automatic'],
    async (ctx, _q, { applicationId, stepId }) => {
      const a = await ctx.db.query<{ number: string; applicant_iin: string; form: Record<string, unknown>; service_code: string; service_version: number; channel: 'portal'; current_step: string | null }>(
        'SELECT number, applicant_iin, form, service_code, service_version, channel, current_step FROM applications WHERE id = $1',
        [applicationId],
      );
      const app = a.rows[0];
      if (!app || app.current_step !== stepId) return; // already taken (a retry after success)
      const step = ctx.registry.versions(app.service_code).find((d) => d.version === app.service_version)?.process[app.channel]?.steps.find((s) => s.id === stepId);
      const op = step?.connector ? CONNECTOR_OPERATIONS[step.connector.operation] : undefined;
      if (!op) throw new Error(`no connector operation for ${app.service_code} step ${stepId}`);
      const value = await op(ctx, { basis: `${app.service_code} v${app.service_version} regulation, step ${stepId}`, applicationId, number: app.number, applicantIin: app.applicant_iin, form: app.form });
      await execute(ctx, completeAutomatic, { actor: SYSTEM_ACTOR, subjectId: applicationId, body: { stepId, value } });
    },
    { ownTransactions: true },
  ),
  /** Notifications (the notifications issue delivers them; until then they are recorded as done). */
  'notify.extension': jobHandler(JOB_PAYLOADS['notify.extension'], nothingYet),
  'notify.returned': jobHandler(JOB_PAYLOADS['notify.returned'], nothingYet),
  'notify.decision-signed': jobHandler(JOB_PAYLOADS['notify.decision-signed'], nothingYet),
  'notify.task-warning': jobHandler(JOB_PAYLOADS['notify.task-warning'], nothingYet),
  'notify.task-escalated': jobHandler(JOB_PAYLOADS['notify.task-escalated'], nothingYet),
  /** A queued asynchronous gateway request (gateway/async.ts) is sent; its answer goes to the sender's inbox. */
  'gateway.deliver': jobHandler(
    JOB_PAYLOADS['gateway.deliver'],
    async (ctx, q, payload) => {
      await deliverMessage(ctx.gateway, q, payload.messageId);
    },
    // It claims its message itself (claimed_until), so a second run after a lost lease sends nothing twice.
    { ownTransactions: true },
  ),
  /**
   * Unbound uploads older than UPLOAD_PURGE_HOURS are deleted (a person who never submitted); the
   * job schedules its own next run in the same transaction, one hour on (migration 015 seeds it).
   */
  'uploads.purge': jobHandler(JOB_PAYLOADS['uploads.purge'], async (ctx, q) => {
    await purgeUnboundUploads(q, ctx.config.uploads.purgeAfterHours);
    // Under one key: its own row is already done in this transaction (worker.ts), so the key is free for the successor only.
    await enqueue(q, 'uploads.purge', {}, { delaySeconds: 3600, dedupKey: 'hourly' });
  }),
} satisfies { [K in JobKind]: JobHandler<JobPayload<K>> };

/** Timers every worker runs (worker.ts `Timer`). */
export const JOB_TIMERS: readonly Timer[] = [
  /** A co-signature not given in time (the definition's clock hours): the application is annulled, with the reason (cosign.ts). */
  { name: 'cosign.expire', everyMs: 10_000, run: (ctx) => expireCoSignatures(ctx) },
  /** Tasks at 75 % of their time (the assignee is told) and past it (the step's onTimeout, escalation by default), through the pipeline. */
  { name: 'tasks.timers', everyMs: 5_000, run: (ctx) => sweepTaskTimers(ctx) },
];
