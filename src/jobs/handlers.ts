import { transition } from '../applications/applications.ts';
import { deliverMessage } from '../gateway/async.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import type { JobHandler, Timer } from './worker.ts';
import { purgeUnboundUploads } from '../uploads/uploads.ts';
import { expireCoSignatures } from '../applications/cosign.ts';

/** Job kinds and what they do. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  /** A portal application reaches the provider's information system: the cabinet shows "delivered" (digest §2.22). */
  'application.deliver': async (_ctx, q, payload) => {
    await transition(q, String(payload.applicationId), 'delivered', { id: null, role: 'portal' });
  },
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
];
