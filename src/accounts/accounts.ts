/**
 * Accounts and sessions.
 * - Login: IIN + password (scrypt). After MAX_FAILED consecutive failed attempts the
 *   IIN is locked for LOCK_MINUTES (with or without an account); the counter resets on success.
 *   Attempts are counted before the password is compared, atomically (login_attempts).
 * - A session is a random 256-bit token; only its SHA-256 is stored. Browsers get
 *   it in an HttpOnly SameSite=Lax cookie; API clients send `Authorization: Bearer`.
 */
import { writeAudit } from '../audit/audit.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { validateIin } from '../ids/iin.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import type { Role } from './roles.ts';

export const MAX_FAILED = 5;
export const LOCK_MINUTES = 15;

export interface User {
  id: string;
  iin: string;
  surname: string;
  givenName: string;
  patronymic: string | null;
  roles: Role[];
  orgId: string | null;
}

export const fullName = (u: Pick<User, 'surname' | 'givenName' | 'patronymic'>) =>
  [u.surname, u.givenName, u.patronymic].filter(Boolean).join(' ');

interface UserRow {
  id: string;
  iin: string;
  surname: string;
  given_name: string;
  patronymic: string | null;
  roles: Role[];
  org_id: string | null;
}
const toUser = (r: UserRow): User => ({
  id: r.id,
  iin: r.iin,
  surname: r.surname,
  givenName: r.given_name,
  patronymic: r.patronymic,
  roles: r.roles,
  orgId: r.org_id,
});

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export async function createUser(
  q: Queryable,
  u: { iin: string; surname: string; givenName: string; patronymic?: string | null; password: string; roles: Role[]; orgId?: string | null; phone?: string; email?: string; mfaSms?: boolean },
): Promise<User> {
  if (!validateIin(u.iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const id = uuid7();
  const r = await q.query<UserRow>(
    `INSERT INTO users (id, iin, surname, given_name, patronymic, password_hash, roles, org_id, phone, email, mfa_sms)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
     RETURNING id, iin, surname, given_name, patronymic, roles, org_id`,
    [id, u.iin, u.surname, u.givenName, u.patronymic ?? null, await hashPassword(u.password), u.roles, u.orgId ?? null, u.phone ?? null, u.email ?? null, u.mfaSms ?? false],
  );
  return toUser(r.rows[0] as UserRow);
}

export interface Session {
  token: string;
  expiresAt: Date;
  user: User;
}

type LoginRow = UserRow & { password_hash: string; mfa_sms: boolean };

/** Password attempts per IIN before a lock, and the lock's length (LOGIN_MAX_ATTEMPTS, LOGIN_LOCK_MINUTES). */
export interface LoginLimits {
  maxAttempts: number;
  lockMinutes: number;
}
export const LOGIN_LIMITS: LoginLimits = { maxAttempts: MAX_FAILED, lockMinutes: LOCK_MINUTES };

/**
 * Count one password attempt for this IIN, before the password is compared, in one conditional
 * statement: it succeeds only while the IIN is not locked, and the attempt that reaches the limit
 * sets the lock itself. However many attempts arrive at once, on however many processes, at most
 * `maxAttempts` get past here until the lock ends or a sign-in succeeds. Returns the attempt's
 * number and, when it was the last one allowed, the end of the lock; throws ACCOUNT_LOCKED when
 * no attempt is left (without comparing anything).
 */
async function countLoginAttempt(db: Queryable, iin: string, limits: LoginLimits): Promise<{ attempts: number; lockedUntil: Date | null }> {
  const r = await db.query<{ attempts: number; locked_until: Date | null }>(
    `INSERT INTO login_attempts AS a (iin, attempts, locked_until, updated_at)
     VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(mins => $3) END, now())
     ON CONFLICT (iin) DO UPDATE SET
       attempts = CASE WHEN a.locked_until <= now() THEN 1 ELSE a.attempts + 1 END,
       locked_until = CASE WHEN (CASE WHEN a.locked_until <= now() THEN 1 ELSE a.attempts + 1 END) >= $2
                           THEN now() + make_interval(mins => $3) END,
       updated_at = now()
     WHERE a.locked_until IS NULL OR a.locked_until <= now()
     RETURNING attempts, locked_until`,
    [iin, limits.maxAttempts, limits.lockMinutes],
    'login_attempt',
  );
  const row = r.rows[0];
  if (row) return { attempts: row.attempts, lockedUntil: row.locked_until };
  const l = await db.query<{ locked_until: Date | null }>('SELECT locked_until FROM login_attempts WHERE iin = $1', [iin]);
  throw lockedError(l.rows[0]?.locked_until ?? new Date(Date.now() + limits.lockMinutes * 60_000), limits);
}

const lockedError = (until: Date, limits: LoginLimits) =>
  new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: until.toISOString(), lockMinutes: limits.lockMinutes, retryAfterMs: Math.max(0, until.getTime() - Date.now()) } });

/**
 * Check IIN + password with lockout. Returns the user and whether a second factor is
 * required; does not open a session. An IIN without an account is counted and locked like
 * one with an account, and costs the same scrypt check: the answers (INVALID_CREDENTIALS with
 * the attempts left, then ACCOUNT_LOCKED with its end) do not tell which IINs have accounts.
 */
export async function checkPassword(db: Db, iin: string, password: string, limits: LoginLimits = LOGIN_LIMITS): Promise<{ user: User; mfaSms: boolean }> {
  // Not an IIN at all (wrong check digit): say so under the field — it reveals nothing about accounts.
  if (!validateIin(iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const attempt = await countLoginAttempt(db, iin, limits);
  const r = await db.query<LoginRow>(
    'SELECT id, iin, surname, given_name, patronymic, roles, org_id, password_hash, mfa_sms FROM users WHERE iin = $1',
    [iin],
  );
  const row = r.rows[0];
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH); // same cost with or without an account
  if (!row || !ok) {
    if (row) await audit(db, 'auth.login.failed', row.id, { attempts: attempt.attempts, locked: attempt.lockedUntil !== null });
    if (attempt.lockedUntil) throw lockedError(attempt.lockedUntil, limits);
    throw new AppError('INVALID_CREDENTIALS', { details: { attemptsLeft: Math.max(0, limits.maxAttempts - attempt.attempts), lockMinutes: limits.lockMinutes } });
  }
  await db.query('DELETE FROM login_attempts WHERE iin = $1', [iin]);
  return { user: toUser(row), mfaSms: row.mfa_sms };
}

/** Open a session for an authenticated user (after password, password + SMS, or certificate). */
export async function openSession(
  db: Db,
  user: User,
  kind: 'cookie' | 'bearer',
  ttlHours: number,
  method: 'password' | 'password+sms' | 'eds',
  /** More for the login's audit row (a certificate login: the certificate and the admin who issued it). */
  auditMore: { onBehalfOf?: string | null; data?: Record<string, unknown> } = {},
): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.tx(async (t) => {
    await t.query('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES ($1,$2,$3,$4)', [sha256(token), user.id, kind, expiresAt]);
    await writeAudit(t, { event: 'auth.login', actorId: user.id, onBehalfOf: auditMore.onBehalfOf ?? null, data: { kind, method, ...auditMore.data } });
  });
  return { token, expiresAt, user };
}

/** IIN + password → session (accounts without a second factor). */
export async function login(db: Db, iin: string, password: string, kind: 'cookie' | 'bearer', ttlHours: number, limits: LoginLimits = LOGIN_LIMITS): Promise<Session> {
  const { user } = await checkPassword(db, iin, password, limits);
  return openSession(db, user, kind, ttlHours, 'password');
}

export async function findUserByIin(q: Queryable, iin: string): Promise<User | null> {
  const r = await q.query<UserRow>('SELECT id, iin, surname, given_name, patronymic, roles, org_id FROM users WHERE iin = $1', [iin]);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export async function findUserById(q: Queryable, id: string): Promise<User | null> {
  const r = await q.query<UserRow>('SELECT id, iin, surname, given_name, patronymic, roles, org_id FROM users WHERE id = $1', [id]);
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

/**
 * A small per-process cache of resolved sessions, so a busy API client costs one
 * session lookup per `ttlMs` instead of one per request. Logout evicts locally at
 * once; another process notices a revoked session within `ttlMs` (SESSION_CACHE_MS,
 * default 5 s; 0 turns the cache off). Expiry is always checked exactly.
 */
export class SessionCache {
  private readonly map = new Map<string, { user: User; expiresAt: number; until: number }>();
  constructor(
    readonly ttlMs: number,
    private readonly max = 50_000,
  ) {}
  get(key: string, now = Date.now()): User | null {
    const e = this.map.get(key);
    if (!e) return null;
    if (e.until < now || e.expiresAt <= now) {
      this.map.delete(key);
      return null;
    }
    return e.user;
  }
  set(key: string, user: User, expiresAt: number, now = Date.now()) {
    if (this.ttlMs <= 0) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { user, expiresAt, until: now + this.ttlMs });
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

/** Resolve a session token to its user, or null when unknown, expired or revoked. */
export async function authenticate(q: Queryable, token: string, cache?: SessionCache): Promise<User | null> {
  if (!token || token.length > 200) return null;
  const hash = sha256(token);
  const key = hash.toString('base64');
  const hit = cache?.get(key);
  if (hit) return hit;
  const r = await q.query<UserRow & { expires_at: Date }>(
    `SELECT u.id, u.iin, u.surname, u.given_name, u.patronymic, u.roles, u.org_id, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [hash],
    'authenticate',
  );
  const row = r.rows[0];
  if (!row) return null;
  const user = toUser(row);
  cache?.set(key, user, row.expires_at.getTime());
  return user;
}

export async function logout(q: Queryable, token: string, cache?: SessionCache): Promise<void> {
  const hash = sha256(token);
  cache?.delete(hash.toString('base64'));
  await q.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [hash]);
}

export async function audit(q: Queryable, event: string, actorId: string | null, data: Record<string, unknown> = {}, subject?: { type: string; id: string }, correlationId?: string) {
  await writeAudit(q, { event, actorId, data, subject, correlationId });
}
