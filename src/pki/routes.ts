/**
 * HTTP face of the PKI module.
 *
 *   POST /api/v1/admin/pki/certificates                issue a certificate + PKCS#12 (admin; a reason;
 *                                                      for an IIN with an account the person's SMS
 *                                                      code: 202 first, then 201 — issuance.ts)
 *   POST /api/v1/admin/pki/certificates/{serial}/revoke  revoke (admin), audited
 *   GET  /pki/crl                                      current CRL (DER, application/pkix-crl)
 *   POST /pki/ocsp                                     OCSP (application/ocsp-request → application/ocsp-response)
 *   GET  /pki/ocsp/{base64 request}                    OCSP over GET (RFC 6960 appendix A.1)
 *   GET  /pki/ca/root.pem | issuing.pem | root.cer | issuing.cer   CA certificates
 *   POST /api/v1/signatures/verify                     verify a CMS signature
 *
 * Register as is (not wrapped in fastify-plugin): the OCSP content-type parser then
 * stays inside this plugin. Admin routes run `deps.adminPreHandler` (the lead passes
 * `requireUser(ctx, ['admin'])`), then `deps.actor` names the admin for the audit.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import type { OtpLimits } from '../identity/otp-limits.ts';
import { AppError } from '../errors/errors.ts';
import { binary } from '../http/schemas.ts';
import { isValidBin } from '../ids/iin.ts';
import { certPem, REVOCATION_REASONS } from './ca.ts';
import { decodeBase64 } from './engine.ts';
import { pkiError } from './errors.ts';
import { type Actor, issueForPerson, revokeForPerson } from './issuance.ts';
import { LEGAL_ROLES } from './profile.ts';
import type { Pki } from './service.ts';

export type PreHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface PkiRouteDeps {
  pki: Pki;
  /** Where accounts, one-time codes and the audit log live (the CA's own database). */
  db: Db;
  /** Runs before the admin routes (issue, revoke): requireUser(ctx, ['admin']). Required, so they are never open by mistake. */
  adminPreHandler: PreHandler;
  /** Limits on the confirmation SMS codes (ctx.config.otp); the defaults when absent. */
  otpLimits?: OtpLimits;
  /** The admin the pre-handler let through (for the audit rows); null → 401. */
  actor: (req: FastifyRequest) => Actor | null;
  /**
   * The organisation's registered name for O=… when a certificate with a BIN is asked for
   * without one (the legal entities database, through the gateway); null = no active entity.
   */
  organisationName?: (bin: string) => Promise<string | null>;
}

const MAX_B64 = 1_000_000; // the app's body limit is 1 MB anyway

const isoDateTime = z.string().max(40).describe('ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z');

const IssueBody = z
  .object({
    iin: z.string().max(32),
    bin: z.string().max(32).optional(),
    name: z.union([
      z.string().min(3).max(200).describe('"SURNAME NAME [PATRONYMIC]"'),
      z.object({ surname: z.string().min(1).max(100), givenName: z.string().min(1).max(100), patronymic: z.string().max(100).optional() }).strict(),
    ]),
    organization: z.string().max(300).optional(),
    role: z.enum(LEGAL_ROLES as [string, ...string[]]).optional(),
    usage: z.enum(['sign', 'auth']),
    algorithm: z.enum(['rsa', 'ecdsa']),
    notBefore: isoDateTime.optional(),
    notAfter: isoDateTime.optional(),
    password: z.string().min(6).max(200),
    reason: z.string().trim().min(3).max(500).describe('why the certificate is issued (audited), e.g. "lost token, request no. 17"'),
    confirmation: z
      .object({ otpId: z.string().max(64), code: z.string().max(12) })
      .strict()
      .optional()
      .describe("the person's one-time code from the SMS sent by the first call (an IIN with an account)"),
  })
  .strict();

const Issued = z.object({ serial: z.string(), certificatePem: z.string(), pkcs12: z.string().describe('PKCS#12 keystore, base64') });
const ConfirmationRequired = z.object({
  confirmationRequired: z.literal(true),
  otpId: z.string(),
  phone: z.string().describe('the masked phone the code was sent to'),
  expiresAt: z.string(),
});

const I18n = z.object({ kk: z.string(), ru: z.string(), en: z.string() });

const VerifyBody = z
  .object({
    data: z.string().max(MAX_B64).optional().describe('the signed bytes, base64 (required for a detached signature)'),
    signature: z.string().min(1).max(MAX_B64).describe('CMS SignedData (PKCS#7), base64 DER'),
    expectedIin: z.string().max(32).optional(),
    expectedBin: z.string().max(32).optional(),
    purpose: z.enum(['sign', 'auth', 'any']).optional().describe("'sign' (default): a document, needs the SIGN key; 'auth': a sign-in challenge, needs the AUTH key"),
  })
  .strict();

const Verified = z.object({
  valid: z.boolean(),
  signer: z
    .object({ iin: z.string().nullable(), bin: z.string().optional(), name: z.string(), serial: z.string() })
    .nullable(),
  signingTime: z.string().nullable(),
  errors: z.array(z.object({ code: z.string(), message: I18n })),
});

const OcspResponse = binary('application/ocsp-response', 'the OCSP response, DER');
const CertPem = binary('application/x-pem-file', 'the certificate, PEM');
const CertDer = binary('application/pkix-cert', 'the certificate, DER');

function parseDate(s: string | undefined, path: string): Date | undefined {
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime())) throw new AppError('INVALID_DATE', { path });
  return d;
}

export function pkiRoutes(deps: PkiRouteDeps): FastifyPluginAsyncZod {
  const { pki } = deps;
  const admin = { preHandler: deps.adminPreHandler };
  const requireCa = () => {
    if (!pki.ca) throw pkiError('PKI_CA_NOT_CONFIGURED');
    return pki.ca;
  };
  const actorOf = (req: FastifyRequest): Actor => {
    const a = deps.actor(req);
    if (!a) throw new AppError('UNAUTHENTICATED');
    return a;
  };

  return async (app) => {
    app.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

    app.post(
      '/api/v1/admin/pki/certificates',
      {
        ...admin,
        schema: {
          tags: ['pki'],
          summary:
            'Issue an EDS certificate (national profile) with a new key pair, returned as a password-protected PKCS#12 keystore. Audited with the reason. For an IIN with an account the person confirms: the first call sends them an SMS code and answers 202; repeat it with `confirmation`.',
          body: IssueBody,
          response: { 201: Issued, 202: ConfirmationRequired },
        },
      },
      async (req, reply) => {
        const ca = requireCa();
        const actor = actorOf(req);
        const b = req.body;
        // An employee certificate names its organisation (O=…) as registered; the BIN must belong to an active legal entity.
        let organization = b.organization;
        if (b.bin !== undefined && deps.organisationName) {
          if (!isValidBin(b.bin)) throw pkiError('PKI_INVALID_BIN', { path: '/bin' });
          const registered = await deps.organisationName(b.bin);
          if (registered === null) throw pkiError('PKI_UNKNOWN_ORGANISATION', { path: '/bin' });
          organization ??= registered;
        }
        const out = await issueForPerson(deps.db, ca, actor, {
          iin: b.iin,
          name: b.name,
          usage: b.usage,
          algorithm: b.algorithm,
          password: b.password,
          ...(b.bin !== undefined ? { bin: b.bin } : {}),
          ...(organization !== undefined ? { organization } : {}),
          ...(b.role !== undefined ? { role: b.role as (typeof LEGAL_ROLES)[number] } : {}),
          ...(b.notBefore !== undefined ? { notBefore: parseDate(b.notBefore, '/notBefore') } : {}),
          ...(b.notAfter !== undefined ? { notAfter: parseDate(b.notAfter, '/notAfter') } : {}),
        }, b.reason, b.confirmation, { ...(deps.otpLimits ? { limits: deps.otpLimits } : {}), client: req.ip });
        if ('issued' in out) return reply.status(201).send(out.issued);
        return reply.status(202).send(out);
      },
    );

    app.post(
      '/api/v1/admin/pki/certificates/:serial/revoke',
      {
        ...admin,
        schema: {
          tags: ['pki'],
          summary: 'Revoke a certificate issued by this CA (audited; every server process refuses it, and it appears in the CRL and OCSP answers, at once)',
          params: z.object({ serial: z.string().max(80) }),
          body: z.object({ reason: z.enum(REVOCATION_REASONS).optional() }).strict().nullish(),
          response: { 200: z.object({ serial: z.string(), revokedAt: z.string(), reason: z.string() }) },
        },
      },
      async (req) => {
        const r = await revokeForPerson(requireCa(), actorOf(req), req.params.serial, req.body?.reason ?? 'unspecified');
        return { serial: r.serial, revokedAt: r.revokedAt.toISOString(), reason: r.reason };
      },
    );

    app.get('/pki/crl', { schema: { tags: ['pki'], summary: 'Current CRL of the issuing CA (DER)', response: { 200: binary('application/pkix-crl', 'the CRL, DER') } } }, async (_req, reply) => {
      const der = await requireCa().crl();
      return reply.header('content-type', 'application/pkix-crl').header('cache-control', 'public, max-age=60').send(Buffer.from(der));
    });

    const ocsp = async (der: Buffer, reply: FastifyReply) => {
      if (!pki.ocsp) throw pkiError('PKI_CA_NOT_CONFIGURED');
      const out = await pki.ocsp.respond(der);
      return reply.header('content-type', 'application/ocsp-response').header('cache-control', 'no-store').send(Buffer.from(out));
    };

    app.post('/pki/ocsp', { schema: { tags: ['pki'], summary: 'OCSP responder (RFC 6960), body application/ocsp-request', response: { 200: OcspResponse } } }, async (req, reply) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      return ocsp(body, reply);
    });

    app.get('/pki/ocsp/*', { schema: { tags: ['pki'], summary: 'OCSP over GET: the URL-encoded base64 DER request after /pki/ocsp/', response: { 200: OcspResponse } } }, async (req, reply) => {
      const raw = (req.params as Record<string, string>)['*'] ?? '';
      let text = raw;
      try {
        text = decodeURIComponent(raw);
      } catch {
        /* already decoded */
      }
      const der = decodeBase64(text.replace(/ /g, '+'));
      return ocsp(der ?? Buffer.alloc(0), reply);
    });

    const caCert = (which: 'root' | 'issuing', form: 'pem' | 'cer') => async (_req: FastifyRequest, reply: FastifyReply) => {
      const ca = requireCa();
      const cert = which === 'root' ? ca.root : ca.issuing;
      return form === 'pem'
        ? reply.header('content-type', 'application/x-pem-file').send(certPem(cert))
        : reply.header('content-type', 'application/pkix-cert').send(Buffer.from(cert.rawData));
    };
    app.get('/pki/ca/root.pem', { schema: { tags: ['pki'], summary: 'Root CA certificate (PEM)', response: { 200: CertPem } } }, caCert('root', 'pem'));
    app.get('/pki/ca/issuing.pem', { schema: { tags: ['pki'], summary: 'Issuing CA certificate (PEM)', response: { 200: CertPem } } }, caCert('issuing', 'pem'));
    app.get('/pki/ca/root.cer', { schema: { tags: ['pki'], summary: 'Root CA certificate (DER)', response: { 200: CertDer } } }, caCert('root', 'cer'));
    app.get('/pki/ca/issuing.cer', { schema: { tags: ['pki'], summary: 'Issuing CA certificate (DER), the AIA caIssuers target', response: { 200: CertDer } } }, caCert('issuing', 'cer'));

    app.post(
      '/api/v1/signatures/verify',
      {
        schema: {
          tags: ['pki'],
          summary:
            'Verify a CMS (PKCS#7) EDS signature: signature math, chain to a trusted root, validity at signing time, revocation, key usage, IIN/BIN. Malformed input → 400 EDS_MALFORMED; a signature that fails a check → 200 with valid=false and the reasons.',
          body: VerifyBody,
          response: { 200: Verified },
        },
      },
      async (req) => {
        const b = req.body;
        const sig = decodeBase64(b.signature);
        if (!sig || sig.length === 0) throw pkiError('EDS_MALFORMED', { path: '/signature' });
        const data = b.data !== undefined ? decodeBase64(b.data) : undefined;
        if (data === null) throw pkiError('EDS_MALFORMED', { path: '/data' });
        const r = await pki.verifier.verify(sig, {
          ...(data !== undefined ? { data } : {}),
          ...(b.expectedIin !== undefined ? { expectedIin: b.expectedIin } : {}),
          ...(b.expectedBin !== undefined ? { expectedBin: b.expectedBin } : {}),
          purpose: b.purpose ?? 'sign',
        });
        const fatal = r.errors.find((e) => e.code === 'EDS_MALFORMED' || e.code === 'EDS_DATA_REQUIRED');
        if (fatal) throw pkiError(fatal.code, { path: fatal.code === 'EDS_DATA_REQUIRED' ? '/data' : '/signature' });
        const s = r.signer;
        return {
          valid: r.valid,
          signer: s ? { iin: s.iin, ...(s.bin ? { bin: s.bin } : {}), name: s.name, serial: s.serial } : null,
          signingTime: s?.signingTime?.toISOString() ?? null,
          errors: r.errors.map((e) => ({ code: e.code, message: e.message })),
        };
      },
    );
  };
}
