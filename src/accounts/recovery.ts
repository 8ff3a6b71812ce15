/**
 * Password recovery by an SMS code to the account's phone (issue 8 item 14).
 *
 * 1. `requestRecovery(iin)`: every request with a valid IIN gets the same answer — an opaque
 *    recovery id and the code's expiry — whether or not the IIN has an account, or the account a
 *    phone. Only when both exist is a code sent (issueOtp, purpose 'recovery') and the id able to
 *    succeed. Requests are limited per IIN (RECOVERY_LIMITS), counted over the requests themselves,
 *    so the limit is the same with or without an account.
 * 2. `confirmRecovery(iin, recoveryId, code, newPassword)`: the password policy first (it does not
 *    depend on the account), then the code: wrong codes are counted before comparing (consumeOtp),
 *    and on an id with no code behind it they are counted on the request with the same limit and
 *    the same answers. The right code sets the new password, clears the sign-in lock, ends every
 *    session of the person on every process (revokeUserSessions) and writes `auth.password.reset`,
 *    all in one transaction that also spends the code.
 */
import { writeAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { consumeOtp, issueOtp, OTP_MAX_ATTEMPTS, OTP_TTL_SECONDS } from '../identity/otp.ts';
import { validateIin } from '../ids/iin.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { revokeUserSessions } from './accounts.ts';
import { hashPassword } from './password.ts';
import { passwordProblems } from './password-policy.ts';

export { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy.ts';

/** Recovery requests per IIN (with or without an account) within the window. */
export const RECOVERY_LIMITS = { maxRequests: 3, windowMinutes: 15 };

export interface RecoveryRequested {
  recoveryId: string;
  expiresAt: string;
}

/** Step 1: the same neutral answer for every valid IIN; a code goes to the account's phone when there is one. */
export async function requestRecovery(ctx: AppContext, iin: string, meta: { correlationId?: string; client?: string | null } = {}, limits = RECOVERY_LIMITS): Promise<RecoveryRequested> {
  if (!validateIin(iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const id = uuid7();
  const expiresAt = new Date(Date.now() + OTP_TTL_SECONDS * 1000);
  const user = await ctx.db.tx(async (q) => {
    // Requests for one IIN are counted one at a time, on any number of processes.
    await q.query("SELECT pg_advisory_xact_lock(hashtextextended('recovery:' || $1, 0))", [iin]);
    const recent = await q.query<{ n: number; oldest: Date | null }>(
      'SELECT count(*)::int AS n, min(created_at) AS oldest FROM password_recoveries WHERE iin = $1 AND created_at > now() - make_interval(mins => $2)',
      [iin, limits.windowMinutes],
    );
    const r = recent.rows[0];
    if (r && r.n >= limits.maxRequests) {
      const until = (r.oldest ? new Date(r.oldest).getTime() : Date.now()) + limits.windowMinutes * 60_000;
      throw new AppError('RECOVERY_LIMIT', { details: { retryAfterMs: Math.max(0, until - Date.now()), retryAt: new Date(until).toISOString() } });
    }
    const u = (await q.query<{ id: string; phone: string | null }>('SELECT id, phone FROM users WHERE iin = $1', [iin])).rows[0] ?? null;
    await q.query('INSERT INTO password_recoveries (id, iin, user_id, expires_at) VALUES ($1, $2, $3, $4)', [id, iin, u?.id ?? null, expiresAt]);
    await writeAudit(q, {
      event: 'auth.recovery.requested',
      actorId: u?.id ?? null,
      subject: { type: 'person', id: iin },
      correlationId: meta.correlationId ?? null,
      data: { recoveryId: id, account: u !== null, phone: Boolean(u?.phone) },
    });
    return u;
  });
  if (user?.phone) {
    try {
      const otp = await issueOtp(ctx.db, user.id, 'recovery', null, undefined, { limits: ctx.config.otp, client: meta.client ?? null });
      await ctx.db.query('UPDATE password_recoveries SET otp_id = $2 WHERE id = $1', [id, otp.otpId]);
    } catch (e) {
      // A refusal to send (e.g. a sending limit on the phone) is not told apart from "no account":
      // the request is answered the same way, and the reason is on record.
      if (!(e instanceof AppError)) throw e;
      await writeAudit(ctx.db, { event: 'auth.recovery.not-sent', actorId: user.id, subject: { type: 'person', id: iin }, correlationId: meta.correlationId ?? null, data: { recoveryId: id, reason: e.code } });
    }
  }
  return { recoveryId: id, expiresAt: expiresAt.toISOString() };
}

export interface RecoveryConfirmation {
  iin: string;
  recoveryId: string;
  code: string;
  newPassword: string;
}

/** Step 2: the code from the SMS and the new password. */
export async function confirmRecovery(ctx: AppContext, input: RecoveryConfirmation, meta: { correlationId?: string } = {}): Promise<{ ok: true; sessionsEnded: number }> {
  const { iin, recoveryId, code, newPassword } = input;
  if (!validateIin(iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const problems = passwordProblems(newPassword, iin);
  if (problems.length) throw new AppError('WEAK_PASSWORD', { path: '/newPassword', errors: problems });
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(recoveryId)) throw new AppError('RECOVERY_UNKNOWN', { path: '/recoveryId' });
  const r = (
    await ctx.db.query<{ user_id: string | null; otp_id: string | null; expires_at: Date; used_at: Date | null }>(
      'SELECT user_id, otp_id, expires_at, used_at FROM password_recoveries WHERE id = $1 AND iin = $2',
      [recoveryId, iin],
    )
  ).rows[0];
  if (!r) throw new AppError('RECOVERY_UNKNOWN', { path: '/recoveryId' });
  if (r.used_at) throw new AppError('OTP_USED', { path: '/code' });
  if (new Date(r.expires_at).getTime() <= Date.now()) throw new AppError('OTP_EXPIRED', { path: '/code' });
  // Not six digits: refused before anything is counted, with or without an account.
  if (!/^\d{6}$/.test(code)) throw new AppError('OTP_INVALID', { path: '/code' });

  if (!r.user_id || !r.otp_id) {
    // Nothing was sent: no code can be right. Count and answer exactly as consumeOtp does.
    const c = await ctx.db.query<{ attempts: number }>('UPDATE password_recoveries SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 RETURNING attempts', [recoveryId, OTP_MAX_ATTEMPTS]);
    const attempts = c.rows[0]?.attempts;
    if (attempts === undefined) throw new AppError('OTP_TOO_MANY_ATTEMPTS');
    if (attempts >= OTP_MAX_ATTEMPTS) throw new AppError('OTP_TOO_MANY_ATTEMPTS', { path: '/code' });
    throw new AppError('OTP_INVALID', { path: '/code', details: { attemptsLeft: OTP_MAX_ATTEMPTS - attempts } });
  }
  const userId = r.user_id;
  const otpId = r.otp_id;
  // Counted before comparing; a right code is only checked here and spent below, with the change.
  await consumeOtp(ctx.db, otpId, code, userId, 'recovery', null, { spend: false });
  const hash = await hashPassword(newPassword);
  let sessions = 0;
  await revokeUserSessions(ctx.db, userId, ctx.sessions, {
    within: async (q) => {
      const spent = await q.query('UPDATE otp_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id', [otpId]);
      if (!spent.rowCount) throw new AppError('OTP_USED', { path: '/code' });
      // This request and every other open one of the person end here.
      await q.query('UPDATE password_recoveries SET used_at = now() WHERE (id = $1 OR user_id = $2) AND used_at IS NULL', [recoveryId, userId]);
      await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, hash]);
      const lock = await q.query<{ locked: boolean }>('DELETE FROM login_attempts WHERE iin = $1 RETURNING locked_until > now() AS locked', [iin]);
      const s = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()', [userId]);
      sessions = s.rows[0]?.n ?? 0;
      await writeAudit(q, {
        event: 'auth.password.reset',
        actorId: userId,
        subject: { type: 'person', id: iin },
        correlationId: meta.correlationId ?? null,
        data: { recoveryId, method: 'sms', sessionsEnded: sessions, lockCleared: lock.rows[0]?.locked === true },
      });
    },
  });
  return { ok: true, sessionsEnded: sessions };
}
