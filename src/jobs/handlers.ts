import { transition } from '../applications/applications.ts';
import { deliverMessage } from '../gateway/async.ts';
import { purgeUnboundUploads } from '../uploads/uploads.ts';
import { expireCoSignatures } from '../applications/cosign.ts';
import { JOB_PAYLOADS, type JobKind, type JobPayload } from './kinds.ts';
import { enqueue } from './queue.ts';
import { jobHandler, type JobHandler, type Timer } from './worker.ts';

/** Job kinds and what they do; each handler gets its payload parsed by the kind's schema (kinds.ts). */
export const JOB_HANDLERS = {
  /** A portal application reaches the provider's information system: the cabinet shows "delivered" (digest §2.22). */
  'application.deliver': jobHandler(JOB_PAYLOADS['application.deliver'], async (_ctx, q, payload) => {
    await transition(q, payload.applicationId, 'delivered', { id: null, role: 'portal' });
  }),
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
];
