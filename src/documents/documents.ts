/**
 * Stored documents (README.md, migration 024): prepare (render + store unsigned), attach the
 * official's verified signature, revoke; and what the routes answer: the public verification,
 * the PDF for its owner and the issuing organisation's staff, an application's list.
 *
 * For the back office's signing step, all inside the action's transaction `q`:
 *   const d = await prepareDocument(ctx, q, { application, decision, def, org, official, now });
 *   // the head signs d.bytes (documentBytes(q, d.number) serves them again); the pipeline verifies the CMS over them
 *   await attachSignature(q, d.number, cms, signerSerial, now);
 */
import { createHash } from 'node:crypto';
import type { User } from '../accounts/accounts.ts';
import type { Role } from '../accounts/roles.ts';
import { writeAudit } from '../audit/audit.ts';
import { localDate } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import type { I18n } from '../lib/i18n.ts';
import type { Organisation } from '../organisations/organisations.ts';
import { staffMay } from '../organisations/staff.ts';
import type { ServiceDefinition } from '../registry/types.ts';
import type { DocumentKind } from './model.ts';
import { formatDocumentNumber, parseDocumentNumber } from './number.ts';
import { renderDocument } from './render.ts';

/** Staff of the issuing organisation who may open its documents. */
export const DOCUMENT_STAFF_ROLES: readonly Role[] = ['provider-clerk', 'provider-head', 'responsible-executor'];

/** The application a document is issued on (the columns of the back office's CaseRow, so `s.app` fits). */
export interface DocumentApplication {
  id: string;
  number: string;
  applicant_iin: string | null;
  applicant_id?: string | null;
  filed_at: Date;
}

export interface PrepareParams {
  application: DocumentApplication;
  /** The decision as prepared (application_decisions): approve → the decision fields; refuse → `{ grounds, groundTexts?, text? }`. */
  decision: { kind: 'approve' | 'refuse'; data: Record<string, unknown> };
  def: ServiceDefinition;
  /** The issuing organisation (the provider), or its id in ctx.orgs. */
  org: string | Organisation;
  /** The official who signs: the head. `iin`, when given, must be the signer's on verification. */
  official: { name: string; iin?: string | null };
  now: Date;
  /** As printed; default: the applicant's account name. */
  applicantName?: string | null;
  /** The civil registry's act record, when the service wrote one. */
  actRecord?: { number: string; date?: string | null } | null;
  /** Default: PKI_BASE_URL, the deployment's public address. */
  publicBaseUrl?: string;
}

export interface PreparedDocument {
  number: string;
  kind: DocumentKind;
  bytes: Uint8Array;
  sha256: string;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function applicantNameOf(q: Queryable, a: DocumentApplication): Promise<string | null> {
  const r = a.applicant_id
    ? await q.query<{ n: string }>("SELECT concat_ws(' ', surname, given_name, patronymic) AS n FROM users WHERE id = $1", [a.applicant_id])
    : a.applicant_iin
      ? await q.query<{ n: string }>("SELECT concat_ws(' ', surname, given_name, patronymic) AS n FROM users WHERE iin = $1", [a.applicant_iin])
      : { rows: [] };
  return r.rows[0]?.n || null;
}

/**
 * Render the document of a decision and store it unsigned; returns its number and the bytes the
 * official signs. The number comes from the `document_numbers` sequence (a rolled-back
 * transaction leaves a gap, never a duplicate).
 */
export async function prepareDocument(ctx: AppContext, q: Queryable, p: PrepareParams): Promise<PreparedDocument> {
  const org = typeof p.org === 'string' ? ctx.orgs.get(p.org) : p.org;
  if (!org) throw new Error(`prepareDocument: unknown organisation ${String(p.org)}`);
  const kind: DocumentKind = p.decision.kind === 'refuse' ? 'refusal' : 'result';
  const seq = (await q.query<{ n: number }>("SELECT nextval('document_numbers') AS n")).rows[0]!.n;
  const number = formatDocumentNumber(Number(localDate(p.now).slice(0, 4)), Number(seq));
  const applicantName = p.applicantName !== undefined ? p.applicantName : await applicantNameOf(q, p.application);
  const bytes = await renderDocument({
    kind,
    number,
    issuedAt: p.now,
    publicBaseUrl: p.publicBaseUrl ?? ctx.pki.config.baseUrl,
    def: p.def,
    application: { number: p.application.number, filedAt: p.application.filed_at, applicantName, applicantIin: p.application.applicant_iin },
    decision: p.decision.data,
    issuer: { id: org.id, name: org.name },
    official: { name: p.official.name },
    actRecord: p.actRecord ?? null,
  });
  const sha256 = sha256Hex(bytes);
  await q.query(
    `INSERT INTO documents (number, application_id, kind, template, service_code, service_version, org_id, issued_at, issuer_name, official, official_iin, sha256, pdf)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [
      number,
      p.application.id,
      kind,
      kind === 'refusal' ? 'reasoned-refusal' : (p.def.result.template ?? 'generic'),
      p.def.code,
      p.def.version,
      org.id,
      p.now,
      JSON.stringify(org.name),
      p.official.name,
      p.official.iin ?? null,
      sha256,
      Buffer.from(bytes),
    ],
  );
  return { number, kind, bytes, sha256 };
}

/** The stored bytes of a document (what the official signs) and their hash. */
export async function documentBytes(q: Queryable, number: string): Promise<{ bytes: Uint8Array; sha256: string } | null> {
  const r = await q.query<{ pdf: Buffer; sha256: string }>('SELECT pdf, sha256 FROM documents WHERE number = $1', [number]);
  const row = r.rows[0];
  return row ? { bytes: new Uint8Array(row.pdf), sha256: row.sha256 } : null;
}

/**
 * Attach the official's CMS over the document's bytes, after the pipeline verified it over
 * exactly these bytes. Once: a second signature → 409 DOCUMENT_ALREADY_SIGNED; a revoked document
 * → 409 DOCUMENT_REVOKED; an unknown number → 404.
 */
export async function attachSignature(q: Queryable, number: string, cms: Uint8Array, signerSerial: string, signedAt: Date = new Date()): Promise<void> {
  const r = await q.query(
    "UPDATE documents SET cms = $2, signer_serial = $3, signed_at = $4 WHERE number = $1 AND cms IS NULL AND status = 'valid' RETURNING number",
    [number, Buffer.from(cms), signerSerial.toLowerCase(), signedAt],
  );
  if (r.rowCount) return;
  const row = (await q.query<{ status: string; signed: boolean }>('SELECT status, cms IS NOT NULL AS signed FROM documents WHERE number = $1', [number])).rows[0];
  if (!row) throw new AppError('DOCUMENT_NOT_FOUND');
  throw new AppError(row.status === 'revoked' ? 'DOCUMENT_REVOKED' : 'DOCUMENT_ALREADY_SIGNED');
}

export interface RevokeParams {
  reason: string;
  /** The corrected document of the same application that replaces this one. */
  replacedBy?: string | null;
  /** Who revokes (audited); default the system. */
  actor?: { id: string | null; role: string };
  now?: Date;
}

/** Revoke a document (a corrected one replaces an erroneous one); its verification then says so. */
export async function revokeDocument(_ctx: AppContext, q: Queryable, number: string, p: RevokeParams): Promise<void> {
  const n = parseDocumentNumber(number);
  if (!n) throw new AppError('DOCUMENT_NUMBER_INVALID', { path: '/number' });
  const reason = p.reason?.trim() ?? '';
  if (!reason || reason.length > 1000) throw new AppError('VALIDATION_FAILED', { path: '/reason' });
  const row = (await q.query<{ application_id: string; status: string }>('SELECT application_id, status FROM documents WHERE number = $1 FOR UPDATE', [n])).rows[0];
  if (!row) throw new AppError('DOCUMENT_NOT_FOUND', { path: '/number' });
  if (row.status === 'revoked') throw new AppError('DOCUMENT_REVOKED', { path: '/number' });
  let replacedBy: string | null = null;
  if (p.replacedBy) {
    replacedBy = parseDocumentNumber(p.replacedBy);
    const other = replacedBy ? (await q.query<{ application_id: string; status: string }>('SELECT application_id, status FROM documents WHERE number = $1', [replacedBy])).rows[0] : undefined;
    if (!replacedBy || replacedBy === n || !other || other.application_id !== row.application_id || other.status !== 'valid') throw new AppError('DOCUMENT_REPLACEMENT_INVALID', { path: '/replacedBy' });
  }
  const now = p.now ?? new Date();
  await q.query("UPDATE documents SET status = 'revoked', revoked_at = $2, revocation_reason = $3, replaced_by = $4 WHERE number = $1", [n, now, reason, replacedBy]);
  await writeAudit(q, {
    event: 'document.revoked',
    actorId: p.actor?.id ?? null,
    actorRole: p.actor?.role ?? 'system',
    subject: { type: 'application', id: row.application_id },
    reason,
    data: { number: n, replacedBy },
  });
}

// ------------------------------------------------------------------ reading

interface DocRow {
  number: string;
  application_id: string;
  kind: DocumentKind;
  service_code: string;
  service_version: number;
  org_id: string;
  issued_at: Date;
  issuer_name: I18n;
  official: string;
  official_iin: string | null;
  sha256: string;
  pdf: Buffer;
  cms: Buffer | null;
  signer_serial: string | null;
  signed_at: Date | null;
  status: 'valid' | 'revoked';
  revoked_at: Date | null;
  revocation_reason: string | null;
  replaced_by: string | null;
}

/** The canonical number, or 400 DOCUMENT_NUMBER_INVALID. */
export function documentNumberOrThrow(raw: string): string {
  const n = parseDocumentNumber(raw);
  if (!n) throw new AppError('DOCUMENT_NUMBER_INVALID', { path: '/params/number' });
  return n;
}

export interface DocumentVerification {
  valid: boolean;
  number: string;
  kind: DocumentKind;
  service: { code: string; version: number; name: I18n | null };
  issuedAt: string;
  issuer: { orgId: string; name: I18n; official: string };
  status: 'valid' | 'revoked';
  sha256: string;
  signed: boolean;
  signedAt: string | null;
  signer: { name: string; serial: string } | null;
  revokedAt: string | null;
  revocationReason: string | null;
  replacedBy: string | null;
  /** Why it is not valid: `DOCUMENT_NOT_SIGNED`, `DOCUMENT_REVOKED`, `DOCUMENT_BYTES_CHANGED`, `SIGNER_NOT_OFFICIAL` or the EDS codes of the verifier. */
  problems: string[];
}

/**
 * Is the document authentic? Signed; its stored bytes still hash to the stored SHA-256; the CMS
 * verifies over them with a SIGN certificate chaining to a trusted root, not revoked now (validity
 * judged when the signature was received), of the official when their IIN is known; not revoked.
 */
export async function verifyDocument(ctx: AppContext, raw: string): Promise<DocumentVerification> {
  const number = documentNumberOrThrow(raw);
  const row = (await ctx.db.query<DocRow>('SELECT * FROM documents WHERE number = $1', [number])).rows[0];
  if (!row) throw new AppError('DOCUMENT_NOT_FOUND', { path: '/params/number' });
  const pdf = new Uint8Array(row.pdf);
  const problems: string[] = [];
  if (sha256Hex(pdf) !== row.sha256) problems.push('DOCUMENT_BYTES_CHANGED');
  let signer: DocumentVerification['signer'] = null;
  if (!row.cms || !row.signed_at) problems.push('DOCUMENT_NOT_SIGNED');
  else {
    const v = await ctx.pki.verifier.verify(new Uint8Array(row.cms), { data: pdf, purpose: 'sign', at: row.signed_at, ...(row.official_iin ? { expectedIin: row.official_iin.trim() } : {}) });
    for (const e of v.errors) problems.push(e.code);
    if (v.signer) {
      signer = { name: v.signer.name, serial: v.signer.serial };
      if (row.signer_serial && v.signer.serial !== row.signer_serial) problems.push('SIGNER_NOT_OFFICIAL');
    }
    if (!v.valid && !v.errors.length) problems.push('EDS_BAD_SIGNATURE');
  }
  if (row.status !== 'valid') problems.push('DOCUMENT_REVOKED');
  return {
    valid: problems.length === 0,
    number,
    kind: row.kind,
    service: { code: row.service_code, version: row.service_version, name: ctx.registry.get(row.service_code, row.service_version)?.name ?? null },
    issuedAt: row.issued_at.toISOString(),
    issuer: { orgId: row.org_id, name: row.issuer_name, official: row.official },
    status: row.status,
    sha256: row.sha256,
    signed: Boolean(row.cms),
    signedAt: row.signed_at?.toISOString() ?? null,
    signer,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revocationReason: row.revocation_reason,
    replacedBy: row.replaced_by,
    problems: [...new Set(problems)],
  };
}

/**
 * The PDF for the person it was issued to (once signed) and for the staff of the issuing
 * organisation (audited); anyone else 403 DOCUMENT_FORBIDDEN.
 */
export async function documentPdf(ctx: AppContext, user: User, raw: string, requestId?: string): Promise<{ number: string; bytes: Buffer; sha256: string }> {
  const number = documentNumberOrThrow(raw);
  const row = (
    await ctx.db.query<{ pdf: Buffer; sha256: string; org_id: string; signed: boolean; application_id: string; applicant_id: string | null; applicant_iin: string | null }>(
      `SELECT d.pdf, d.sha256, d.org_id, d.cms IS NOT NULL AS signed, d.application_id, a.applicant_id, a.applicant_iin
         FROM documents d JOIN applications a ON a.id = d.application_id WHERE d.number = $1`,
      [number],
    )
  ).rows[0];
  if (!row) throw new AppError('DOCUMENT_NOT_FOUND', { path: '/params/number' });
  const owner = (row.applicant_id !== null && row.applicant_id === user.id) || (row.applicant_iin !== null && row.applicant_iin.trim() === user.iin);
  if (staffMay(user, { orgId: row.org_id, role: DOCUMENT_STAFF_ROLES })) {
    await writeAudit(ctx.db, {
      event: 'document.read',
      actorId: user.id,
      actorRole: DOCUMENT_STAFF_ROLES.find((r) => user.roles.includes(r)) ?? null,
      subject: { type: 'application', id: row.application_id },
      correlationId: requestId ?? null,
      data: { number },
    });
  } else if (owner) {
    if (!row.signed) throw new AppError('DOCUMENT_NOT_SIGNED', { path: '/params/number' });
  } else {
    throw new AppError('DOCUMENT_FORBIDDEN', { path: '/params/number' });
  }
  return { number, bytes: row.pdf, sha256: row.sha256 };
}

/** An application's signed documents, oldest first (for `GET /api/v1/applications/{id}`: `documents`). */
export async function applicationDocuments(q: Queryable, applicationId: string): Promise<Array<{ number: string; kind: DocumentKind; issuedAt: string; status: 'valid' | 'revoked' }>> {
  const r = await q.query<{ number: string; kind: DocumentKind; issued_at: Date; status: 'valid' | 'revoked' }>(
    'SELECT number, kind, issued_at, status FROM documents WHERE application_id = $1 AND cms IS NOT NULL ORDER BY issued_at, number',
    [applicationId],
  );
  return r.rows.map((x) => ({ number: x.number, kind: x.kind, issuedAt: x.issued_at.toISOString(), status: x.status }));
}
