/**
 * The second applicant's side of a co-signed application (src/applications/cosign.ts), in their
 * own cabinet: the requests waiting for their signature, one request's form, the bytes to sign,
 * an SMS code bound to them, the signature, or declining. Someone else's request answers 404.
 * Mounted at /api/v1; every route signed in.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { signedInScope } from '../http/auth.ts';
import { coSigningBytes, declineCoSignRequest, getCoSignRequest, listCoSignRequests, requestCoSigningCode, signCoSignRequest } from './cosign.ts';
import { OtpSent, SigningBytes } from '../http/schemas.ts';
import { SignatureSchema } from './routes.ts';
import { CoSignRequestDetailSchema, CoSignRequestSchema, CoSignResultSchema } from './schemas.ts';

export function coSignRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return signedInScope(ctx, undefined, async (app) => {
    const params = z.object({ applicationId: z.string().max(64) });
    const tags = ['co-signature'];

    app.get(
      '/me/co-sign-requests',
      { schema: { tags, summary: 'Applications waiting for my signature as the second applicant (my IIN), soonest expiry first', response: { 200: z.object({ items: z.array(CoSignRequestSchema) }) } } },
      async (req) => listCoSignRequests(ctx, req.user!),
    );

    app.get(
      '/me/co-sign-requests/:applicationId',
      { schema: { tags, summary: 'One request with the form I am asked to sign', params, response: { 200: CoSignRequestDetailSchema } } },
      async (req) => getCoSignRequest(ctx, req.user!, req.params.applicationId),
    );

    app.post(
      '/me/co-sign-requests/:applicationId/signing-payload',
      {
        schema: { tags, summary: 'The exact bytes (base64) I sign: qyzmet.application.cosign.v1 (number, service, applicant IIN, form, my IIN)', params, response: { 200: SigningBytes } },
      },
      async (req) => coSigningBytes(ctx, req.user!, req.params.applicationId),
    );

    app.post(
      '/me/co-sign-requests/:applicationId/signing-code',
      { schema: { tags, summary: 'Send a one-time SMS code that signs exactly this request', params, response: { 200: OtpSent } } },
      async (req) => requestCoSigningCode(ctx, req.user!, req.params.applicationId, req.ip),
    );

    app.post(
      '/me/co-sign-requests/:applicationId/sign',
      {
        schema: {
          tags,
          summary: 'Sign the request (EDS SIGN key with my IIN, or the SMS code); the last signature files the application. The same signature again answers the same; another after mine is 409.',
          params,
          body: z.object({ signature: SignatureSchema }).strict(),
          response: { 200: CoSignResultSchema },
        },
      },
      async (req, reply) => {
        const r = await signCoSignRequest(ctx, req.user!, req.params.applicationId, req.body.signature);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return r;
      },
    );

    app.post(
      '/me/co-sign-requests/:applicationId/decline',
      { schema: { tags, summary: 'Decline to sign: the application is annulled', params, response: { 200: CoSignResultSchema } } },
      async (req, reply) => {
        const r = await declineCoSignRequest(ctx, req.user!, req.params.applicationId);
        if (r.replayed) reply.header('idempotent-replayed', 'true');
        return r;
      },
    );
  });
}
