import { execute } from '../actions/executor.ts';
import { SYSTEM_ACTOR } from '../actions/ledger.ts';
import { CONNECTOR_OPERATIONS } from '../process/connectors.ts';
import { completeAutomatic, deliver } from '../tasks/tasks.ts';
import { sweepTaskTimers } from '../tasks/timers.ts';
import { deliverMessage } from '../gateway/async.ts';
import { purgeUnboundUploads } from '../uploads/uploads.ts';
import { expireCoSignatures } from '../applications/cosign.ts';
import { deliverEmail, deliverSms } from '../notifications/delivery.ts';
import { fromDecision, notify, notifyCoSigners } from '../notifications/notifications.ts';
import { JOB_PAYLOADS, type JobKind, type JobPayload } from './kinds.ts';
import { enqueue } from './queue.ts';
import { jobHandler, type JobHandler, type Timer } from './worker.ts';

const nothingYet = async () => {};
const notified = async (p: Promise<unknown>) => {
  await p;
};

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
  /**
   * Notifications to applicants (src/notifications/README.md): each event becomes the person's
   * inbox entry and a delivery job per further channel, in this job's transaction (exactly once).
   */
  'notify.submitted': jobHandler(JOB_PAYLOADS['notify.submitted'], (ctx, q, p, run) => notified(notify(ctx, q, run, { kind: 'submitted', applicationId: p.applicationId }))),
  'notify.registered': jobHandler(JOB_PAYLOADS['notify.registered'], (ctx, q, p, run) => notified(notify(ctx, q, run, { kind: 'registered', applicationId: p.applicationId }))),
  'notify.extension': jobHandler(JOB_PAYLOADS['notify.extension'], (ctx, q, p, run) =>
    notified(notify(ctx, q, run, { kind: 'extended', applicationId: p.applicationId, params: { dueDate: p.dueDate } })),
  ),
  'notify.returned': jobHandler(JOB_PAYLOADS['notify.returned'], (ctx, q, p, run) => notified(notify(ctx, q, run, { kind: 'returned', applicationId: p.applicationId }))),
  /** The signed decision: readiness (approve) or the reasoned refusal (refuse). */
  'notify.decision-signed': jobHandler(JOB_PAYLOADS['notify.decision-signed'], (ctx, q, p, run) =>
    notified(notify(ctx, q, run, { kind: fromDecision(p.decision), applicationId: p.applicationId })),
  ),
  'notify.cosign-requested': jobHandler(JOB_PAYLOADS['notify.cosign-requested'], (ctx, q, p, run) => notified(notifyCoSigners(ctx, q, run, p.applicationId))),
  'notify.storage-expiry': jobHandler(JOB_PAYLOADS['notify.storage-expiry'], (ctx, q, p, run) =>
    notified(notify(ctx, q, run, { kind: 'storage-expiry', applicationId: p.applicationId, params: { until: p.until } })),
  ),
  'notify.complaint-answered': jobHandler(JOB_PAYLOADS['notify.complaint-answered'], (ctx, q, p, run) =>
    notified(notify(ctx, q, run, { kind: 'complaint-answered', applicationId: p.applicationId ?? null, userIds: [p.userId], params: { number: p.number } })),
  ),
  /** One e-mail over SMTP: no transaction held while the server answers; sent at most once where it can tell (delivery.ts). */
  'notify.email': jobHandler(
    JOB_PAYLOADS['notify.email'],
    async (ctx, _q, p) => {
      await deliverEmail(ctx, p.deliveryId);
    },
    { ownTransactions: true },
  ),
  /** One SMS through the SMS connector, in the job's transaction (exactly once). */
  'notify.sms': jobHandler(JOB_PAYLOADS['notify.sms'], async (_ctx, q, p) => {
    await deliverSms(q, p.deliveryId);
  }),
  /** Staff notices (the task's assignee or pool; the head on a breach): recorded as done until the staff inbox exists. */
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
