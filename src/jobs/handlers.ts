import { execute } from '../actions/executor.ts';
import { SYSTEM_ACTOR } from '../actions/ledger.ts';
import { CONNECTOR_OPERATIONS } from '../process/connectors.ts';
import { completeAutomatic, deliver } from '../tasks/tasks.ts';
import { sweepTaskTimers } from '../tasks/timers.ts';
import { deliverMessage } from '../gateway/async.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import type { JobHandler, Timer } from './worker.ts';
import { purgeUnboundUploads } from '../uploads/uploads.ts';
import { expireCoSignatures } from '../applications/cosign.ts';

/** Job kinds and what they do. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  /**
   * A submitted application reaches the provider's information system: its process starts after
   * the intake step (the cabinet shows "delivered", digest §2.22), through the action pipeline.
   */
  'application.deliver': async (ctx, q, payload) => {
    await deliver(ctx, q, String(payload.applicationId));
  },
  /** An automatic step that calls a state system: the call (no transaction open), then the step's completion through the pipeline. */
  'process.automatic': Object.assign(
    async (ctx: AppContext, _q: Queryable, payload: Record<string, unknown>) => {
      const applicationId = String(payload.applicationId);
      const stepId = String(payload.stepId);
      const a = await ctx.db.query<{ number: string; applicant_iin: string; form: Record<string, unknown>; service_code: string; service_version: number; channel: 'portal'; current_step: string | null }>(
        'SELECT number, applicant_iin, form, service_code, service_version, channel, current_step FROM applications WHERE id = $1',
        [applicationId],
      );
      const app = a.rows[0];
      if (!app || app.current_step !== stepId) return; // already taken (a retry after success)
      const step = ctx.registry.versions(app.service_code).find((d) => d.version === app.service_version)?.process[app.channel]?.steps.find((s) => s.id === stepId);
      const op = step?.connector ? CONNECTOR_OPERATIONS[step.connector.operation] : undefined;
      if (!op) throw new Error(`no connector operation for ${app.service_code} step ${stepId}`);
      const value = await op(ctx, { applicationId, number: app.number, applicantIin: app.applicant_iin, form: app.form });
      await execute(ctx, completeAutomatic, { actor: SYSTEM_ACTOR, subjectId: applicationId, body: { stepId, value } });
    },
    { ownTransactions: true },
  ),
  /** Notifications (the notifications issue delivers them; until then they are recorded as done). */
  'notify.extension': async () => {},
  'notify.returned': async () => {},
  'notify.decision-signed': async () => {},
  'notify.task-warning': async () => {},
  'notify.task-escalated': async () => {},
  /** A queued asynchronous gateway request (gateway/async.ts) is sent; its answer goes to the sender's inbox. */
  'gateway.deliver': Object.assign(
    async (ctx: AppContext, q: Queryable, payload: Record<string, unknown>) => {
      await deliverMessage(ctx.gateway, q, String(payload.messageId));
    },
    { ownTransactions: true },
  ),
  /**
   * Unbound uploads older than UPLOAD_PURGE_HOURS are deleted (a person who never submitted); the
   * job schedules its own next run in the same transaction, one hour on (migration 015 seeds it).
   */
  'uploads.purge': async (ctx, q) => {
    await purgeUnboundUploads(q, ctx.config.uploads.purgeAfterHours);
    await q.query("INSERT INTO jobs (kind, payload, run_at) VALUES ('uploads.purge', '{}', now() + interval '1 hour')");
  },
};

/** Timers every worker runs (worker.ts `Timer`). */
export const JOB_TIMERS: readonly Timer[] = [
  /** A co-signature not given in time (the definition's clock hours): the application is annulled, with the reason (cosign.ts). */
  { name: 'cosign.expire', everyMs: 10_000, run: (ctx) => expireCoSignatures(ctx) },
  /** Tasks at 75 % of their time (the assignee is told) and past it (the step's onTimeout, escalation by default), through the pipeline. */
  { name: 'tasks.timers', everyMs: 5_000, run: (ctx) => sweepTaskTimers(ctx) },
];
