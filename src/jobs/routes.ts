/**
 * Administrators' view of the job queue (role admin, the plugin's role hook; mounted at /api/v1;
 * README.md in this folder):
 *
 *   GET  /api/v1/admin/jobs?state=failed&kind=…&before=…&limit=…   jobs newest first, by state and kind
 *   POST /api/v1/admin/jobs/{id}/retry                               a failed job runs again (audited: jobs.retried)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { signedInScope } from '../http/auth.ts';
import { JOB_STATES, listJobs, retryFailedJob } from './queue.ts';

const JobState = z.enum(JOB_STATES);
const JobId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// Built in queue.ts: loose, so a column added there is still sent.
const Job = z.looseObject({
  id: z.number(),
  kind: z.string(),
  state: JobState,
  payload: z.unknown(),
  dedupKey: z.string().nullable(),
  attempts: z.number(),
  runAt: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastError: z.string().nullable(),
});

export function jobRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return signedInScope(ctx, ['admin'], async (app) => {
    app.get(
      '/admin/jobs',
      {
        schema: {
          tags: ['admin'],
          summary: 'Jobs of the queue, newest first: by state (pending, running, done, failed) and kind. A failed job shows its last error; `next` pages on (as `before`)',
          querystring: z
            .object({
              state: JobState.optional(),
              kind: z.string().max(100).optional(),
              before: JobId.optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            })
            .strict(),
          response: { 200: z.object({ items: z.array(Job), next: z.number().nullable() }) },
        },
      },
      async (req) => {
        const r = await listJobs(ctx.db, { state: req.query.state, kind: req.query.kind, before: req.query.before, limit: req.query.limit });
        return { items: r.items.map((j) => ({ ...j })), next: r.next };
      },
    );

    app.post(
      '/admin/jobs/:id/retry',
      {
        schema: {
          tags: ['admin'],
          summary: 'Run a failed job again: pending, due now, attempts from zero (audited). 409 JOB_NOT_FAILED for a job in another state; 409 JOB_DUPLICATE_OPEN when a job with its dedup key is open',
          params: z.object({ id: JobId }),
          response: { 200: Job },
        },
      },
      async (req) => ({ ...(await retryFailedJob(ctx.db, req.params.id, { id: req.user!.id, correlationId: req.id })) }),
    );
  });
}
