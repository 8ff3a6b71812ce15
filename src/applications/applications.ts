/**
 * Applications: submission, the applicant's list and one application with its
 * history. Every state change goes through one path: authorise → validate →
 * one transaction that writes the change, the status history row, the audit
 * event and the follow-up job (outbox) → commit.
 *
 * Submission is a single SQL statement (data-modifying CTEs, batch.ts), so it is
 * atomic and costs one round trip, shared under load by the submissions that arrive
 * together (group commit); the idempotency key is the statement's first insert, so a
 * retried request can never create a second application.
 */
import { createHash } from 'node:crypto';
import type { User } from '../accounts/accounts.ts';
import { CalendarRangeError } from '../calendar/calendar.ts';
import type { computeDeadline } from '../calendar/deadline.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { writeStatus } from '../actions/ledger.ts';
import { AppError } from '../errors/errors.ts';
import { applicationDocuments } from '../documents/documents.ts';
import { type ApplicationSignature, type VerifiedSignature, verifyApplicationSignature } from '../identity/identity.ts';
import { canonicalJson } from '../identity/payload.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { refusal, type SubmitRow } from './batch.ts';
import { applicationDeadline, decidedAtOnceDates } from './deadline.ts';
import { assertDistinctCoSigners, coSignersOf, requiredCoSigners } from './cosign.ts';
import { INSTANT, type InstantOutcome } from '../automation/instant.ts';
import { submitDecidedAtOnce } from '../automation/decide.ts';
import { recordUnwrittenReads } from '../consent/consent.ts';
import { toCallRowJson } from '../gateway/call-log.ts';
import type { CallLogRow } from '../gateway/types.ts';
import { normaliseForm, validateForm } from '../registry/form.ts';
import type { ApplicationStatus, Channel, I18n } from '../registry/types.ts';
import { formatApplicationNumber, APPLICATION_NUMBER_RE } from './numbering.ts';
import { STATUS_NAMES } from './status.ts';
import { caseProgress, historyWords } from '../tasks/progress.ts';
import { applicationFiles, type BindRow, checkFormUploads } from '../uploads/uploads.ts';
import { INTAKE_ROLES, type IntakeInput, resolveCase } from '../organisations/intake.ts';

export interface SubmitInput {
  serviceCode: string;
  channel: Channel;
  form: Record<string, unknown>;
  region?: string;
  /** The applicant's signature over signingPayload(); required on the portal. */
  signature?: ApplicationSignature;
  /** Staff intake only (centre, provider office, akimat): the applicant, a representative, the district (src/organisations/intake.ts). */
  intake?: IntakeInput;
}

export interface SubmitResult {
  id: string;
  number: string;
  status: ApplicationStatus;
  dueDate: string | null;
  replayed: boolean;
}

/** Identifies "the same request" for idempotency: service, channel, form and region (not the signature). */
const requestHash = (input: SubmitInput) =>
  createHash('sha256')
    .update(canonicalJson({ s: input.serviceCode, c: input.channel, f: input.form, r: input.region ?? null, ...(input.intake ? { i: input.intake } : {}) }))
    .digest('base64url');

async function findByKey(ctx: AppContext, userId: string, key: string) {
  const prev = await ctx.db.query<{ request_hash: string; id: string; number: string; status: ApplicationStatus; due_date: string | null }>(
    `SELECT k.request_hash, a.id, a.number, a.status, a.due_date
       FROM idempotency_keys k JOIN applications a ON a.id = k.application_id
      WHERE k.user_id = $1 AND k.key = $2`,
    [userId, key],
  );
  return prev.rows[0] ?? null;
}

export function resolveService(ctx: AppContext, code: string, at: Date) {
  const versions = ctx.registry.versions(code);
  if (!versions.length) throw new AppError('UNKNOWN_SERVICE', { path: '/serviceCode' });
  const def = ctx.registry.inForce(code, at);
  if (!def) throw new AppError('SERVICE_NOT_IN_FORCE', { path: '/serviceCode' });
  return def;
}

/** A UUID (version 8, name-based on SHA-256) for the consent a signed request gives: the same for every retry of it. */
export function consentIdFor(userId: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`consent\u0000${userId}\u0000${idempotencyKey}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x80;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export async function submitApplication(ctx: AppContext, user: User, input: SubmitInput, idempotencyKey: string | undefined, now = new Date()): Promise<SubmitResult> {
  if (!idempotencyKey) throw new AppError('IDEMPOTENCY_KEY_REQUIRED', { path: 'header:Idempotency-Key' });
  if (idempotencyKey.length > 200 || !/^[\x21-\x7e]+$/.test(idempotencyKey))
    throw new AppError('BAD_REQUEST', {
      path: 'header:Idempotency-Key',
      message: { kk: 'Idempotency-Key 1–200 басып шығарылатын ASCII таңбасы болуы керек.', ru: 'Idempotency-Key должен содержать 1–200 печатных ASCII-символов.', en: 'Idempotency-Key must be 1–200 printable ASCII characters.' },
    });

  const def = resolveService(ctx, input.serviceCode, now);
  if (!def.channels.includes(input.channel)) throw new AppError('CHANNEL_NOT_AVAILABLE', { path: '/channel' });
  if (input.channel !== 'portal' && !INTAKE_ROLES.some((r) => user.roles.includes(r)))
    throw new AppError('FORBIDDEN', {
      path: '/channel',
      message: { kk: 'ХҚКО мен қызмет берушіге өтінішті тек қызметкер тіркейді.', ru: 'Заявления в ЦОН и у услугодателя регистрирует только сотрудник.', en: 'Centre and provider applications are registered by staff only.' },
    });

  const errors = validateForm(def, input.form, { $channel: input.channel, $region: input.region ?? null, $filedAt: now.toISOString() });
  if (errors.length) throw new AppError('VALIDATION_FAILED', { errors, path: errors[0]?.path });
  // The case (src/organisations/intake.ts): the applicant, who submitted, a representative, the
  // intake branch and the provider organisation the application is routed to.
  const parties = await resolveCase(ctx, ctx.db, user, def, { channel: input.channel, form: input.form, region: input.region ?? null, ...(input.intake ? { intake: input.intake } : {}) });
  const role = parties.submitterRole;
  const region = parties.region ?? undefined;
  // Co-applicants who sign too (cosign.ts: both parents): other people than the applicant.
  const cosigners = input.channel === 'portal' ? requiredCoSigners(def, input.channel, input.form, { $region: input.region ?? null, $filedAt: now.toISOString() }) : [];
  assertDistinctCoSigners(user.iin, cosigners);

  // The applicant signs the request exactly as sent (before normalisation).
  let signed: VerifiedSignature | null = null;
  if (input.channel === 'portal') {
    // The applicant named in the form is the signer (definition fields with `bindsTo`).
    let expectedBin: string | undefined;
    for (const f of def.form.fields) {
      const v = input.form[f.name];
      if (!f.bindsTo || typeof v !== 'string' || !v.trim()) continue;
      if (f.bindsTo === 'signer-iin' && v.trim() !== user.iin) throw new AppError('APPLICANT_NOT_SIGNER', { path: `/form/${f.name}` });
      if (f.bindsTo === 'signer-bin') expectedBin = v.trim();
    }
    try {
      signed = await verifyApplicationSignature(
        ctx,
        user,
        { serviceCode: input.serviceCode, channel: input.channel, form: input.form, region: input.region ?? null, idempotencyKey },
        input.signature,
        expectedBin ? { expectedBin } : {},
      );
    } catch (e) {
      // A retry of an already accepted request may carry a spent SMS code: answer it as a replay.
      if (e instanceof AppError && e.code === 'OTP_USED') {
        const prev = await findByKey(ctx, user.id, idempotencyKey);
        if (prev && prev.request_hash === requestHash(input)) return { id: prev.id, number: prev.number, status: prev.status, dueDate: prev.due_date, replayed: true };
      }
      throw e;
    }
  }

  // Attached files: each must be this applicant's unbound upload with exactly the bytes the signed
  // form names (their sha256 is in the signed payload); the submission statement binds them.
  const hash = requestHash(input);
  const checkFiles = async (): Promise<BindRow[] | SubmitResult> => {
    const check = await checkFormUploads(ctx.db, user, def, input.form);
    if (!check.errors.length) return check.rows;
    // A retry of an accepted request names the files its application holds already (the same
    // request: that application; another request under the same key: the key was reused).
    const prev = check.usedOnly ? await findByKey(ctx, user.id, idempotencyKey) : null;
    if (prev && [...check.boundTo].every((a) => a === prev.id)) {
      if (prev.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', { path: 'header:Idempotency-Key' });
      return { id: prev.id, number: prev.number, status: prev.status, dueDate: prev.due_date, replayed: true };
    }
    throw new AppError('VALIDATION_FAILED', { errors: check.errors, path: check.errors[0]?.path });
  };
  const files = await checkFiles();
  if (!Array.isArray(files)) return files;

  const form = normaliseForm(def, input.form);
  // An application is never refused because the calendar data for a year is missing: it is
  // accepted without a due date (computed later, when the calendar is updated).
  // The same function answers the public deadline preview (POST /services/{code}/deadline).
  // Waiting for a co-signer: no dates yet, they run from the last signature (cosign.ts).
  let deadline: ReturnType<typeof computeDeadline> = null;
  try {
    if (!cosigners.length) deadline = applicationDeadline(def, { channel: input.channel, filedAt: now, region, form }, ctx.calendar);
  } catch (e) {
    if (!(e instanceof CalendarRangeError)) throw e;
  }
  const id = uuid7(now.getTime());

  // Services decided on registry data alone: read the registries first (with the consent the
  // signature gives), so a state system that is down fails the request before anything is written.
  const instant = input.channel === 'portal' ? INSTANT[def.code] : undefined;
  if (instant && cosigners.length) throw new Error(`${def.code}: a service decided at once cannot wait for a co-signer`);
  let outcome: InstantOutcome | null = null;
  let consentId: string | null = null;
  // The call-log rows of the reads: committed with the decision they serve (the submission
  // statement), or at once if the application is not written — never only buffered.
  const calls: CallLogRow[] = [];
  const notWritten = async () => {
    if (!instant || !consentId) return;
    await recordUnwrittenReads(ctx, user, def.code, instant.systems, consentId, calls);
  };
  if (instant) {
    // The signed application is the applicant's consent to these reads, for this application
    // only: written with it (below); if the application is not written, recorded as used and
    // closed with the reads it covered, so every logged read names a consent that exists and no
    // failed request leaves a standing consent behind.
    // Derived from the idempotency key: a retried request (say after a 503) reuses the same
    // consent instead of leaving a new one behind each time.
    consentId = consentIdFor(user.id, idempotencyKey);
    try {
      outcome = await instant.handler(ctx, user, form, { consentId, correlationId: id, systems: instant.systems, logInto: calls });
    } catch (e) {
      await notWritten();
      throw e;
    }
  }
  const decided = outcome !== null;

  let number: string;
  try {
    number = formatApplicationNumber(await ctx.numbers.next(), now);
  } catch (e) {
    await notWritten();
    throw e;
  }
  const submitRow: SubmitRow = {
    user_id: user.id,
    key: idempotencyKey,
    request_hash: hash,
    id,
    service_code: def.code,
    service_version: def.version,
    channel: input.channel,
    applicant_iin: parties.applicantIin,
    applicant_id: parties.applicantId,
    provider_org: parties.providerOrg,
    intake_org: parties.intakeOrg,
    representative_iin: parties.representativeIin,
    power_of_attorney: parties.powerOfAttorney,
    form,
    filed_at: now.toISOString(),
    region: region ?? null,
    // Decided at once: accepted and issued on the filing day (applications/deadline.ts).
    acceptance_date: decided ? decidedAtOnceDates(now).acceptanceDate : (deadline?.acceptanceDate ?? null),
    due_date: decided ? decidedAtOnceDates(now).dueDate : (deadline?.dueDate ?? null),
    deadline_basis: deadline ? { termId: deadline.termId, basis: deadline.basis, ...(deadline.noticeBy ? { noticeBy: deadline.noticeBy } : {}) } : null,
    actor_role: role,
    number,
    sig_method: signed?.method ?? null,
    payload_sha256: signed?.payloadSha256 ?? null,
    cms: signed?.cms ? signed.cms.toString('base64') : null,
    signer_serial: signed?.signerSerial ?? null,
    otp_id: signed?.otpId ?? null,
    consent_id: consentId,
    consent_purpose: consentId ? def.code : null,
    consent_systems: consentId && instant ? instant.systems : null,
    calls: calls.length ? calls.map(toCallRowJson) : null,
    files: files.length ? files : null,
    cosigners: cosigners.length ? cosigners : null,
  };
  // One statement, shared with the submissions that arrive meanwhile (group commit, batch.ts):
  // the application with its history, audit, job and signature, the spend of its SMS signing
  // code commit together or not at all. A service decided at once: that statement (with the
  // consent and the reads' call-log rows) and the decision, an action of the pipeline
  // (automation/decide.ts: the result, submitted → result-ready / refused), in one transaction.
  let row: Awaited<ReturnType<typeof ctx.submits.submit>>;
  try {
    row = outcome ? await submitDecidedAtOnce(ctx, submitRow, outcome) : await ctx.submits.submit(submitRow);
  } catch (e) {
    await notWritten();
    if (refusal(e) === 'UPLOAD_NOT_BOUND') {
      // A file was bound (or deleted) by another request meanwhile: say which, as before the write.
      const again = await checkFiles();
      if (!Array.isArray(again)) return again;
      throw new AppError('CONFLICT');
    }
    if (signed?.otpId && refusal(e) === 'OTP_NOT_SPENT') {
      // The code was spent (or expired) between the check and the write.
      const prev = await findByKey(ctx, user.id, idempotencyKey);
      if (prev && prev.request_hash === hash) return { id: prev.id, number: prev.number, status: prev.status, dueDate: prev.due_date, replayed: true };
      const o = await ctx.db.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM otp_codes WHERE id = $1', [signed.otpId]);
      throw new AppError(o.rows[0]?.used ? 'OTP_USED' : 'OTP_EXPIRED', { path: '/signature' });
    }
    throw e;
  }
  if (row) return { id: row.id, number: row.number, status: row.status, dueDate: row.due_date, replayed: false };

  // The key was used before: same request → the same application; different request → conflict.
  const p = await findByKey(ctx, user.id, idempotencyKey);
  if (!p) throw new AppError('CONFLICT'); // a concurrent request with this key has not committed yet
  if (p.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', { path: 'header:Idempotency-Key' });
  return { id: p.id, number: p.number, status: p.status, dueDate: p.due_date, replayed: true };
}

// ------------------------------------------------------------------ reading

interface AppRow {
  id: string;
  number: string;
  service_code: string;
  service_version: number;
  channel: Channel;
  status: ApplicationStatus;
  form: Record<string, unknown>;
  region: string | null;
  filed_at: Date;
  acceptance_date: string | null;
  due_date: string | null;
  deadline_basis: { termId: string; basis: I18n; noticeBy?: string } | null;
  applicant_iin: string;
}

export function serviceName(ctx: AppContext, code: string, version: number): I18n {
  return ctx.registry.versions(code).find((d) => d.version === version)?.name ?? { kk: code, ru: code, en: code };
}

function toSummary(ctx: AppContext, r: AppRow) {
  return {
    id: r.id,
    number: r.number,
    serviceCode: r.service_code,
    serviceVersion: r.service_version,
    serviceName: serviceName(ctx, r.service_code, r.service_version),
    channel: r.channel,
    status: r.status,
    statusName: STATUS_NAMES[r.status],
    filedAt: r.filed_at.toISOString(),
    dueDate: r.due_date,
  };
}

const COLS = `id, number, service_code, service_version, channel, status, form, region, filed_at, acceptance_date, due_date, deadline_basis, applicant_iin`;

/**
 * A list cursor as `listOwnApplications` hands it out: base64url of `<filedAt ISO>|<uuid>`. The
 * time must be exactly what `toISOString()` writes for a year 1000–9999, so a
 * date the database cannot hold (year 0, ±275760) or an impossible one (30 February) never
 * reaches a query: 400 INVALID_CURSOR.
 */
export function parseListCursor(cursor: string): { filedAt: Date; id: string } {
  const bad = () => new AppError('INVALID_CURSOR', { path: '/querystring/cursor' });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw bad();
  const [ts = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw bad();
  if (!/^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(ts)) throw bad();
  const filedAt = new Date(ts);
  if (Number.isNaN(filedAt.getTime()) || filedAt.toISOString() !== ts) throw bad();
  return { filedAt, id };
}

/** The applicant's own applications, newest first, keyset-paged (cursor = last item's filedAt|id). */
export async function listOwnApplications(ctx: AppContext, user: User, opts: { limit: number; cursor?: string }) {
  const params: unknown[] = [user.id, opts.limit + 1];
  let where = 'applicant_id = $1';
  if (opts.cursor) {
    const c = parseListCursor(opts.cursor);
    params.push(c.filedAt, c.id);
    where += ' AND (filed_at, id) < ($3, $4)';
  }
  const r = await ctx.db.query<AppRow>(`SELECT ${COLS} FROM applications WHERE ${where} ORDER BY filed_at DESC, id DESC LIMIT $2`, params);
  const rows = r.rows.slice(0, opts.limit);
  const last = rows[rows.length - 1];
  const nextCursor = r.rows.length > opts.limit && last ? Buffer.from(`${last.filed_at.toISOString()}|${last.id}`).toString('base64url') : null;
  return { items: rows.map((x) => toSummary(ctx, x)), nextCursor };
}

/** One application with its full history; another person's application is indistinguishable from a missing one. */
export async function getOwnApplication(ctx: AppContext, user: User, idOrNumber: string) {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
  if (!byId && !APPLICATION_NUMBER_RE.test(idOrNumber)) throw new AppError('NOT_FOUND');
  const r = await ctx.db.query<AppRow>(`SELECT ${COLS} FROM applications WHERE ${byId ? 'id' : 'number'} = $1 AND applicant_id = $2`, [idOrNumber, user.id]);
  const a = r.rows[0];
  if (!a) throw new AppError('NOT_FOUND');
  const h = await ctx.db.query<{ at: Date; actor_role: string | null; from_status: ApplicationStatus | null; to_status: ApplicationStatus; step_id: string | null; reason: I18n | null }>(
    'SELECT at, actor_role, from_status, to_status, step_id, reason FROM application_history WHERE application_id = $1 ORDER BY id',
    [a.id],
  );
  const sig = await ctx.db.query<{ method: 'eds' | 'sms'; signer_serial: string | null; signer_iin: string; signed_at: Date }>(
    'SELECT method, signer_serial, signer_iin, signed_at FROM application_signatures WHERE application_id = $1',
    [a.id],
  );
  const s = sig.rows[0];
  const res = await ctx.db.query<{ kind: 'document' | 'refusal'; document: Record<string, unknown>; created_at: Date }>(
    'SELECT kind, document, created_at FROM application_results WHERE application_id = $1',
    [a.id],
  );
  const result = res.rows[0];
  const def = ctx.registry.versions(a.service_code).find((d) => d.version === a.service_version) ?? null;
  const coSigners = a.channel === 'portal' ? await coSignersOf(ctx, ctx.db, a) : [];
  return {
    ...toSummary(ctx, a),
    coSigners,
    signature: s ? { method: s.method, signerSerial: s.signer_serial, signerIin: s.signer_iin, signedAt: s.signed_at.toISOString() } : null,
    result: result ? { kind: result.kind, document: { ...result.document, number: a.number }, createdAt: result.created_at.toISOString() } : null,
    form: a.form,
    /** The files attached to the application (download: GET /api/v1/applications/{id}/files/{fileId}). */
    files: await applicationFiles(ctx.db, a.id, def),
    region: a.region,
    acceptanceDate: a.acceptance_date,
    deadlineBasis: a.deadline_basis?.basis ?? null,
    /** The back office's step in plain words with its deadline, and the decision once signed (src/tasks/progress.ts). */
    ...(await caseProgress(ctx.db, def, a)),
    /** The signed documents (issue 10). */
    documents: await applicationDocuments(ctx.db, a.id),
    history: h.rows.map((x) => ({
      at: x.at.toISOString(),
      from: x.from_status,
      to: x.to_status,
      toName: STATUS_NAMES[x.to_status],
      actorRole: x.actor_role,
      stepId: x.step_id,
      reason: x.reason,
      words: historyWords(def, a.channel, x.step_id, x.reason),
    })),
  };
}

/**
 * A status change inside an open transaction: locks the row, checks the status table and writes
 * the change with its history row and audit event through the ledger (src/actions/ledger.ts).
 * A transition the table forbids throws `TransitionError` (409 TRANSITION_FORBIDDEN), never a
 * silent false; the version is bumped for optimistic concurrency.
 */
export async function transition(
  q: Queryable,
  applicationId: string,
  to: ApplicationStatus,
  actor: { id: string | null; role: string },
  reason?: I18n,
): Promise<void> {
  const cur = await q.query<{ status: ApplicationStatus }>('SELECT status FROM applications WHERE id = $1 FOR UPDATE', [applicationId]);
  const from = cur.rows[0]?.status;
  if (!from) throw new AppError('NOT_FOUND');
  await writeStatus(q, { applicationId, actor, from, to, reason: reason ?? null });
  await q.query('UPDATE applications SET version = version + 1 WHERE id = $1', [applicationId]);
}
