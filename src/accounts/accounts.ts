/**
 * Accounts and sessions.
 * - Login: IIN + password (scrypt). After MAX_FAILED consecutive failures the
 *   account is locked for LOCK_MINUTES; the counter resets on success.
 * - A session is a random 256-bit token; only its SHA-256 is stored. Browsers get
 *   it in an HttpOnly SameSite=Lax cookie; API clients send `Authorization: Bearer`.
 */
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
  u: { iin: string; surname: string; givenName: string; patronymic?: string | null; password: string; roles: Role[]; orgId?: string | null; phone?: string; email?: string },
): Promise<User> {
  if (!validateIin(u.iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const id = uuid7();
  const r = await q.query<UserRow>(
    `INSERT INTO users (id, iin, surname, given_name, patronymic, password_hash, roles, org_id, phone, email)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
     RETURNING id, iin, surname, given_name, patronymic, roles, org_id`,
    [id, u.iin, u.surname, u.givenName, u.patronymic ?? null, await hashPassword(u.password), u.roles, u.orgId ?? null, u.phone ?? null, u.email ?? null],
  );
  return toUser(r.rows[0] as UserRow);
}

export interface Session {
  token: string;
  expiresAt: Date;
  user: User;
}

export async function login(db: Db, iin: string, password: string, kind: 'cookie' | 'bearer', ttlHours: number): Promise<Session> {
  const r = await db.query<UserRow & { password_hash: string; failed_logins: number; locked_until: Date | null }>(
    `SELECT id, iin, surname, given_name, patronymic, roles, org_id, password_hash, failed_logins, locked_until
       FROM users WHERE iin = $1`,
    [iin],
  );
  const row = r.rows[0];
  if (!row) {
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
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.tx(async (t) => {
    await t.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
    await t.query('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES ($1,$2,$3,$4)', [sha256(token), row.id, kind, expiresAt]);
    await audit(t, 'auth.login', row.id, { kind });
  });
  return { token, expiresAt, user: toUser(row) };
}

/** Resolve a session token to its user, or null when unknown, expired or revoked. */
export async function authenticate(q: Queryable, token: string): Promise<User | null> {
  if (!token || token.length > 200) return null;
  const r = await q.query<UserRow>(
    `SELECT u.id, u.iin, u.surname, u.given_name, u.patronymic, u.roles, u.org_id
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [sha256(token)],
  );
  return r.rows[0] ? toUser(r.rows[0]) : null;
}

export async function logout(q: Queryable, token: string): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(token)]);
}

export async function audit(q: Queryable, event: string, actorId: string | null, data: Record<string, unknown> = {}, subject?: { type: string; id: string }, correlationId?: string) {
  await q.query(
    'INSERT INTO audit_log (event, actor_id, subject_type, subject_id, correlation_id, data) VALUES ($1,$2,$3,$4,$5,$6)',
    [event, actorId, subject?.type ?? null, subject?.id ?? null, correlationId ?? null, JSON.stringify(data)],
  );
}
