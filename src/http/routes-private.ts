/** Routes that need a session: sign-in/out, the personal cabinet, submission. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { fullName, logout, type Session } from '../accounts/accounts.ts';
import { confirmRecovery, requestRecovery } from '../accounts/recovery.ts';
import { ROLE_NAMES } from '../accounts/roles.ts';
import { getOwnApplication, listOwnApplications, submitApplication } from '../applications/applications.ts';
import type { AppContext } from '../context.ts';
import { CONSENT_PURPOSE_CODES, CONSENT_PURPOSES, CONSENT_SYSTEM_CODES, confirmConsent, dataAccessLog, myConsents, requestConsent, revokeConsent } from '../consent/consent.ts';
import { AppError } from '../errors/errors.ts';
import { createChallenge } from '../identity/challenge.ts';
import { certificateLogin, completeSmsLogin, passwordLogin, requestSigningCode } from '../identity/identity.ts';
import { signingPayload } from '../identity/payload.ts';
import { REGION_CODES } from '../regions.ts';
import { CHANNELS } from '../registry/types.ts';
import { fileAccessLog } from '../uploads/uploads.ts';
import { requireUser, SESSION_COOKIE, sessionTokens } from './auth.ts';

export const SignatureSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('eds'), cms: z.string().min(1).max(1_000_000) }).strict(),
  z.object({ method: z.literal('sms'), otpId: z.string().max(64), code: z.string().max(12) }).strict(),
]);

const DraftSchema = {
  serviceCode: z.string().min(1).max(100),
  channel: z.enum(CHANNELS),
  form: z.record(z.string(), z.unknown()),
  region: z.enum(REGION_CODES as [string, ...string[]]).optional(),
};

/** Staff intake (centre, provider office, akimat): who the application is for, a representative, the district (src/organisations/intake.ts). */
const IntakeSchema = z
  .object({
    applicantIin: z.string().max(12).optional(),
    district: z.string().max(64).optional(),
    representative: z
      .object({
        iin: z.string().max(12),
        powerOfAttorney: z.object({ number: z.string().min(1).max(64), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), notary: z.string().min(1).max(200) }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

export function privateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
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
        const r = await passwordLogin(ctx, req.body.iin.trim(), req.body.password, 'cookie', req.ip);
        if ('mfaRequired' in r) return r;
        return sessionReply(reply, r.session);
      },
    );

    app.post(
      '/api/v1/auth/login/sms',
      {
        schema: {
          tags: ['auth'],
          summary: 'Second factor: the one-time SMS code sent after the password step',
          body: z.object({ otpId: z.string().max(64), code: z.string().max(12) }).strict(),
        },
      },
      async (req, reply) => sessionReply(reply, await completeSmsLogin(ctx, req.body.otpId, req.body.code, 'cookie')),
    );

    app.post(
      '/api/v1/auth/challenge',
      { schema: { tags: ['auth'], summary: 'A single-use challenge (5 minutes) to sign with the AUTH key for certificate login' } },
      async () => createChallenge(ctx.db),
    );

    app.post(
      '/api/v1/auth/login/eds',
      {
        schema: {
          tags: ['auth'],
          summary: 'Certificate login: the challenge signed (CMS, detached or attached) with the AUTH key',
          body: z.object({ challengeId: z.string().max(64), signature: z.string().min(1).max(1_000_000) }).strict(),
        },
      },
      async (req, reply) => sessionReply(reply, await certificateLogin(ctx, req.body.challengeId, req.body.signature, 'cookie')),
    );

    app.post(
      '/api/v1/auth/recovery',
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
      '/api/v1/auth/recovery/confirm',
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

    app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'End the session: every session the request carries (bearer token and cookie), on every server process at once' } }, async (req, reply) => {
      await logout(ctx.db, sessionTokens(req), ctx.sessions, { correlationId: req.id });
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
          body: z.object({ ...DraftSchema, signature: SignatureSchema.optional(), intake: IntakeSchema.optional() }).strict(),
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

    app.post(
      '/api/v1/applications/signing-payload',
      {
        preHandler: signedIn,
        schema: {
          tags: ['applications'],
          summary: 'The exact bytes to sign (base64) for this draft and Idempotency-Key; clients may also build them themselves',
          headers: z.object({ 'idempotency-key': z.string().max(200) }).passthrough(),
          body: z.object(DraftSchema).strict(),
        },
      },
      async (req) => {
        const bytes = signingPayload({ ...req.body, region: req.body.region ?? null, applicantIin: req.user!.iin, idempotencyKey: req.headers['idempotency-key'] });
        return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
      },
    );

    app.post(
      '/api/v1/applications/signing-code',
      {
        preHandler: signedIn,
        schema: {
          tags: ['applications'],
          summary: 'Send a one-time SMS code that confirms (signs) exactly this draft with this Idempotency-Key',
          headers: z.object({ 'idempotency-key': z.string().max(200) }).passthrough(),
          body: z.object(DraftSchema).strict(),
        },
      },
      async (req) => requestSigningCode(ctx, req.user!, { ...req.body, region: req.body.region ?? null, idempotencyKey: req.headers['idempotency-key'] }, req.ip),
    );

    const staff = requireUser(ctx, ['centre-operator', 'provider-clerk', 'responsible-executor', 'provider-head']);
    const SYSTEMS = z.enum(CONSENT_SYSTEM_CODES);

    app.get(
      '/api/v1/consents/purposes',
      { preHandler: staff, schema: { tags: ['consent'], summary: 'The purposes staff may ask consent for (the SMS names the chosen one in kk and ru)' } },
      async () => ({ items: Object.entries(CONSENT_PURPOSES).map(([code, name]) => ({ code, name })) }),
    );

    app.post(
      '/api/v1/consents',
      {
        preHandler: staff,
        schema: {
          tags: ['consent'],
          summary: "Staff ask a person for consent to read their protected data; a one-time code goes to the person's phone",
          body: z
            .object({ subjectIin: z.string().regex(/^\d{12}$/), purpose: z.enum(CONSENT_PURPOSE_CODES), systems: z.array(SYSTEMS).min(1).max(5), serviceCode: z.string().max(100).optional() })
            .strict(),
        },
      },
      async (req, reply) => {
        if (req.body.serviceCode !== undefined && !ctx.registry.versions(req.body.serviceCode).length) throw new AppError('UNKNOWN_SERVICE', { path: '/serviceCode' });
        return reply.status(201).send(await requestConsent(ctx.db, req.user!, req.body, undefined, { limits: ctx.config.otp, client: req.ip }));
      },
    );

    app.post(
      '/api/v1/consents/:id/confirm',
      {
        preHandler: staff,
        schema: {
          tags: ['consent'],
          summary: 'The code the person received, typed in by staff, grants the consent',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({ code: z.string().max(12) }).strict(),
        },
      },
      async (req) => confirmConsent(ctx, req.user!, req.params.id, req.body.code),
    );

    app.get('/api/v1/me/consents', { preHandler: signedIn, schema: { tags: ['consent'], summary: 'Consents I have given' } }, async (req) => ({
      items: await myConsents(ctx.db, req.user!),
    }));

    app.post(
      '/api/v1/me/consents/:id/revoke',
      { preHandler: signedIn, schema: { tags: ['consent'], summary: 'Withdraw a consent', params: z.object({ id: z.string().max(64) }) } },
      async (req) => {
        await revokeConsent(ctx, req.user!, req.params.id);
        return { ok: true };
      },
    );

    app.get(
      '/api/v1/me/data-access',
      {
        preHandler: signedIn,
        schema: {
          tags: ['consent'],
          summary: 'Who accessed my data: every read of my data in state systems, with purpose and consent',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        },
      },
      async (req) => {
        await ctx.gateway.flush();
        // Reads through the gateway, and provider staff opening my attached files (src/uploads/).
        const [reads, files] = await Promise.all([dataAccessLog(ctx.db, req.user!, req.query.limit), fileAccessLog(ctx.db, req.user!, req.query.limit)]);
        const items = [...reads, ...files].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, req.query.limit);
        return { items };
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
