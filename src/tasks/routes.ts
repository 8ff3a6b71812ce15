/**
 * The back office's API (README.md), one plugin with its role hook (provider and front-office staff):
 *   GET  /api/v1/tasks                          my open tasks, soonest due first (filters: service, status, overdue)
 *   GET  /api/v1/tasks/:id                      one task: version, actions allowed now with ready example bodies
 *   GET  /api/v1/tasks/:id/signing-payload      the decision's bytes the assigned head signs (base64)
 *   POST /api/v1/tasks/:id/:action              an action through the pipeline ({ version, … }) → the task's new state
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actOnTask, getTask, inbox, taskSigningPayload } from './tasks.ts';

type PreHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

const STATUSES = ['draft', 'submitted', 'delivered', 'registered', 'in-progress', 'extended', 'awaiting-second-applicant', 'awaiting-payment', 'returned', 'result-ready', 'refused', 'issued', 'unclaimed', 'annulled', 'withdrawn'] as const;

const TaskResult = z.object({ taskId: z.string(), state: z.string(), applicationId: z.string(), status: z.string(), version: z.number(), nextTaskId: z.string().nullable() });

export function taskRoutes(ctx: AppContext, staff: PreHandler): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', staff);
    app.get(
      '/api/v1/tasks',
      {
        schema: {
          tags: ['back office'],
          summary: 'The signed-in employee’s open tasks (their organisation and roles), soonest due first',
          querystring: z
            .object({
              service: z.string().max(100).optional(),
              status: z.enum(STATUSES).optional(),
              overdue: z.enum(['true', 'false']).optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
              cursor: z.string().max(300).optional(),
            })
            .strict(),
        },
      },
      async (req) => inbox(ctx, req.user!, { service: req.query.service, status: req.query.status, overdue: req.query.overdue === 'true', limit: req.query.limit, cursor: req.query.cursor }),
    );
    app.get(
      '/api/v1/tasks/:id',
      { schema: { tags: ['back office'], summary: 'One task: the application, its history and process, the actions allowed now with example bodies', params: z.object({ id: z.string().max(64) }) } },
      async (req) => getTask(ctx, req.user!, req.params.id),
    );
    app.get(
      '/api/v1/tasks/:id/signing-payload',
      {
        schema: {
          tags: ['back office'],
          summary: 'The bytes of the prepared decision that the assigned head signs with the SIGN key (base64)',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: z.object({ payload: z.string(), sha256: z.string() }) },
        },
      },
      async (req) => {
        const bytes = await taskSigningPayload(ctx, req.user!, req.params.id);
        const { createHash } = await import('node:crypto');
        return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
      },
    );
    app.post(
      '/api/v1/tasks/:id/:action',
      {
        schema: {
          tags: ['back office'],
          summary: 'Act on a task: register, assign, approve, refuse, extend, request-data, data-received, return, sign, forward, dispatch, issue. The body carries the version read (409 STALE_VERSION when someone acted first).',
          params: z.object({ id: z.string().max(64), action: z.string().max(40) }),
          body: z.record(z.string(), z.unknown()).optional(),
          response: { 200: TaskResult },
        },
      },
      async (req) => actOnTask(ctx, req.user!, req.params.id, req.params.action, req.body ?? {}, req.id),
    );
  };
}
