/**
 * The job kinds and the shape of each one's payload: one table, one zod schema per kind. `enqueue`
 * (queue.ts) checks a payload against it before the row is written, and the worker parses the
 * stored payload with it before the handler sees it (a row written by SQL — the group commit of
 * src/applications/batch.ts, gateway/async.ts, the outbox of actions/ledger.ts — is checked there). Imports only zod, so any
 * module can enqueue without an import cycle through the handlers.
 */
import { z } from 'zod';

export const JOB_PAYLOADS = {
  /** A portal application reaches the provider's information system (handlers.ts). */
  'application.deliver': z.object({ applicationId: z.string().min(1).max(64) }).strict(),
  /** A queued asynchronous gateway request is sent (gateway/async.ts). */
  'gateway.deliver': z.object({ messageId: z.string().min(1).max(64) }).strict(),
  /** Unbound uploads are purged; the job schedules its own next run. */
  'uploads.purge': z.object({}).strict(),
  /** An automatic step of a process calls its state system, then completes through the pipeline (tasks/runtime.ts). */
  'process.automatic': z.object({ applicationId: z.string().min(1).max(64), stepId: z.string().min(1).max(100) }).strict(),
  // Notifications written by the action pipeline's outbox (tasks/actions.ts); delivered by src/notifications.
  'notify.extension': z.object({ applicationId: z.string().min(1), dueDate: z.string(), noticeBy: z.string().nullable().optional(), extensionId: z.string() }).strict(),
  'notify.returned': z.object({ applicationId: z.string().min(1) }).strict(),
  'notify.decision-signed': z.object({ applicationId: z.string().min(1), decision: z.string() }).strict(),
  'notify.task-warning': z.object({ taskId: z.string().min(1), assigneeId: z.string().nullable(), orgId: z.string(), role: z.string() }).strict(),
  'notify.task-escalated': z.object({ taskId: z.string().min(1), orgId: z.string(), role: z.string() }).strict(),
  // Notifications to applicants (src/notifications/): events written with the change they tell of…
  'notify.submitted': z.object({ applicationId: z.string().min(1) }).strict(),
  'notify.registered': z.object({ applicationId: z.string().min(1) }).strict(),
  'notify.cosign-requested': z.object({ applicationId: z.string().min(1) }).strict(),
  /** A result kept at a centre: collect it by `until` (emitted by the centres' storage, issue 12 part 1/later). */
  'notify.storage-expiry': z.object({ applicationId: z.string().min(1), until: z.string().min(1) }).strict(),
  /** A complaint's written answer (emitted by the complaints part of issue 12). */
  'notify.complaint-answered': z.object({ userId: z.string().min(1), number: z.string().min(1), applicationId: z.string().nullable().optional() }).strict(),
  // …and one delivery each on a further channel.
  'notify.email': z.object({ deliveryId: z.number().int().positive() }).strict(),
  'notify.sms': z.object({ deliveryId: z.number().int().positive() }).strict(),
} as const satisfies Record<string, z.ZodType>;

export type JobKind = keyof typeof JOB_PAYLOADS;
export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_PAYLOADS)[K]>;
