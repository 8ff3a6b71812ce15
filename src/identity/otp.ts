/**
 * SMS one-time codes: 6 digits, stored only as an HMAC-free SHA-256 of (id, code) — the id
 * salts it — valid 5 minutes, at most 5 attempts, single use, bound to a purpose and, for
 * signing, to the hash of the exact bytes being confirmed.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { maskPhone, sendSms } from '../sms/sms.ts';
import { writeAudit } from '../audit/audit.ts';
import { DEFAULT_OTP_LIMITS, decideOtpIssue, OTP_HISTORY_MS, type OtpHistory, type OtpLimits } from './otp-limits.ts';

export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_ATTEMPTS = 5;

const hashCode = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest();

export type OtpPurpose = 'login' | 'sign' | 'consent' | 'certificate' | 'recovery';

const TEXT: Record<OtpPurpose, (code: string) => string> = {
  login: (c) => `Qyzmet: жүйеге кіру коды / код входа ${c}. Ешкімге айтпаңыз / никому не сообщайте.`,
  sign: (c) => `Qyzmet: өтінішке қол қою коды / код подписания заявления ${c}. Ешкімге айтпаңыз / никому не сообщайте.`,
  consent: (c) => `Qyzmet: дербес деректерге келісім коды / код согласия на доступ к персональным данным ${c}.`,
  recovery: (c) => `Qyzmet: құпиясөзді қалпына келтіру коды / код восстановления пароля ${c}. Сұрамаған болсаңыз, ешкімге айтпаңыз / если вы не запрашивали, никому не сообщайте.`,
  certificate: (c) =>
    `Qyzmet: сіздің атыңызға ЭЦҚ тіркеу куәлігін шығаруға келісім коды / код согласия на выпуск сертификата ЭЦП на ваше имя ${c}. Сұрамаған болсаңыз, ешкімге айтпаңыз / если вы не обращались, никому не сообщайте.`,
};

export interface IssueOptions {
  /** Issuing limits (ctx.config.otp); the defaults when not given, never none. */
  limits?: OtpLimits;
  /** The caller's address (req.ip), for the per-client limit; null for jobs and internal callers. */
  client?: string | null;
  /** Who asked for the code, when not the person it goes to (staff asking for a consent, an admin issuing a certificate). */
  actorId?: string | null;
  actorRole?: string | null;
}

/** `text` replaces the standard SMS for the purpose (e.g. a consent request that says who asks and why). */
export async function issueOtp(db: Db, userId: string, purpose: OtpPurpose, boundHash: string | null = null, text?: (code: string) => string, opts: IssueOptions = {}) {
  return db.tx((q) => issueOtpIn(q, userId, purpose, boundHash, text, opts));
}

/**
 * issueOtp inside the caller's transaction (the code and its SMS commit with the caller's work, e.g. a consent request).
 *
 * Issuing is limited (otp-limits.ts): per person, per phone and per client, counted over
 * otp_codes itself under transaction-scoped advisory locks on the phone and the client, so two
 * processes cannot both slip under a limit. A refusal is 429 OTP_RATE_LIMITED with the real wait
 * (Retry-After) and sends nothing. Every issued code writes an audit row (otp.issued) naming who
 * asked and for whom, in the same transaction.
 */
export async function issueOtpIn(q: Queryable, userId: string, purpose: OtpPurpose, boundHash: string | null = null, text?: (code: string) => string, opts: IssueOptions = {}) {
  const r = await q.query<{ phone: string | null; iin: string }>('SELECT phone, iin FROM users WHERE id = $1', [userId]);
  const phone = r.rows[0]?.phone;
  if (!phone) throw new AppError('NO_PHONE');
  const client = opts.client ? opts.client.slice(0, 100) : null;
  // Always in the same order (phone, then client): no two issuers can deadlock.
  await q.query("SELECT pg_advisory_xact_lock(hashtextextended('otp-phone:' || $1, 0))", [phone]);
  if (client) await q.query("SELECT pg_advisory_xact_lock(hashtextextended('otp-client:' || $1, 0))", [client]);
  const h = await q.query<{ now: Date; who: string; t: Date; same: boolean }>(
    `SELECT now() AS now, 'person' AS who, created_at AS t, (purpose = $2 AND bound_hash IS NOT DISTINCT FROM $6 AND used_at IS NULL AND expires_at > now() AND attempts < $7) AS same FROM otp_codes
      WHERE user_id = $1 AND created_at > now() - make_interval(secs => $5)
     UNION ALL
     SELECT now(), 'phone', created_at, false FROM otp_codes WHERE phone = $3 AND created_at > now() - make_interval(secs => $5)
     UNION ALL
     SELECT now(), 'client', created_at, false FROM otp_codes WHERE $4::text IS NOT NULL AND client = $4 AND created_at > now() - make_interval(secs => $5)
     UNION ALL
     SELECT now(), 'now', now(), false`,
    [userId, purpose, phone, client, OTP_HISTORY_MS / 1000, boundHash, OTP_MAX_ATTEMPTS],
    'otp_issue_history',
  );
  const hist: OtpHistory = { personSamePurpose: [], person: [], phone: [], client: [] };
  let now = Date.now();
  for (const row of h.rows) {
    const t = new Date(row.t).getTime();
    if (row.who === 'now') now = new Date(row.now).getTime();
    else if (row.who === 'person') {
      hist.person.push(t);
      if (row.same) hist.personSamePurpose.push(t);
    } else if (row.who === 'phone') hist.phone.push(t);
    else hist.client.push(t);
  }
  // The cool-down is for "send again" by the person themselves; a code another asks for on their
  // behalf (consent, certificate confirmation) is limited by that flow's own per-pair limits.
  if (opts.actorId && opts.actorId !== userId) hist.personSamePurpose = [];
  const decision = decideOtpIssue(hist, now, opts.limits ?? DEFAULT_OTP_LIMITS);
  if (!decision.allowed) throw new AppError('OTP_RATE_LIMITED', { details: { limit: decision.limit, retryAfterMs: decision.retryAfterMs } });

  const id = uuid7();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now + OTP_TTL_SECONDS * 1000);
  await q.query(
    'INSERT INTO otp_codes (id, user_id, purpose, bound_hash, code_hash, phone, expires_at, client, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8, now())',
    [id, userId, purpose, boundHash, hashCode(id, code), phone, expiresAt, client],
  );
  await sendSms(q, phone, (text ?? TEXT[purpose])(code), `otp-${purpose}`);
  const actorId = opts.actorId ?? userId;
  await writeAudit(q, {
    event: 'otp.issued',
    actorId,
    actorRole: opts.actorRole ?? null,
    onBehalfOf: actorId !== userId ? userId : null,
    subject: { type: 'person', id: r.rows[0]!.iin },
    data: { purpose, otpId: id, phone: maskPhone(phone), ...(client ? { client } : {}) },
  });
  return { otpId: id, expiresAt: expiresAt.toISOString(), phone: maskPhone(phone) };
}

/**
 * Check a code; on success it is spent. Every check counts towards the attempt limit, and is
 * counted BEFORE the code is compared, by one conditional UPDATE that succeeds only while
 * attempts are left: however many guesses arrive at once, on however many processes, at most
 * OTP_MAX_ATTEMPTS are ever compared; the others are refused (OTP_TOO_MANY_ATTEMPTS) unseen.
 * `spend: false` only checks it: the caller spends it in the same statement as the write it
 * confirms (a signed application: SUBMIT_BATCH_SQL in src/applications/batch.ts), so a write that
 * fails leaves the code usable.
 */
export async function consumeOtp(db: Db, otpId: string, code: string, userId: string, purpose: OtpPurpose, boundHash: string | null = null, opts: { spend?: boolean } = {}): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(otpId)) throw new AppError('OTP_INVALID', { path: '/otpId' });
  const counted = await db.query<{ code_hash: Buffer; attempts: number }>(
    `UPDATE otp_codes SET attempts = attempts + 1
      WHERE id = $1 AND user_id = $2 AND purpose = $3 AND ($4::text IS NULL OR bound_hash = $4)
        AND used_at IS NULL AND expires_at > now() AND attempts < $5
     RETURNING code_hash, attempts`,
    [otpId, userId, purpose, boundHash, OTP_MAX_ATTEMPTS],
    'otp_attempt',
  );
  const c = counted.rows[0];
  if (!c) {
    // Nothing counted, nothing compared: say why.
    const r = await db.query<{ user_id: string; purpose: string; bound_hash: string | null; expires_at: Date; used_at: Date | null }>(
      'SELECT user_id, purpose, bound_hash, expires_at, used_at FROM otp_codes WHERE id = $1',
      [otpId],
    );
    const o = r.rows[0];
    if (!o || o.user_id !== userId) throw new AppError('OTP_INVALID', { path: '/otpId' });
    if (o.purpose !== purpose || (boundHash !== null && o.bound_hash !== boundHash)) throw new AppError('OTP_NOT_FOR_THIS');
    if (o.used_at) throw new AppError('OTP_USED');
    if (o.expires_at.getTime() <= Date.now()) throw new AppError('OTP_EXPIRED');
    throw new AppError('OTP_TOO_MANY_ATTEMPTS');
  }
  const ok = /^\d{6}$/.test(code) && Buffer.compare(hashCode(otpId, code), Buffer.from(c.code_hash)) === 0;
  if (!ok) {
    if (c.attempts >= OTP_MAX_ATTEMPTS) throw new AppError('OTP_TOO_MANY_ATTEMPTS', { path: '/code' });
    throw new AppError('OTP_INVALID', { path: '/code', details: { attemptsLeft: OTP_MAX_ATTEMPTS - c.attempts } });
  }
  if (opts.spend === false) {
    // The right code was shown: its check does not use up an attempt (only wrong ones do), so
    // the same signed request sent again (a retry, a double click) is checked again and answered
    // by the idempotent write. Wrong guesses are never given back, so at most OTP_MAX_ATTEMPTS
    // wrong codes are ever compared.
    await db.query('UPDATE otp_codes SET attempts = attempts - 1 WHERE id = $1 AND attempts > 0', [otpId], 'otp_attempt_refund');
    return;
  }
  // Spend it atomically: of two concurrent correct submissions only one wins.
  const spent = await db.query('UPDATE otp_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id', [otpId]);
  if (!spent.rowCount) throw new AppError('OTP_USED');
}
