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
import { z } from 'zod';
import { execute, type ActionSpec, type Effects } from '../actions/executor.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { consumeOtp, issueOtpIn, OTP_MAX_ATTEMPTS, OTP_TTL_SECONDS } from '../identity/otp.ts';
import { validateIin } from '../ids/iin.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { ACCOUNT_HOLDER, ANONYMOUS, revokeUserSessions } from './accounts.ts';
import { hashPassword } from './password.ts';
import { passwordProblems } from './password-policy.ts';

export { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy.ts';

/** Recovery requests per IIN (with or without an account) within the window. */
export const RECOVERY_LIMITS = { maxRequests: 3, windowMinutes: 15 };

export interface RecoveryRequested {
  recoveryId: string;
  expiresAt: string;
}

/** The IIN asked about, locked for counting: its recent requests and its account (if any). */
interface RecoverySubject {
  iin: string;
  recent: number;
  oldest: Date | null;
  user: { id: string; phone: string | null } | null;
}

const NoBody = z.object({}).strict();

/**
 * Step 1 as an action of the pipeline: authorise (anyone: the answer says nothing) → allowed now
 * (RECOVERY_LIMIT per IIN, counted one at a time under an advisory lock) → one transaction: the
 * request row, `auth.recovery.requested`, and — when the account has a phone — the code and its
 * SMS (`otp.issued`) or, when sending is refused, `auth.recovery.not-sent`.
 */
function requestRecoveryAction(id: string, expiresAt: Date, meta: { client?: string | null }, limits: typeof RECOVERY_LIMITS, otpLimits: AppContext['config']['otp'] | undefined): ActionSpec<RecoverySubject, Record<string, never>, RecoveryRequested> {
  return {
    name: 'account.recovery-request',
    body: NoBody,
    load: async (q, _ctx, iin) => {
      // Requests for one IIN are counted one at a time, on any number of processes.
      await q.query("SELECT pg_advisory_xact_lock(hashtextextended('recovery:' || $1, 0))", [iin]);
      const recent = await q.query<{ n: number; oldest: Date | null }>(
        'SELECT count(*)::int AS n, min(created_at) AS oldest FROM password_recoveries WHERE iin = $1 AND created_at > now() - make_interval(mins => $2)',
        [iin, limits.windowMinutes],
      );
      const user = (await q.query<{ id: string; phone: string | null }>('SELECT id, phone FROM users WHERE iin = $1', [iin])).rows[0] ?? null;
      return { iin, recent: recent.rows[0]?.n ?? 0, oldest: recent.rows[0]?.oldest ?? null, user };
    },
    // Unauthenticated: the request is on record under the account it names (if any).
    authorise: (_actor, s) => ({ id: s.user?.id ?? null, role: ANONYMOUS }),
    allowed: (s) => {
      if (s.recent >= limits.maxRequests) {
        const until = (s.oldest ? new Date(s.oldest).getTime() : Date.now()) + limits.windowMinutes * 60_000;
        throw new AppError('RECOVERY_LIMIT', { details: { retryAfterMs: Math.max(0, until - Date.now()), retryAt: new Date(until).toISOString() } });
      }
    },
    apply: async ({ q, subject: s }) => {
      const u = s.user;
      await q.query('INSERT INTO password_recoveries (id, iin, user_id, expires_at) VALUES ($1, $2, $3, $4)', [id, s.iin, u?.id ?? null, expiresAt]);
      const audit: Effects['audit'] = [{ event: 'auth.recovery.requested', subject: { type: 'person', id: s.iin }, data: { recoveryId: id, account: u !== null, phone: Boolean(u?.phone) } }];
      if (u?.phone) {
        try {
          // A refusal to send is decided before the code writes anything (otp.ts), so this transaction goes on.
          const otp = await issueOtpIn(q, u.id, 'recovery', null, undefined, { limits: otpLimits, client: meta.client ?? null });
          await q.query('UPDATE password_recoveries SET otp_id = $2 WHERE id = $1', [id, otp.otpId]);
        } catch (e) {
          // A refusal to send (e.g. a sending limit on the phone) is not told apart from "no account":
          // the request is answered the same way, and the reason is on record.
          if (!(e instanceof AppError)) throw e;
          audit.push({ event: 'auth.recovery.not-sent', subject: { type: 'person', id: s.iin }, data: { recoveryId: id, reason: e.code } });
        }
      }
      return { audit, result: { recoveryId: id, expiresAt: expiresAt.toISOString() } };
    },
  };
}

/** Step 1: the same neutral answer for every valid IIN; a code goes to the account's phone when there is one. */
export async function requestRecovery(ctx: AppContext, iin: string, meta: { correlationId?: string; client?: string | null } = {}, limits = RECOVERY_LIMITS): Promise<RecoveryRequested> {
  if (!validateIin(iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const spec = requestRecoveryAction(uuid7(), new Date(Date.now() + OTP_TTL_SECONDS * 1000), meta, limits, ctx.config.otp);
  return execute(ctx, spec, { actor: { id: null, role: ANONYMOUS }, subjectId: iin, body: {}, correlationId: meta.correlationId ?? null });
}

export interface RecoveryConfirmation {
  iin: string;
  recoveryId: string;
  code: string;
  newPassword: string;
}

/** A recovery request locked for the reset. */
interface ResetSubject {
  id: string;
  iin: string;
  user_id: string | null;
  otp_id: string | null;
  expires_at: Date;
  used_at: Date | null;
}

/**
 * Step 2 as an action of the pipeline: prepare (outside the transaction: the code is counted and
 * compared, `consumeOtp` without spending, and the new password hashed) → authorise (the request
 * is this IIN's; the holder of its code acts for the account) → allowed now (unused, unexpired,
 * re-checked under the lock) → one transaction, the one that ends the person's sessions
 * (`revokeUserSessions`): the code spent, the request(s) closed, the password set, the sign-in
 * lock cleared and `auth.password.reset`.
 */
function passwordResetAction(iin: string, newPassword: string, code: string, out: { sessions: number }): ActionSpec<ResetSubject, Record<string, never>, { sessionsEnded: number }> {
  return {
    name: 'account.password-reset',
    body: NoBody,
    load: async (q, _ctx, id) =>
      (await q.query<ResetSubject>('SELECT id, iin, user_id, otp_id, expires_at, used_at FROM password_recoveries WHERE id = $1 FOR UPDATE', [id])).rows[0] ?? null,
    authorise: (_actor, r) => {
      if (r.iin.trim() !== iin || !r.user_id || !r.otp_id) throw new AppError('RECOVERY_UNKNOWN', { path: '/recoveryId' });
      return { id: r.user_id, role: ACCOUNT_HOLDER };
    },
    allowed: (r) => {
      if (r.used_at) throw new AppError('OTP_USED', { path: '/code' });
      if (new Date(r.expires_at).getTime() <= Date.now()) throw new AppError('OTP_EXPIRED', { path: '/code' });
    },
    prepare: async ({ ctx, subjectId }) => {
      const r = (await ctx.db.query<{ user_id: string; otp_id: string }>('SELECT user_id, otp_id FROM password_recoveries WHERE id = $1', [subjectId])).rows[0];
      // Counted before comparing; a right code is only checked here and spent in the transaction, with the change.
      if (r) await consumeOtp(ctx.db, r.otp_id, code, r.user_id, 'recovery', null, { spend: false });
      return hashPassword(newPassword);
    },
    apply: async ({ q, subject: r, prepared }) => {
      const userId = r.user_id as string;
      const spent = await q.query('UPDATE otp_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id', [r.otp_id]);
      if (!spent.rowCount) throw new AppError('OTP_USED', { path: '/code' });
      // This request and every other open one of the person end here.
      await q.query('UPDATE password_recoveries SET used_at = now() WHERE (id = $1 OR user_id = $2) AND used_at IS NULL', [r.id, userId]);
      await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, prepared as string]);
      const lock = await q.query<{ locked: boolean }>('DELETE FROM login_attempts WHERE iin = $1 RETURNING locked_until > now() AS locked', [iin]);
      const s = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()', [userId]);
      out.sessions = s.rows[0]?.n ?? 0;
      return {
        audit: [{ event: 'auth.password.reset', subject: { type: 'person', id: iin }, data: { recoveryId: r.id, method: 'sms', sessionsEnded: out.sessions, lockCleared: lock.rows[0]?.locked === true } }],
        result: { sessionsEnded: out.sessions },
      };
    },
  };
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
  const out = { sessions: 0 };
  const spec = passwordResetAction(iin, newPassword, code, out);
  // The code is checked (and the password hashed) before the transaction that ends the sessions.
  const prepared = await spec.prepare!({ ctx, actor: { id: null, role: ANONYMOUS }, subjectId: recoveryId, body: {} });
  await revokeUserSessions(ctx.db, r.user_id, ctx.sessions, {
    within: async (q) => {
      await execute(ctx, { ...spec, prepare: async () => prepared }, { actor: { id: null, role: ANONYMOUS }, subjectId: recoveryId, body: {}, correlationId: meta.correlationId ?? null }, q);
    },
  });
  return { ok: true, sessionsEnded: out.sessions };
}
