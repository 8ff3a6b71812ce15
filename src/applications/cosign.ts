/**
 * Co-signature by a second applicant (both parents of a minor, 004 L167; both spouses, digest
 * §2.22): data-driven by the definition's `coApplicants` (src/registry/types.ts CoApplicant).
 *
 * - Filing: a portal application whose definition names a co-applicant (the field's condition
 *   holds and it has a value) is written by the same submission statement (batch.ts) with status
 *   `awaiting-second-applicant`, no acceptance or due date, and one `application_cosigners` row per
 *   co-signer (pending, expires_at = filing + within.hours clock hours). The co-signer is another
 *   person than the applicant (COSIGNER_IS_APPLICANT).
 * - The co-signer, signed in, finds the request in their cabinet (by IIN), reads the form and
 *   signs the bytes of `coSigningPayload()` (src/identity/cosign-payload.ts) with the SIGN key or
 *   an SMS code bound to them; the code is spent in the transaction that records the signature.
 *   When every co-signer has signed the application becomes `submitted`, its acceptance and due
 *   dates computed from that moment (deadline.ts), and goes to the provider (delivery job).
 * - Declining annuls the application; a request not signed in time is annulled by the timer
 *   `expireCoSignatures` (src/jobs, FOR UPDATE SKIP LOCKED), with the reason in words.
 *
 * Bad input, nothing changed: a signature after the time ran out → 410 COSIGN_EXPIRED (before and
 * after the timer annulled it); a second signature → 409 COSIGN_ALREADY_SIGNED (the same one
 * again answers as before); the applicant signing for the co-signer → 403 COSIGN_NOT_NAMED;
 * anyone else → 404 (a request they cannot see); a signature whose certificate or code is not
 * the named co-signer's → 422 (EDS_IIN_MISMATCH, OTP_NOT_FOR_THIS).
 *
 * Locks are always taken application first, then its co-signer rows, by every writer here.
 */
import { TransitionError } from '../actions/ledger.ts';
import { createHash } from 'node:crypto';
import { fullName, type User } from '../accounts/accounts.ts';
import { writeAudit } from '../audit/audit.ts';
import { CalendarRangeError } from '../calendar/calendar.ts';
import { KZ_UTC_OFFSET_MINUTES } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { coSigningPayload } from '../identity/cosign-payload.ts';
import { type ApplicationSignature, verifyPersonSignature, type VerifiedSignature } from '../identity/identity.ts';
import { issueOtp } from '../identity/otp.ts';
import { enqueue } from '../jobs/queue.ts';
import { evaluateCondition } from '../registry/conditions.ts';
import type { ApplicationStatus, Channel, CoApplicant, I18n, ServiceDefinition } from '../registry/types.ts';
import { applicationDeadline } from './deadline.ts';
import { transition } from './applications.ts';
import { STATUS_NAMES } from './status.ts';

export type CoSignerStatus = 'pending' | 'signed' | 'declined' | 'expired';

/** A co-signer a filing needs: whose field, their IIN, how long they have. */
export interface CoSignerDue {
  field: string;
  iin: string;
  hours: number;
}

// ------------------------------------------------------------------ pure rules

/**
 * The co-signers a filing needs (pure): every `coApplicants` entry for this channel whose field's
 * condition holds (over the form and the `$`-context, as validateForm evaluates it) and whose
 * field holds an IIN. A guardian applying alone needs none.
 */
export function requiredCoSigners(def: Pick<ServiceDefinition, 'coApplicants' | 'form'>, channel: Channel, form: Record<string, unknown>, context: Record<string, unknown> = {}): CoSignerDue[] {
  const out: CoSignerDue[] = [];
  const values = { ...form, ...context, $channel: channel };
  for (const c of def.coApplicants ?? []) {
    if (!c.channels.includes(channel)) continue;
    const f = def.form.fields.find((x) => x.name === c.field);
    if (!f || (f.condition && !evaluateCondition(f.condition.when, { values }))) continue;
    const v = form[c.field];
    if (typeof v !== 'string' || !v.trim()) continue;
    out.push({ field: c.field, iin: v.trim(), hours: c.within.hours });
  }
  return out;
}

/** Each co-signer is a person other than the applicant and the other co-signers (422 COSIGNER_IS_APPLICANT at the field). */
export function assertDistinctCoSigners(applicantIin: string, due: readonly CoSignerDue[]): void {
  const seen = new Set([applicantIin]);
  for (const c of due) {
    if (seen.has(c.iin)) throw new AppError('COSIGNER_IS_APPLICANT', { path: `/form/${c.field}` });
    seen.add(c.iin);
  }
}

/** `DD.MM.YYYY HH:MM` in Kazakhstan time (UTC+05:00), for reasons a person reads. */
export function kzDateTime(d: Date): string {
  const k = new Date(d.getTime() + KZ_UTC_OFFSET_MINUTES * 60_000).toISOString();
  return `${k.slice(8, 10)}.${k.slice(5, 7)}.${k.slice(0, 4)} ${k.slice(11, 16)}`;
}

const GENERIC_LABEL: I18n = { kk: 'Екінші өтініш беруші', ru: 'Второй заявитель', en: 'Second applicant' };

/** The words of the annulment: the co-signer declined, or did not sign in time. */
export function annulmentReason(kind: 'declined' | 'expired', who: { label: I18n; iin: string; expiresAt: Date; hours?: number }): I18n {
  const { label, iin } = who;
  if (kind === 'declined')
    return {
      kk: `Екінші өтініш беруші — ${label.kk}, ЖСН ${iin} — өтінішке қол қоюдан бас тартты. Сұрау күшін жойды.`,
      ru: `Второй заявитель — ${label.ru}, ИИН ${iin} — отказался подписать заявление. Запрос аннулирован.`,
      en: `The second applicant — ${label.en}, IIN ${iin} — declined to sign the application. The request is annulled.`,
    };
  const t = kzDateTime(who.expiresAt);
  const h = who.hours;
  return {
    kk: `Екінші өтініш беруші — ${label.kk}, ЖСН ${iin} — өтінішке ${t} дейін${h ? ` (${h} сағат ішінде)` : ''} қол қоймады. Сұрау күшін жойды; өтінішті қайта беруге болады.`,
    ru: `Второй заявитель — ${label.ru}, ИИН ${iin} — не подписал заявление до ${t}${h ? ` (в течение ${h} часов)` : ''}. Запрос аннулирован; заявление можно подать снова.`,
    en: `The second applicant — ${label.en}, IIN ${iin} — did not sign the application by ${t}${h ? ` (within ${h} hours)` : ''}. The request is annulled; you may apply again.`,
  };
}

function coApplicantOf(ctx: AppContext, code: string, version: number, field: string): CoApplicant | undefined {
  return ctx.registry
    .versions(code)
    .find((d) => d.version === version)
    ?.coApplicants?.find((c) => c.field === field);
}

const labelOf = (ctx: AppContext, code: string, version: number, field: string): I18n => coApplicantOf(ctx, code, version, field)?.label ?? GENERIC_LABEL;

// ------------------------------------------------------------------ the co-signer's side

interface RequestRow {
  application_id: string;
  iin: string;
  field: string;
  status: CoSignerStatus;
  expires_at: Date;
  signed_at: Date | null;
  method: 'eds' | 'sms' | null;
  otp_id: string | null;
  cms_sha256: string | null;
  number: string;
  service_code: string;
  service_version: number;
  app_status: ApplicationStatus;
  form: Record<string, unknown>;
  region: string | null;
  channel: Channel;
  filed_at: Date;
  applicant_iin: string;
  surname: string;
  given_name: string;
  patronymic: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REQUEST_SQL = `
SELECT c.application_id, c.iin, c.field, c.status, c.expires_at, c.signed_at, c.method, c.otp_id,
       CASE WHEN c.cms IS NULL THEN NULL ELSE encode(sha256(c.cms), 'hex') END AS cms_sha256,
       a.number, a.service_code, a.service_version, a.status AS app_status, a.form, a.region, a.channel, a.filed_at, a.applicant_iin,
       u.surname, u.given_name, u.patronymic
  FROM application_cosigners c
  JOIN applications a ON a.id = c.application_id
  JOIN users u ON u.id = a.applicant_id`;

/**
 * The co-signer's row of this application, for this person only: anyone else gets 404, as for a
 * missing one. `signing`: the applicant, who knows the request, trying to sign it as the co-signer
 * is told why not (403 COSIGN_NOT_NAMED).
 */
async function loadRequest(q: Queryable, user: User, applicationId: string, lock = false, signing = false): Promise<RequestRow> {
  if (!UUID_RE.test(applicationId)) throw new AppError('NOT_FOUND');
  const r = await q.query<RequestRow>(`${REQUEST_SQL} WHERE c.application_id = $1 AND c.iin = $2${lock ? ' FOR UPDATE OF c' : ''}`, [applicationId, user.iin], lock ? 'cosign_request_lock' : 'cosign_request');
  const row = r.rows[0];
  if (row) return row;
  if (signing) {
    const own = await q.query('SELECT 1 FROM applications a WHERE a.id = $1 AND a.applicant_id = $2 AND EXISTS (SELECT 1 FROM application_cosigners c WHERE c.application_id = a.id)', [applicationId, user.id], 'cosign_own');
    if (own.rows.length) throw new AppError('COSIGN_NOT_NAMED');
  }
  throw new AppError('NOT_FOUND');
}

/** What the co-signer is shown of a request. */
function toRequest(ctx: AppContext, r: RequestRow, now: Date) {
  const def = ctx.registry.versions(r.service_code).find((d) => d.version === r.service_version);
  const expired = r.status === 'pending' && r.expires_at.getTime() <= now.getTime();
  return {
    applicationId: r.application_id,
    number: r.number,
    serviceCode: r.service_code,
    serviceVersion: r.service_version,
    serviceName: def?.name ?? { kk: r.service_code, ru: r.service_code, en: r.service_code },
    applicant: { name: fullName({ surname: r.surname, givenName: r.given_name, patronymic: r.patronymic }), iin: r.applicant_iin },
    as: { field: r.field, label: labelOf(ctx, r.service_code, r.service_version, r.field) },
    filedAt: r.filed_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    /** This co-signer's part: `expired` also while the timer has not yet annulled it. */
    status: (expired ? 'expired' : r.status) as CoSignerStatus,
    signedAt: r.signed_at?.toISOString() ?? null,
    method: r.method,
    applicationStatus: r.app_status,
    applicationStatusName: STATUS_NAMES[r.app_status],
  };
}

/** Requests waiting for my signature (my IIN, still pending, in time), soonest expiry first. */
export async function listCoSignRequests(ctx: AppContext, user: User, now = new Date()) {
  const r = await ctx.db.query<RequestRow>(
    `${REQUEST_SQL}
      WHERE c.iin = $1 AND c.status = 'pending' AND c.expires_at > $2 AND a.status = 'awaiting-second-applicant'
      ORDER BY c.expires_at, c.application_id LIMIT 100`,
    [user.iin, now],
    'cosign_requests',
  );
  return { items: r.rows.map((x) => toRequest(ctx, x, now)) };
}

/** One request with the form I am asked to sign (any state of mine: pending, signed, declined, expired). */
export async function getCoSignRequest(ctx: AppContext, user: User, applicationId: string, now = new Date()) {
  const r = await loadRequest(ctx.db, user, applicationId);
  return { ...toRequest(ctx, r, now), form: r.form, region: r.region, channel: r.channel };
}

const bytesOf = (r: RequestRow) =>
  coSigningPayload({ applicationNumber: r.number, serviceCode: r.service_code, serviceVersion: r.service_version, applicantIin: r.applicant_iin, form: r.form, coSignerIin: r.iin });

/** The exact bytes I sign (base64) and their SHA-256. */
export async function coSigningBytes(ctx: AppContext, user: User, applicationId: string) {
  const bytes = bytesOf(await loadRequest(ctx.db, user, applicationId, false, true));
  return { payload: Buffer.from(bytes).toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Still mine to sign? Otherwise the stable reason (late stays "expired" after the timer annulled it). */
function assertOpen(r: RequestRow, now: Date): void {
  if (r.status === 'signed') throw new AppError('COSIGN_ALREADY_SIGNED');
  if (r.status === 'expired') throw new AppError('COSIGN_EXPIRED');
  if (r.status !== 'pending' || r.app_status !== 'awaiting-second-applicant') throw new AppError('COSIGN_CLOSED');
  if (r.expires_at.getTime() <= now.getTime()) throw new AppError('COSIGN_EXPIRED');
}

/** An SMS code bound to the bytes of this request (the 'sign' purpose, the bytes' hash). */
export async function requestCoSigningCode(ctx: AppContext, user: User, applicationId: string, client: string | null = null, now = new Date()) {
  const r = await loadRequest(ctx.db, user, applicationId, false, true);
  assertOpen(r, now);
  const hash = createHash('sha256').update(bytesOf(r)).digest('hex');
  // The code first: an SMS preview shows it, and the application number's digits never come before it.
  const text = (code: string) =>
    `Qyzmet: ${code} — ${r.number} өтінішке екінші өтініш беруші ретінде қол қою коды / код подписи заявления ${r.number} вторым заявителем. Ешкімге айтпаңыз / никому не сообщайте.`;
  return issueOtp(ctx.db, user.id, 'sign', hash, text, { limits: ctx.config.otp, client });
}

/** The same signature as the one recorded (a retry of a signing that went through). */
function sameSignature(r: Pick<RequestRow, 'method' | 'otp_id' | 'cms_sha256'>, sig: ApplicationSignature | undefined): boolean {
  if (!sig || r.method !== sig.method) return false;
  if (sig.method === 'sms') return r.otp_id === sig.otpId;
  const b64 = sig.cms.replace(/\s+/g, '');
  const cms = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');
  return r.cms_sha256 === createHash('sha256').update(cms).digest('hex');
}

export interface CoSignResult {
  applicationId: string;
  number: string;
  /** The application's status afterwards: `submitted` once every co-signer has signed. */
  status: ApplicationStatus;
  dueDate: string | null;
  replayed: boolean;
}

async function resultOf(q: Queryable, applicationId: string, replayed: boolean): Promise<CoSignResult> {
  const a = await q.query<{ number: string; status: ApplicationStatus; due_date: string | null }>('SELECT number, status, due_date FROM applications WHERE id = $1', [applicationId]);
  const x = a.rows[0]!;
  return { applicationId, number: x.number, status: x.status, dueDate: x.due_date, replayed };
}

/**
 * Sign a request: checked like the applicant's own signature (EDS SIGN key with my IIN, or my SMS
 * code bound to these bytes), then recorded — and the SMS code spent — in one transaction with
 * the audit row and, when I am the last co-signer, the application's move to `submitted` with
 * its dates, history, audit and delivery job. The same signature sent again answers as before
 * (replayed); another signature after mine is 409.
 */
export async function signCoSignRequest(ctx: AppContext, user: User, applicationId: string, sig: ApplicationSignature | undefined, now = new Date()): Promise<CoSignResult> {
  const r = await loadRequest(ctx.db, user, applicationId, false, true);
  if (r.status === 'signed') {
    if (sameSignature(r, sig)) return resultOf(ctx.db, applicationId, true);
    throw new AppError('COSIGN_ALREADY_SIGNED');
  }
  assertOpen(r, now);
  const bytes = bytesOf(r);
  let signed: VerifiedSignature;
  try {
    signed = await verifyPersonSignature(ctx, user, bytes, sig);
  } catch (e) {
    // A concurrent retry of the same signing spent the code meanwhile: answer it as that signing.
    if (e instanceof AppError && e.code === 'OTP_USED') {
      const again = await loadRequest(ctx.db, user, applicationId);
      if (again.status === 'signed' && sameSignature(again, sig)) return resultOf(ctx.db, applicationId, true);
    }
    throw e;
  }

  return ctx.db.tx(async (q) => {
    // Application first, then its co-signers (the order every writer here keeps).
    await q.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [applicationId]);
    const cur = await loadRequest(q, user, applicationId, true);
    if (cur.status === 'signed') {
      if (sameSignature(cur, sig)) return resultOf(q, applicationId, true);
      throw new AppError('COSIGN_ALREADY_SIGNED');
    }
    assertOpen(cur, now);
    const late = await q.query<{ late: boolean }>('SELECT expires_at <= now() AS late FROM application_cosigners WHERE application_id = $1 AND iin = $2', [applicationId, user.iin]);
    if (late.rows[0]?.late) throw new AppError('COSIGN_EXPIRED');
    if (signed.otpId) {
      // The code is spent with the signature it confirms, never before.
      const spent = await q.query(
        `UPDATE otp_codes SET used_at = now()
          WHERE id = $1 AND user_id = $2 AND purpose = 'sign' AND bound_hash = $3 AND used_at IS NULL AND expires_at > now()
         RETURNING id`,
        [signed.otpId, user.id, signed.payloadSha256],
      );
      if (!spent.rowCount) {
        const o = await q.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM otp_codes WHERE id = $1', [signed.otpId]);
        throw new AppError(o.rows[0]?.used ? 'OTP_USED' : 'OTP_EXPIRED', { path: '/signature' });
      }
    }
    await q.query(
      `UPDATE application_cosigners
          SET status = 'signed', signed_at = now(), user_id = $3, method = $4, cms = $5, signer_serial = $6, otp_id = $7, payload_sha256 = $8
        WHERE application_id = $1 AND iin = $2`,
      [applicationId, user.iin, user.id, signed.method, signed.cms, signed.signerSerial, signed.otpId, signed.payloadSha256],
    );
    await writeAudit(q, {
      event: 'application.cosigned',
      actorId: user.id,
      actorRole: 'second-applicant',
      subject: { type: 'application', id: applicationId },
      data: { field: cur.field, method: signed.method, payloadSha256: signed.payloadSha256, ...(signed.signerSerial ? { certificate: signed.signerSerial } : {}), ...(signed.otpId ? { otpId: signed.otpId } : {}) },
    });
    const left = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM application_cosigners WHERE application_id = $1 AND status <> 'signed'", [applicationId]);
    if (left.rows[0]!.n === 0) await complete(ctx, q, cur, user, now);
    return resultOf(q, applicationId, false);
  });
}

/** Every co-signer has signed: the application is filed now, and its term runs from now. */
async function complete(ctx: AppContext, q: Queryable, r: RequestRow, user: User, now: Date): Promise<void> {
  const def = ctx.registry.versions(r.service_code).find((d) => d.version === r.service_version);
  let deadline: ReturnType<typeof applicationDeadline> = null;
  if (def) {
    try {
      deadline = applicationDeadline(def, { channel: r.channel, filedAt: now, region: r.region ?? undefined, form: r.form }, ctx.calendar);
    } catch (e) {
      // As at filing: never refused for a missing calendar year; the dates come later.
      if (!(e instanceof CalendarRangeError)) throw e;
    }
  }
  await q.query('UPDATE applications SET acceptance_date = $2, due_date = $3, deadline_basis = $4 WHERE id = $1', [
    r.application_id,
    deadline?.acceptanceDate ?? null,
    deadline?.dueDate ?? null,
    deadline ? JSON.stringify({ termId: deadline.termId, basis: deadline.basis, ...(deadline.noticeBy ? { noticeBy: deadline.noticeBy } : {}) }) : null,
  ]);
  try {
    await transition(q, r.application_id, 'submitted', { id: user.id, role: 'second-applicant' });
  } catch (e) {
    if (e instanceof TransitionError) throw new AppError('COSIGN_CLOSED');
    throw e;
  }
  await enqueue(q, 'application.deliver', { applicationId: r.application_id });
  // Filed now: the applicant is told, with the expected date (src/notifications).
  await enqueue(q, 'notify.submitted', { applicationId: r.application_id });
}

/** Decline to sign: the application is annulled, with the reason in words. Declining again answers the same. */
export async function declineCoSignRequest(ctx: AppContext, user: User, applicationId: string): Promise<CoSignResult> {
  await loadRequest(ctx.db, user, applicationId);
  return ctx.db.tx(async (q) => {
    await q.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [applicationId]);
    const r = await loadRequest(q, user, applicationId, true);
    if (r.status === 'declined') return resultOf(q, applicationId, true);
    if (r.status === 'signed') throw new AppError('COSIGN_ALREADY_SIGNED');
    if (r.status !== 'pending' || r.app_status !== 'awaiting-second-applicant') throw new AppError('COSIGN_CLOSED');
    await q.query("UPDATE application_cosigners SET status = 'declined', closed_at = now(), user_id = $3 WHERE application_id = $1 AND iin = $2", [applicationId, user.iin, user.id]);
    await writeAudit(q, { event: 'application.cosign.declined', actorId: user.id, actorRole: 'second-applicant', subject: { type: 'application', id: applicationId }, data: { field: r.field } });
    const reason = annulmentReason('declined', { label: labelOf(ctx, r.service_code, r.service_version, r.field), iin: r.iin, expiresAt: r.expires_at });
    await transition(q, applicationId, 'annulled', { id: user.id, role: 'second-applicant' }, reason);
    return resultOf(q, applicationId, false);
  });
}

// ------------------------------------------------------------------ the applicant's side and the timer

/** The co-signers of one of my applications, for its page: who, until when, and how it stands. */
export async function coSignersOf(ctx: AppContext, q: Queryable, a: { id: string; service_code: string; service_version: number }) {
  const r = await q.query<{ iin: string; field: string; status: CoSignerStatus; expires_at: Date; signed_at: Date | null; method: 'eds' | 'sms' | null }>(
    'SELECT iin, field, status, expires_at, signed_at, method FROM application_cosigners WHERE application_id = $1 ORDER BY field, iin',
    [a.id],
    'cosigners_of',
  );
  return r.rows.map((x) => ({
    iin: x.iin,
    field: x.field,
    label: labelOf(ctx, a.service_code, a.service_version, x.field),
    status: x.status,
    expiresAt: x.expires_at.toISOString(),
    signedAt: x.signed_at?.toISOString() ?? null,
    method: x.method,
  }));
}

/**
 * The timer: annul applications whose co-signer did not sign in time. Each run claims up to
 * `limit` such applications with FOR UPDATE SKIP LOCKED (any number of processes may run it; a
 * co-signer signing at this moment holds the lock and is not overtaken), marks the overdue
 * co-signers expired and annuls the application with the reason, history and audit rows, in one
 * transaction. Returns how many it annulled. `now` is the clock it compares with (tests drive it).
 */
export async function expireCoSignatures(ctx: AppContext, limit = 50, now: Date = new Date()): Promise<number> {
  return ctx.db.tx(async (q) => {
    const due = await q.query<{ id: string; service_code: string; service_version: number }>(
      `SELECT a.id, a.service_code, a.service_version FROM applications a
        WHERE a.id IN (SELECT c.application_id FROM application_cosigners c JOIN applications x ON x.id = c.application_id
                        WHERE c.status = 'pending' AND c.expires_at <= $2 AND x.status = 'awaiting-second-applicant'
                        ORDER BY c.expires_at LIMIT $1)
          AND a.status = 'awaiting-second-applicant'
        FOR UPDATE OF a SKIP LOCKED`,
      [limit, now],
      'cosign_expired_claim',
    );
    let annulled = 0;
    for (const a of due.rows) {
      // Each in a savepoint: one that fails (and is tried again on the next run) never holds up the others.
      await q.query('SAVEPOINT cosign_expire');
      try {
        if (await expireOne(ctx, q, a, now)) annulled++;
        await q.query('RELEASE SAVEPOINT cosign_expire');
      } catch {
        await q.query('ROLLBACK TO SAVEPOINT cosign_expire');
      }
    }
    return annulled;
  });
}

/** One overdue application, already locked by the caller: its late co-signers expired, the application annulled with the reason. */
async function expireOne(ctx: AppContext, q: Queryable, a: { id: string; service_code: string; service_version: number }, now: Date): Promise<boolean> {
  const gone = await q.query<{ iin: string; field: string; expires_at: Date }>(
    "UPDATE application_cosigners SET status = 'expired', closed_at = now() WHERE application_id = $1 AND status = 'pending' AND expires_at <= $2 RETURNING iin, field, expires_at",
    [a.id, now],
  );
  const first = gone.rows[0];
  if (!first) return false;
  const co = coApplicantOf(ctx, a.service_code, a.service_version, first.field);
  const reason = annulmentReason('expired', { label: co?.label ?? GENERIC_LABEL, iin: first.iin, expiresAt: first.expires_at, hours: co?.within.hours });
  await writeAudit(q, {
    event: 'application.cosign.expired',
    actorId: null,
    actorRole: 'system',
    subject: { type: 'application', id: a.id },
    data: { coSigners: gone.rows.map((x) => ({ field: x.field, expiresAt: x.expires_at.toISOString() })) },
  });
  await transition(q, a.id, 'annulled', { id: null, role: 'portal' }, reason);
  return true;
}
