/** Operations (mounted at /): the OpenAPI document, liveness and readiness. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';

export function opsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness: the database answers' } }, async (_req, reply) => {
      try {
        await ctx.db.query('SELECT 1');
        return { status: 'ready', engine: ctx.db.engine };
      } catch {
        return reply.status(503).header('retry-after', '5').send(new AppError('SERVICE_UNAVAILABLE').toJSON());
      }
    });
  };
}
