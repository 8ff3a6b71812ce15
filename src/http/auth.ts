import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, type User } from '../accounts/accounts.ts';
import type { Role } from '../accounts/roles.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';

export const SESSION_COOKIE = 'qz_sid';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export function sessionToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  return req.cookies?.[SESSION_COOKIE] ?? null;
}

/** Every session token the request carries (a bearer token and the session cookie may both be there). */
export function sessionTokens(req: FastifyRequest): string[] {
  const out: string[] = [];
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) {
    const t = h.slice(7).trim();
    if (t) out.push(t);
  }
  const c = req.cookies?.[SESSION_COOKIE];
  if (c && !out.includes(c)) out.push(c);
  return out;
}

/** preHandler factory: requires a signed-in user, optionally with one of the given roles. */
export function requireUser(ctx: AppContext, roles?: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = sessionToken(req);
    const user = token ? await authenticate(ctx.db, token, ctx.sessions) : null;
    if (!user) throw new AppError('UNAUTHENTICATED');
    if (roles && !roles.some((r) => user.roles.includes(r))) throw new AppError('FORBIDDEN');
    req.user = user;
  };
}

/** The signed-in user if the request carries a valid session, else null (for routes open to everyone). */
export async function optionalUser(ctx: AppContext, req: FastifyRequest): Promise<User | null> {
  const token = sessionToken(req);
  return token ? await authenticate(ctx.db, token, ctx.sessions) : null;
}

/**
 * The role hook of a route plugin (src/http/README.md): every route registered inside `routes`
 * needs a signed-in user, with one of `roles` when given. It runs as a preHandler of the scope
 * (after body validation, as the per-route preHandler did), so status codes stay as they were.
 */
export function signedInScope(ctx: AppContext, roles: Role[] | undefined, routes: FastifyPluginAsyncZod): FastifyPluginAsyncZod {
  return async (app, opts) => {
    app.addHook('preHandler', requireUser(ctx, roles));
    await routes(app, opts);
  };
}
