/** Routes that need a session: sign-in/out, the personal cabinet, submission. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fullName, login, logout } from '../accounts/accounts.ts';
import { ROLE_NAMES } from '../accounts/roles.ts';
import { getOwnApplication, listOwnApplications, submitApplication } from '../applications/applications.ts';
import type { AppContext } from '../context.ts';
import { REGION_CODES } from '../regions.ts';
import { CHANNELS } from '../registry/types.ts';
import { requireUser, SESSION_COOKIE, sessionToken } from './auth.ts';

export function privateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const signedIn = requireUser(ctx);

    app.post(
      '/api/v1/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in with IIN and password. Sets the session cookie and returns a bearer token for API clients.',
          body: z.object({ iin: z.string().max(32), password: z.string().min(1).max(200) }).strict(),
        },
      },
      async (req, reply) => {
        const s = await login(ctx.db, req.body.iin.trim(), req.body.password, 'cookie', ctx.config.sessionTtlHours);
        reply.setCookie(SESSION_COOKIE, s.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.cookieSecure,
          expires: s.expiresAt,
        });
        return { token: s.token, expiresAt: s.expiresAt.toISOString(), user: { ...s.user, name: fullName(s.user) } };
      },
    );

    app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
      const t = sessionToken(req);
      if (t) await logout(ctx.db, t, ctx.sessions);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });

    app.get('/api/v1/me', { preHandler: signedIn, schema: { tags: ['auth'], summary: 'The signed-in person' } }, async (req) => {
      const u = req.user!;
      return { ...u, name: fullName(u), roleNames: u.roles.map((r) => ROLE_NAMES[r]) };
    });

    app.post(
      '/api/v1/applications',
      {
        preHandler: signedIn,
        schema: {
          tags: ['applications'],
          summary: 'Submit an application (Idempotency-Key header required; a retry with the same key returns the same application)',
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          body: z
            .object({
              serviceCode: z.string().min(1).max(100),
              channel: z.enum(CHANNELS),
              form: z.record(z.string(), z.unknown()),
              region: z.enum(REGION_CODES as [string, ...string[]]).optional(),
            })
            .strict(),
          response: {
            201: z.object({ id: z.string(), number: z.string(), status: z.string(), dueDate: z.string().nullable() }),
          },
        },
      },
      async (req, reply) => {
        const r = await submitApplication(ctx, req.user!, req.body, req.headers['idempotency-key']);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        reply.header('location', `/api/v1/applications/${r.id}`);
        return reply.status(201).send({ id: r.id, number: r.number, status: r.status, dueDate: r.dueDate });
      },
    );

    app.get(
      '/api/v1/applications',
      {
        preHandler: signedIn,
        schema: {
          tags: ['applications'],
          summary: 'My applications, newest first (keyset paging: pass nextCursor as cursor)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() }).strict(),
        },
      },
      async (req) => listOwnApplications(ctx, req.user!, { limit: req.query.limit, cursor: req.query.cursor }),
    );

    app.get(
      '/api/v1/applications/:id',
      {
        preHandler: signedIn,
        schema: {
          tags: ['applications'],
          summary: 'One of my applications with its full status history (by id or number)',
          params: z.object({ id: z.string().max(64) }),
        },
      },
      async (req) => getOwnApplication(ctx, req.user!, req.params.id),
    );
  };
}
