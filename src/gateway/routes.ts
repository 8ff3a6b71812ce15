/**
 * Administrators' view of the gateway.
 *
 *   GET /api/v1/admin/gateway/systems              the connected state systems: circuit state, faults, configuration (this process)
 *   GET /api/v1/admin/gateway/messages?correlationId=…   asynchronous messages of one correlation id (e.g. an application), oldest first
 *   GET /api/v1/admin/gateway/messages/{messageId}       where one asynchronous request is
 *
 * Each read writes an audit row naming the admin (gateway.admin.systems-read, .messages-read,
 * .message-read) before the answer leaves: no admin sees the gateway's traffic unrecorded.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { FastifyRequest } from 'fastify';
import { writeAudit } from '../audit/audit.ts';
import { AppError } from '../errors/errors.ts';
import { signedInScope } from '../http/auth.ts';
import { isUuid } from '../lib/uuid7.ts';
import { getMessageStatus, messagesOf } from './async.ts';

const I18n = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
const Uuid = z.string().max(36).refine(isUuid, 'a UUID');

const MessageRow = z.object({
  messageId: z.string(),
  correlationId: z.string(),
  inReplyTo: z.string().nullable(),
  messageType: z.enum(['REQUEST', 'RESPONSE', 'NOTIFICATION']),
  direction: z.enum(['out', 'in']),
  systemId: z.string(),
  serviceId: z.string(),
  senderId: z.string(),
  status: z.string(),
  responseCode: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
});

/** Mounted at /api/v1; every route needs the admin role. */
export function gatewayAdminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const audit = (req: FastifyRequest, event: string, subject: { type: string; id: string } | null, data: Record<string, unknown>) =>
    writeAudit(ctx.db, { event, actorId: req.user!.id, actorRole: 'admin', subject, correlationId: req.id, data });
  return signedInScope(ctx, ['admin'], async (app) => {
    app.get(
      '/admin/gateway/systems',
      {
        schema: {
          tags: ['gateway'],
          summary: 'State systems behind the gateway: circuit breaker, injected faults and configuration, as this server process sees them',
          response: {
            200: z.object({
              process: z.number(),
              items: z.array(
                z.object({
                  systemId: z.string(),
                  title: I18n,
                  services: z.array(z.object({ serviceId: z.string(), idempotent: z.boolean() })),
                  circuit: z.object({ state: z.enum(['closed', 'open', 'half-open']), consecutiveFailures: z.number(), retryAfterMs: z.number(), opens: z.number() }),
                  faults: z.record(z.string(), z.number()).nullable(),
                  config: z.object({ timeoutMs: z.number(), retries: z.number(), backoffBaseMs: z.number(), backoffMaxMs: z.number(), breaker: z.record(z.string(), z.number()) }),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const health = ctx.gateway.health();
        await audit(req, 'gateway.admin.systems-read', null, { systems: health.map((h) => h.systemId), process: process.pid });
        return {
          process: process.pid,
          items: health.map((h) => ({
            systemId: h.systemId,
            title: h.title,
            services: Object.entries(ctx.gateway.connector(h.systemId)?.services ?? {}).map(([serviceId, s]) => ({ serviceId, idempotent: s.idempotent })),
            circuit: { state: h.circuit.state, consecutiveFailures: h.circuit.consecutiveFailures, retryAfterMs: h.circuit.retryAfterMs, opens: h.circuit.opens },
            faults: (h.faults as Record<string, number> | null) ?? null,
            config: { ...h.config, breaker: { ...h.config.breaker } },
          })),
        };
      },
    );

    app.get(
      '/admin/gateway/messages',
      {
        schema: {
          tags: ['gateway'],
          summary: 'Asynchronous gateway messages (requests, responses, notifications) of one correlation id, oldest first',
          querystring: z.object({ correlationId: z.string().min(1).max(200) }).strict(),
          response: { 200: z.object({ items: z.array(MessageRow) }) },
        },
      },
      async (req) => {
        const items = await messagesOf(ctx.db, req.query.correlationId);
        await audit(req, 'gateway.admin.messages-read', { type: 'correlation', id: req.query.correlationId }, { count: items.length, systems: [...new Set(items.map((m) => m.systemId))] });
        return { items };
      },
    );

    app.get(
      '/admin/gateway/messages/:messageId',
      {
        schema: {
          tags: ['gateway'],
          summary: 'Where one asynchronous request is: queued (attempts, last error), answered or failed',
          params: z.object({ messageId: Uuid }),
          response: {
            200: z.object({
              messageId: z.string(),
              correlationId: z.string(),
              systemId: z.string(),
              serviceId: z.string(),
              status: z.enum(['queued', 'answered', 'failed']),
              attempts: z.number(),
              lastError: z.string().nullable(),
              responseMessageId: z.string().nullable(),
              responseCode: z.string().nullable(),
              createdAt: z.string(),
              updatedAt: z.string(),
            }),
          },
        },
      },
      async (req) => {
        const st = await getMessageStatus(ctx.db, req.params.messageId);
        await audit(req, 'gateway.admin.message-read', { type: 'gateway-message', id: req.params.messageId }, { found: st !== null, ...(st ? { systemId: st.systemId, correlationId: st.correlationId } : {}) });
        if (!st) throw new AppError('NOT_FOUND', { path: '/params/messageId' });
        return st;
      },
    );
  });
}
