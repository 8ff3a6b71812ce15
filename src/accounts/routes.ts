/**
 * Sign-in and the account (mounted at /api/v1): password, SMS second factor and certificate
 * login, password recovery, logout (open to everyone); the signed-in person (`/me`).
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { createChallenge } from '../identity/challenge.ts';
import { certificateLogin, completeSmsLogin, passwordLogin } from '../identity/identity.ts';
import { SESSION_COOKIE, sessionTokens, signedInScope } from '../http/auth.ts';
import { I18n, Ok, OtpSent } from '../http/schemas.ts';
import { fullName, logout, type Session } from './accounts.ts';
import { confirmRecovery, requestRecovery } from './recovery.ts';
import { ROLE_NAMES } from './roles.ts';

/** The signed-in person (the account; `name` is the full name). */
const Person = z.looseObject({
  id: z.string(),
  iin: z.string(),
  surname: z.string(),
  givenName: z.string(),
  patronymic: z.string().nullable(),
  roles: z.array(z.string()),
  orgId: z.string().nullable(),
  name: z.string(),
});
const SessionStarted = z.object({ token: z.string(), expiresAt: z.string(), user: Person });
const MfaRequired = OtpSent.extend({ mfaRequired: z.literal(true) });

export function accountRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const sessionReply = (reply: FastifyReply, s: Session) => {
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.cookieSecure,
        expires: s.expiresAt,
      });
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), user: { ...s.user, name: fullName(s.user) } };
    };

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in with IIN and password. Sets the session cookie and returns a bearer token for API clients.',
          body: z.object({ iin: z.string().max(32), password: z.string().min(1).max(200) }).strict(),
          response: { 200: z.union([SessionStarted, MfaRequired]) },
        },
      },
      async (req, reply) => {
        const r = await passwordLogin(ctx, req.body.iin.trim(), req.body.password, 'cookie', req.ip);
        if ('mfaRequired' in r) return r;
        return sessionReply(reply, r.session);
      },
    );

    app.post(
      '/auth/login/sms',
      {
        schema: {
          tags: ['auth'],
          summary: 'Second factor: the one-time SMS code sent after the password step',
          body: z.object({ otpId: z.string().max(64), code: z.string().max(12) }).strict(),
          response: { 200: SessionStarted },
        },
      },
      async (req, reply) => sessionReply(reply, await completeSmsLogin(ctx, req.body.otpId, req.body.code, 'cookie')),
    );

    app.post(
      '/auth/challenge',
      {
        schema: {
          tags: ['auth'],
          summary: 'A single-use challenge (5 minutes) to sign with the AUTH key for certificate login',
          response: { 200: z.object({ challengeId: z.string(), challenge: z.string().describe('the bytes to sign, base64'), expiresAt: z.string() }) },
        },
      },
      async () => createChallenge(ctx.db),
    );

    app.post(
      '/auth/login/eds',
      {
        schema: {
          tags: ['auth'],
          summary: 'Certificate login: the challenge signed (CMS, detached or attached) with the AUTH key',
          body: z.object({ challengeId: z.string().max(64), signature: z.string().min(1).max(1_000_000) }).strict(),
          response: { 200: SessionStarted },
        },
      },
      async (req, reply) => sessionReply(reply, await certificateLogin(ctx, req.body.challengeId, req.body.signature, 'cookie')),
    );

    app.post(
      '/auth/recovery',
      {
        schema: {
          tags: ['auth'],
          summary:
            "Forgot password: send a recovery code by SMS to the account's phone. The answer is the same whether or not the IIN has an account (an opaque recoveryId; only one with an account behind it can succeed).",
          body: z.object({ iin: z.string().max(32) }).strict(),
          response: { 202: z.object({ recoveryId: z.string(), expiresAt: z.string() }) },
        },
      },
      async (req, reply) => reply.status(202).send(await requestRecovery(ctx, req.body.iin.trim(), { correlationId: req.id, client: req.ip })),
    );

    app.post(
      '/auth/recovery/confirm',
      {
        schema: {
          tags: ['auth'],
          summary:
            'Set a new password with the code from the recovery SMS (at least 8 characters, letters and digits, not the IIN). Clears the sign-in lock and ends every session of the person.',
          body: z.object({ iin: z.string().max(32), recoveryId: z.string().max(64), code: z.string().max(12), newPassword: z.string().max(200) }).strict(),
          response: { 200: z.object({ ok: z.literal(true), sessionsEnded: z.number() }) },
        },
      },
      async (req) => confirmRecovery(ctx, { ...req.body, iin: req.body.iin.trim(), code: req.body.code.trim() }, { correlationId: req.id }),
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], summary: 'End the session: every session the request carries (bearer token and cookie), on every server process at once', response: { 200: Ok } } },
      async (req, reply) => {
      await logout(ctx.db, sessionTokens(req), ctx.sessions, { correlationId: req.id });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
      },
    );

    await app.register(
      signedInScope(ctx, undefined, async (app) => {
        app.get('/me', { schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: Person.extend({ roleNames: z.array(I18n) }) } } }, async (req) => {
          const u = req.user!;
          return { ...u, name: fullName(u), roleNames: u.roles.map((r) => ROLE_NAMES[r]) };
        });
      }),
    );
  };
}
