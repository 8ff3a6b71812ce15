/**
 * Result documents (README.md; mounted at /api/v1):
 *   GET /api/v1/documents/:number/verify   public: is the document authentic, was it revoked
 *   GET /api/v1/documents/:number.pdf      the PDF: its owner (once signed) and the issuing organisation's staff (audited)
 * A malformed number (shape or check digit) → 400 DOCUMENT_NUMBER_INVALID, an unknown one → 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { signedInScope } from '../http/auth.ts';
import { binary, I18n } from '../http/schemas.ts';
import { documentPdf, verifyDocument } from './documents.ts';

const NumberParam = z.object({ number: z.string().max(256).describe('The document number, e.g. KZ-DOC-26-00000001-5 (any case)') });

const Verification = z.object({
  valid: z.boolean().describe('Signed, the bytes unchanged, the official’s signature verifies with a trusted, unrevoked certificate, and the document is not revoked'),
  number: z.string(),
  kind: z.enum(['result', 'refusal']),
  service: z.object({ code: z.string(), version: z.number(), name: I18n.nullable() }),
  issuedAt: z.string(),
  issuer: z.object({ orgId: z.string(), name: I18n, official: z.string() }),
  status: z.enum(['valid', 'revoked']),
  sha256: z.string().describe('SHA-256 (hex) of the PDF’s bytes, which the signature covers'),
  signed: z.boolean(),
  signedAt: z.string().nullable(),
  signer: z.object({ name: z.string(), serial: z.string() }).nullable(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  replacedBy: z.string().nullable(),
  problems: z.array(z.string()),
});

const Pdf = binary('application/pdf', 'the document as PDF (signed bytes; X-Document-Sha256 names their hash)');

export function documentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/documents/:number/verify',
      {
        schema: {
          tags: ['documents'],
          summary: 'Public verification of a result document by its number (the QR code on the document leads to /verify/{number})',
          params: NumberParam,
          response: { 200: Verification },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return verifyDocument(ctx, req.params.number);
      },
    );

    await app.register(
      signedInScope(ctx, undefined, async (app) => {
        app.get(
          '/documents/:number.pdf',
          {
            schema: {
              tags: ['documents'],
              summary: 'Download a document: the person it was issued to (once signed) and staff of the issuing organisation (audited); anyone else 403',
              params: NumberParam,
              response: { 200: Pdf },
            },
          },
          async (req, reply) => {
            const d = await documentPdf(ctx, req.user!, req.params.number, req.id);
            return reply
              .type('application/pdf')
              .header('content-disposition', `attachment; filename="${d.number}.pdf"`)
              .header('x-content-type-options', 'nosniff')
              .header('content-security-policy', "default-src 'none'; sandbox")
              .header('cache-control', 'private, no-store')
              .header('x-document-sha256', d.sha256)
              .send(d.bytes);
          },
        );
      }),
    );
  };
}
