/**
 * The back office's API (README.md), one plugin with its role hook (provider and front-office
 * staff, STAFF_ROLES; mounted at /api/v1, src/http/README.md):
 *   GET  /api/v1/tasks                          my open tasks, soonest due first (filters: service, status, overdue)
 *   GET  /api/v1/tasks/:id                      one task: version, actions allowed now with ready example bodies
 *   GET  /api/v1/tasks/:id/state-data           the standard's fetched data, read now from state systems (consent policy; call log)
 *   GET  /api/v1/tasks/:id/signing-payload      the bytes the assigned head signs: the decision's document (PDF, base64)
 *   POST /api/v1/tasks/:id/:action              an action through the pipeline ({ version, … }) → the task's new state
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { signedInScope } from '../http/auth.ts';
import { I18n, SigningBytes } from '../http/schemas.ts';
import { taskStateData } from './state-data.ts';
import { actOnTask, getTask, inbox, STAFF_ROLES, taskSigningPayload } from './tasks.ts';

const STATUSES = ['draft', 'submitted', 'delivered', 'registered', 'in-progress', 'extended', 'awaiting-second-applicant', 'awaiting-payment', 'returned', 'result-ready', 'refused', 'issued', 'unclaimed', 'annulled', 'withdrawn'] as const;

// The shapes below are built in tasks.ts: loose, so a field added there is still sent.
const TaskResult = z.looseObject({ taskId: z.string(), state: z.string(), applicationId: z.string(), status: z.string(), version: z.number(), nextTaskId: z.string().nullable() });

const TaskStep = z.looseObject({ id: z.string(), kind: z.string(), role: z.string(), action: I18n.nullable() });

/** One row of the inbox (tasks.ts taskSummary). */
const TaskSummary = z.looseObject({
  id: z.string(),
  application: z.looseObject({
    id: z.string(),
    number: z.string().nullable(),
    serviceCode: z.string(),
    serviceName: I18n.nullable(),
    status: z.string(),
    statusName: I18n,
    dueDate: z.string().nullable(),
  }),
  step: TaskStep,
  state: z.string(),
  assigneeId: z.string().nullable(),
  actions: z.array(z.string()),
  dueAt: z.string().nullable(),
  warnAt: z.string().nullable(),
  overdue: z.boolean(),
  warning: z.boolean(),
  escalated: z.boolean(),
  version: z.number(),
});

/** One task with what the employee needs to act on it (tasks.ts getTask). */
const TaskDetail = z.looseObject({
  id: z.string(),
  version: z.number(),
  state: z.string(),
  step: TaskStep.extend({ limit: z.unknown(), timings: z.array(z.unknown()) }),
  orgId: z.string(),
  assigneeId: z.string().nullable(),
  openedAt: z.string(),
  dueAt: z.string().nullable(),
  warnAt: z.string().nullable(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  actions: z.array(z.string()),
  examples: z.record(z.string(), z.unknown()),
  application: z.looseObject({
    id: z.string(),
    number: z.string().nullable(),
    serviceCode: z.string(),
    serviceVersion: z.number(),
    serviceName: I18n,
    channel: z.string(),
    status: z.string(),
    statusName: I18n,
    applicantIin: z.string().nullable(),
    filedAt: z.string(),
    acceptanceDate: z.string().nullable(),
    dueDate: z.string().nullable(),
    form: z.record(z.string(), z.unknown()),
  }),
  process: z.array(z.looseObject({ id: z.string(), kind: z.string(), actor: z.unknown(), action: I18n.nullable().optional(), limit: z.unknown(), current: z.boolean() })),
  decision: z
    .looseObject({
      kind: z.string(),
      data: z.unknown(),
      preparedAt: z.string(),
      signedAt: z.string().nullable(),
      signerSerial: z.string().nullable(),
      document: z.object({ number: z.string(), kind: z.string(), signed: z.boolean(), status: z.string() }).nullable().describe('The document the head signs (PDF at GET /api/v1/documents/{number}.pdf)'),
    })
    .nullable(),
  // The decision's form fields, as in the service definition (FormField, src/registry/types.ts).
  decisionFields: z.array(z.unknown()),
  signature: z.object({ method: z.string(), signerIin: z.string(), signerSerial: z.string().nullable(), signedAt: z.string() }).nullable(),
  refusalGrounds: z.array(z.looseObject({ id: z.string(), text: z.unknown() })),
  extensions: z.array(z.looseObject({ id: z.string(), maxAmount: z.number(), unit: z.string(), reason: I18n.optional(), applies: z.boolean(), used: z.boolean() })),
  executors: z.array(z.looseObject({ id: z.string(), name: z.string().nullable() })),
  history: z.array(
    z.looseObject({
      at: z.string(),
      actorRole: z.string().nullable(),
      actorName: z.string().nullable(),
      from: z.string().nullable(),
      to: z.string(),
      toName: I18n,
      stepId: z.string().nullable(),
      reason: z.unknown(),
    }),
  ),
});

export function taskRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return signedInScope(ctx, [...STAFF_ROLES], async (app) => {
    app.get(
      '/tasks',
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
          response: { 200: z.object({ items: z.array(TaskSummary), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => inbox(ctx, req.user!, { service: req.query.service, status: req.query.status, overdue: req.query.overdue === 'true', limit: req.query.limit, cursor: req.query.cursor }),
    );
    app.get(
      '/tasks/:id',
      {
        schema: {
          tags: ['back office'],
          summary: 'One task: the application, its history and process, the actions allowed now with example bodies',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: TaskDetail },
        },
      },
      async (req) => getTask(ctx, req.user!, req.params.id),
    );
    app.get(
      '/tasks/:id/state-data',
      {
        schema: {
          tags: ['back office'],
          summary: 'The data the service standard says the provider obtains from state systems, read now through the gateway (consent policy; in the applicant’s “who accessed my data”)',
          params: z.object({ id: z.string().max(64) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  system: z.string(),
                  label: I18n,
                  status: z.enum(['ok', 'absent', 'denied', 'unavailable', 'unsupported']),
                  fields: z.array(z.object({ name: I18n, value: I18n })),
                  message: I18n.nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => taskStateData(ctx, req.user!, req.params.id),
    );
    app.get(
      '/tasks/:id/signing-payload',
      {
        schema: {
          tags: ['back office'],
          summary: 'The bytes the assigned head signs with the SIGN key (base64): the PDF of the decision’s document',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: SigningBytes },
        },
      },
      async (req) => {
        const bytes = await taskSigningPayload(ctx, req.user!, req.params.id);
        return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
      },
    );
    app.post(
      '/tasks/:id/:action',
      {
        schema: {
          tags: ['back office'],
          summary: 'Act on a task: register, assign, approve, refuse, extend, request-data, data-received, return, sign, forward, dispatch, issue. The body carries the version read (409 STALE_VERSION when someone acted first).',
          params: z.object({ id: z.string().max(64), action: z.string().max(40) }),
          body: z.record(z.string(), z.unknown()).optional(),
          response: { 200: TaskResult },
        },
      },
      async (req) => ({ ...(await actOnTask(ctx, req.user!, req.params.id, req.params.action, req.body ?? {}, req.id)) }),
    );
  });
}
