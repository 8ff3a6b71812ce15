/** Operations (mounted at /): the OpenAPI document, liveness and readiness. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { ErrorBody } from './schemas.ts';

export function opsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/openapi.json', { schema: { hide: true, response: { 200: z.looseObject({ openapi: z.string() }) } } }, async () => app.swagger() as unknown as { openapi: string });
    app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
    app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness: the database answers', response: { 200: z.object({ status: z.literal('ready'), engine: z.string() }), 503: ErrorBody } } }, async (_req, reply) => {
      try {
        await ctx.db.query('SELECT 1');
        return { status: 'ready' as const, engine: ctx.db.engine };
      } catch {
        return reply.status(503).header('retry-after', '5').send(new AppError('SERVICE_UNAVAILABLE').toJSON());
      }
    });
  };
}
