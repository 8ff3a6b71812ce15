/**
 * Accounts and sessions.
 * - Login: IIN + password (scrypt). After MAX_FAILED consecutive failures the
 *   account is locked for LOCK_MINUTES; the counter resets on success.
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

type LoginRow = UserRow & { password_hash: string; failed_logins: number; locked_until: Date | null; mfa_sms: boolean };

/**
 * Check IIN + password with lockout. Returns the user and whether a second factor is
 * required; does not open a session.
 */
export async function checkPassword(db: Db, iin: string, password: string): Promise<{ user: User; mfaSms: boolean }> {
  const r = await db.query<LoginRow>(
    `SELECT id, iin, surname, given_name, patronymic, roles, org_id, password_hash, failed_logins, locked_until, mfa_sms
       FROM users WHERE iin = $1`,
    [iin],
  );
  const row = r.rows[0];
  if (!row) {
    // Not an IIN at all (wrong check digit): say so under the field — it reveals nothing about accounts.
    if (!validateIin(iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
    await verifyPassword(password, DUMMY_HASH); // same cost as a real check
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (row.locked_until && row.locked_until.getTime() > Date.now()) {
    throw new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: row.locked_until.toISOString() } });
  }
  if (!(await verifyPassword(password, row.password_hash))) {
    // Count the failure atomically; lock when the threshold is reached.
    const f = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      `UPDATE users SET failed_logins = failed_logins + 1,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1 RETURNING failed_logins, locked_until`,
      [row.id, MAX_FAILED, LOCK_MINUTES],
    );
    await audit(db, 'auth.login.failed', row.id, { attempts: f.rows[0]?.failed_logins });
    if ((f.rows[0]?.failed_logins ?? 0) >= MAX_FAILED) {
      await db.query('UPDATE users SET failed_logins = 0 WHERE id = $1', [row.id]);
      throw new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: f.rows[0]?.locked_until?.toISOString() } });
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  await db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)', [row.id]);
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
export async function login(db: Db, iin: string, password: string, kind: 'cookie' | 'bearer', ttlHours: number): Promise<Session> {
  const { user } = await checkPassword(db, iin, password);
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
