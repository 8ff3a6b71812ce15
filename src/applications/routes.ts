/**
 * The applicant's applications (mounted at /api/v1, every route signed in): the bytes to sign
 * and the SMS code for a draft, submission, my applications and one of them, and the prefill of
 * a form. Files of an application: src/uploads/routes.ts; the second applicant: ./cosign-routes.ts.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { signedInScope } from '../http/auth.ts';
import { OtpSent, SigningBytes } from '../http/schemas.ts';
import { requestSigningCode } from '../identity/identity.ts';
import { signingPayload } from '../identity/payload.ts';
import { REGION_CODES } from '../regions.ts';
import { CHANNELS } from '../registry/types.ts';
import { getOwnApplication, listOwnApplications, resolveService, submitApplication } from './applications.ts';
import { prefillFor } from './prefill.ts';
import { ApplicationDetailSchema, ApplicationSummarySchema, SubmittedSchema } from './schemas.ts';

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

export function applicationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return signedInScope(ctx, undefined, async (app) => {
    app.post(
      '/applications',
      {
        schema: {
          tags: ['applications'],
          summary: 'Submit an application (Idempotency-Key header required; a retry with the same key returns the same application)',
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          body: z.object({ ...DraftSchema, signature: SignatureSchema.optional(), intake: IntakeSchema.optional() }).strict(),
          response: {
            201: SubmittedSchema,
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
      '/applications/signing-payload',
      {
        schema: {
          tags: ['applications'],
          summary: 'The exact bytes to sign (base64) for this draft and Idempotency-Key; clients may also build them themselves',
          headers: z.object({ 'idempotency-key': z.string().max(200) }).passthrough(),
          body: z.object(DraftSchema).strict(),
          response: { 200: SigningBytes },
        },
      },
      async (req) => {
        const bytes = signingPayload({ ...req.body, region: req.body.region ?? null, applicantIin: req.user!.iin, idempotencyKey: req.headers['idempotency-key'] });
        return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
      },
    );

    app.post(
      '/applications/signing-code',
      {
        schema: {
          tags: ['applications'],
          summary: 'Send a one-time SMS code that confirms (signs) exactly this draft with this Idempotency-Key',
          headers: z.object({ 'idempotency-key': z.string().max(200) }).passthrough(),
          body: z.object(DraftSchema).strict(),
          response: { 200: OtpSent },
        },
      },
      async (req) => requestSigningCode(ctx, req.user!, { ...req.body, region: req.body.region ?? null, idempotencyKey: req.headers['idempotency-key'] }, req.ip),
    );

    app.get(
      '/applications',
      {
        schema: {
          tags: ['applications'],
          summary: 'My applications, newest first (keyset paging: pass nextCursor as cursor)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() }).strict(),
          response: { 200: z.object({ items: z.array(ApplicationSummarySchema), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => listOwnApplications(ctx, req.user!, { limit: req.query.limit, cursor: req.query.cursor }),
    );

    app.get(
      '/applications/:id',
      {
        schema: {
          tags: ['applications'],
          summary: 'One of my applications with its full status history (by id or number)',
          params: z.object({ id: z.string().max(64) }),
          response: { 200: ApplicationDetailSchema },
        },
      },
      async (req) => getOwnApplication(ctx, req.user!, req.params.id),
    );

    app.get(
      '/me/prefill',
      {
        schema: {
          tags: ['applications'],
          summary: "What the state holds about me for this service's form (name and address from the persons DB, phone from my account), to check and correct",
          querystring: z.object({ service: z.string().min(1).max(100) }).strict(),
          response: {
            200: z.object({
              values: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())])),
              sources: z.record(z.string(), z.enum(['persons', 'account'])),
            }),
          },
        },
      },
      async (req) => {
        const def = resolveService(ctx, req.query.service, new Date());
        return prefillFor(ctx, req.user!, def);
      },
    );
  });
}
