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

/** `text` replaces the standard SMS for the purpose (e.g. a consent request that says who asks and why). */
export async function issueOtp(db: Db, userId: string, purpose: OtpPurpose, boundHash: string | null = null, text?: (code: string) => string) {
  return db.tx((q) => issueOtpIn(q, userId, purpose, boundHash, text));
}

/** issueOtp inside the caller's transaction (the code and its SMS commit with the caller's work, e.g. a consent request). */
export async function issueOtpIn(q: Queryable, userId: string, purpose: OtpPurpose, boundHash: string | null = null, text?: (code: string) => string) {
  const r = await q.query<{ phone: string | null }>('SELECT phone FROM users WHERE id = $1', [userId]);
  const phone = r.rows[0]?.phone;
  if (!phone) throw new AppError('NO_PHONE');
  const id = uuid7();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + OTP_TTL_SECONDS * 1000);
  await q.query(
    'INSERT INTO otp_codes (id, user_id, purpose, bound_hash, code_hash, phone, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
    [id, userId, purpose, boundHash, hashCode(id, code), phone, expiresAt],
  );
  await sendSms(q, phone, (text ?? TEXT[purpose])(code), `otp-${purpose}`);
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
