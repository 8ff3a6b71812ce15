/**
 * Consent to read protected data (mounted at /api/v1): staff of a centre or provider ask for it
 * and confirm it with the person's code; the person sees and withdraws their consents and reads
 * who accessed their data.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { signedInScope } from '../http/auth.ts';
import { I18n, Ok } from '../http/schemas.ts';
import { fileAccessLog } from '../uploads/uploads.ts';
import { CONSENT_PURPOSE_CODES, CONSENT_PURPOSES, CONSENT_STAFF_ROLES, CONSENT_SYSTEM_CODES, confirmConsent, dataAccessLog, myConsents, requestConsent, revokeConsent } from './consent.ts';

const ConsentSchema = z.object({
  id: z.string(),
  subjectIin: z.string(),
  purpose: z.string(),
  systems: z.array(z.string()),
  serviceCode: z.string().nullable(),
  method: z.enum(['sms', 'signed-application']),
  grantedAt: z.string().nullable(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  application: z.object({ id: z.string(), number: z.string().nullable() }).nullable(),
  requesterRole: z.string(),
});

/** One read of my data: through the gateway (consent.ts dataAccessLog) or a file opened by staff (uploads.ts fileAccessLog). */
const DataAccessSchema = z.looseObject({
  at: z.string(),
  system: z.string(),
  service: z.string(),
  purpose: z.string(),
  sender: z.string(),
  actor: z.object({ id: z.string(), name: z.string().nullable(), roles: z.array(z.string()).nullable() }).nullable(),
  consentId: z.string().nullable(),
  status: z.string(),
  subject: z.object({ iin: z.string().nullable(), self: z.boolean() }),
  application: z.object({ id: z.string().nullable(), number: z.string().nullable(), own: z.boolean() }).nullable(),
  file: z.object({ id: z.string(), name: z.string().nullable() }).nullable().optional(),
});

/** Who may ask a person for consent (the request action checks it too: consent.ts). */
export { CONSENT_STAFF_ROLES };

export function consentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(signedInScope(ctx, [...CONSENT_STAFF_ROLES], staffRoutes(ctx)));
    await app.register(signedInScope(ctx, undefined, personRoutes(ctx)));
  };
}

function staffRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const SYSTEMS = z.enum(CONSENT_SYSTEM_CODES);

    app.get(
      '/consents/purposes',
      {
        schema: {
          tags: ['consent'],
          summary: 'The purposes staff may ask consent for (the SMS names the chosen one in kk and ru)',
          response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: I18n })) }) },
        },
      },
      async () => ({ items: Object.entries(CONSENT_PURPOSES).map(([code, name]) => ({ code, name })) }),
    );

    app.post(
      '/consents',
      {
        schema: {
          tags: ['consent'],
          summary: "Staff ask a person for consent to read their protected data; a one-time code goes to the person's phone",
          body: z
            .object({ subjectIin: z.string().regex(/^\d{12}$/), purpose: z.enum(CONSENT_PURPOSE_CODES), systems: z.array(SYSTEMS).min(1).max(5), serviceCode: z.string().max(100).optional() })
            .strict(),
          response: { 201: z.looseObject({ consentId: z.string(), phone: z.string(), codeExpiresAt: z.string() }) },
        },
      },
      async (req, reply) => {
        if (req.body.serviceCode !== undefined && !ctx.registry.versions(req.body.serviceCode).length) throw new AppError('UNKNOWN_SERVICE', { path: '/serviceCode' });
        return reply.status(201).send(await requestConsent(ctx.db, req.user!, req.body, undefined, { limits: ctx.config.otp, client: req.ip }, req.id));
      },
    );

    app.post(
      '/consents/:id/confirm',
      {
        schema: {
          tags: ['consent'],
          summary: 'The code the person received, typed in by staff, grants the consent',
          params: z.object({ id: z.string().max(64) }),
          body: z.object({ code: z.string().max(12) }).strict(),
          response: { 200: ConsentSchema },
        },
      },
      async (req) => confirmConsent(ctx, req.user!, req.params.id, req.body.code),
    );
  };
}

function personRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/me/consents', { schema: { tags: ['consent'], summary: 'Consents I have given', response: { 200: z.object({ items: z.array(ConsentSchema) }) } } }, async (req) => ({
      items: await myConsents(ctx.db, req.user!),
    }));

    app.post('/me/consents/:id/revoke', { schema: { tags: ['consent'], summary: 'Withdraw a consent', params: z.object({ id: z.string().max(64) }), response: { 200: Ok } } }, async (req) => {
      await revokeConsent(ctx, req.user!, req.params.id);
      return { ok: true as const };
    });

    app.get(
      '/me/data-access',
      {
        schema: {
          tags: ['consent'],
          summary: 'Who accessed my data: every read of my data in state systems, with purpose and consent',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
          response: { 200: z.object({ items: z.array(DataAccessSchema) }) },
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
  };
}
