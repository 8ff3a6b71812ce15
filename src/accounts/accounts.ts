/**
 * Accounts and sessions.
 * - Login: IIN + password (scrypt). After MAX_FAILED consecutive failed attempts the
 *   IIN is locked for LOCK_MINUTES (with or without an account); the counter resets on success.
 *   Attempts are counted before the password is compared, atomically (login_attempts).
 * - A session is a random 256-bit token; only its SHA-256 is stored. Browsers get
 *   it in an HttpOnly SameSite=Lax cookie; API clients send `Authorization: Bearer`.
 * - Opening and ending a session are actions of the one pipeline (src/actions): authorise →
 *   validate → allowed now → one transaction with the change and its audit row.
 */
import { writeAudit } from '../audit/audit.ts';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { execute, type ActionSpec } from '../actions/executor.ts';
import type { ActorRef } from '../actions/ledger.ts';
import type { AppContext } from '../context.ts';
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
  // `passwordHash`: an already hashed password (demo seeding hashes the one demo password once).
  u: { iin: string; surname: string; givenName: string; patronymic?: string | null; password: string; passwordHash?: string; roles: Role[]; orgId?: string | null; phone?: string; email?: string; mfaSms?: boolean },
): Promise<User> {
  if (!validateIin(u.iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
  const id = uuid7();
  const r = await q.query<UserRow>(
    `INSERT INTO users (id, iin, surname, given_name, patronymic, password_hash, roles, org_id, phone, email, mfa_sms)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
     RETURNING id, iin, surname, given_name, patronymic, roles, org_id`,
    [id, u.iin, u.surname, u.givenName, u.patronymic ?? null, u.passwordHash ?? (await hashPassword(u.password)), u.roles, u.orgId ?? null, u.phone ?? null, u.email ?? null, u.mfaSms ?? false],
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

/**
 * The role in which a person acts on their own account (login, logout, a new password), in the
 * audit rows of account actions; `anonymous`: an unauthenticated request naming an account.
 */
export const ACCOUNT_HOLDER = 'account-holder';
export const ANONYMOUS = 'anonymous';
const holder = (userId: string): ActorRef => ({ id: userId, role: ACCOUNT_HOLDER });
/** The executor needs only the database here. */
const dbContext = (db: Db) => ({ db }) as AppContext;

const NoBody = z.object({}).strict();

/**
 * Open a session: an action of the pipeline. authorise (the person authenticated is the account's
 * holder) → allowed (the account exists) → one transaction: the session row and `auth.login`.
 */
function openSessionAction(
  token: string,
  kind: 'cookie' | 'bearer',
  expiresAt: Date,
  method: 'password' | 'password+sms' | 'eds',
  auditMore: { onBehalfOf?: string | null; data?: Record<string, unknown> },
): ActionSpec<User, Record<string, never>, Session> {
  return {
    name: 'account.session-open',
    body: NoBody,
    load: async (q, _ctx, id) => {
      const r = await q.query<UserRow>('SELECT id, iin, surname, given_name, patronymic, roles, org_id FROM users WHERE id = $1', [id]);
      return r.rows[0] ? toUser(r.rows[0]) : null;
    },
    authorise: (actor, user) => {
      if (actor.id !== user.id) throw new AppError('FORBIDDEN');
    },
    allowed: () => {},
    apply: async ({ q, subject: user }) => {
      await q.query('INSERT INTO sessions (token_hash, user_id, kind, expires_at) VALUES ($1,$2,$3,$4)', [sha256(token), user.id, kind, expiresAt]);
      return { audit: [{ event: 'auth.login', onBehalfOf: auditMore.onBehalfOf ?? null, data: { kind, method, ...auditMore.data } }], result: { token, expiresAt, user } };
    },
  };
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
  /** An open transaction to run in (an account created at a first certificate login, in the same one). */
  within?: Queryable,
): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  return execute(dbContext(db), openSessionAction(token, kind, expiresAt, method, auditMore), { actor: holder(user.id), subjectId: user.id, body: {} }, within);
}

/** The person a first certificate login names (from the certificate, verified): the citizen account to create. */
interface NewAccountSubject {
  iin: string;
  taken: boolean;
}
const NewAccountBody = z.object({ surname: z.string().min(1), givenName: z.string().min(1), patronymic: z.string().nullable() }).strict();

/**
 * A citizen account made at a first certificate login (as on the real portal): an action of the
 * pipeline. authorise (the IIN comes from a verified AUTH certificate) → validate (the name) →
 * allowed (no account has the IIN; the IIN is locked meanwhile) → one transaction, together with
 * the session it opens: the account and `auth.account.created`.
 */
const createAccountAction: ActionSpec<NewAccountSubject, z.infer<typeof NewAccountBody>, User> = {
  name: 'account.create',
  body: NewAccountBody,
  load: async (q, _ctx, iin) => {
    await q.query("SELECT pg_advisory_xact_lock(hashtextextended('account:' || $1, 0))", [iin]);
    const r = await q.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [iin]);
    return { iin, taken: r.rows.length > 0 };
  },
  authorise: (actor) => {
    if (actor.role !== CERTIFICATE_HOLDER) throw new AppError('FORBIDDEN');
  },
  allowed: (s) => {
    if (s.taken) throw new AppError('CONFLICT', { path: '/iin' });
  },
  apply: async ({ q, subject, body }) => {
    const user = await createUser(q, { iin: subject.iin, ...body, password: randomBytes(24).toString('base64url'), roles: ['citizen'] });
    return { audit: [{ event: 'auth.account.created', subject: { type: 'person', id: subject.iin }, data: { userId: user.id, method: 'eds', roles: user.roles } }], result: user };
  },
};

/** Who signs in with a verified AUTH certificate before an account exists. */
export const CERTIFICATE_HOLDER = 'certificate-holder';

/**
 * A first certificate login: the citizen account named as in the certificate and its session,
 * in one transaction. An account made meanwhile by a concurrent first login: its session.
 */
export async function openSessionForNewAccount(
  db: Db,
  person: { iin: string; surname: string; givenName: string; patronymic: string | null },
  kind: 'cookie' | 'bearer',
  ttlHours: number,
  auditMore: { onBehalfOf?: string | null; data?: Record<string, unknown> } = {},
): Promise<Session> {
  try {
    return await db.tx(async (q) => {
      const { iin, ...name } = person;
      const user = await execute(dbContext(db), createAccountAction, { actor: { id: null, role: CERTIFICATE_HOLDER }, subjectId: iin, body: name }, q);
      return openSession(db, user, kind, ttlHours, 'eds', { ...auditMore, data: { ...auditMore.data, accountCreated: true } }, q);
    });
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
    const user = await findUserByIin(db, person.iin);
    if (!user) throw e;
    return openSession(db, user, kind, ttlHours, 'eds', auditMore);
  }
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
 * A small per-process cache of resolved sessions, so a busy API client costs one session lookup
 * per `ttlMs` (SESSION_CACHE_MS, default 5 s; 0 turns the cache off) instead of one per request.
 * A logout or revocation anywhere evicts at once in every process: the revoking transaction sends
 * a NOTIFY, and each process's listener (session-events.ts) calls `revoked()`. While a process
 * cannot listen (the listening connection is down, or not up yet), it caches nothing and looks
 * every session up, so it never serves a revocation it may have missed. Expiry is always checked
 * exactly. A lookup that raced a revocation is not cached (`generation`).
 */
export class SessionCache {
  private readonly map = new Map<string, { user: User; expiresAt: number; until: number }>();
  private gen = 0;
  private suspended = false;
  private watched = false;
  private readonly waiters = new Set<RevocationWait>();
  constructor(
    readonly ttlMs: number,
    private readonly max = 50_000,
  ) {}
  get(key: string, now = Date.now()): User | null {
    if (this.suspended) return null;
    const e = this.map.get(key);
    if (!e) return null;
    if (e.until < now || e.expiresAt <= now) {
      this.map.delete(key);
      return null;
    }
    return e.user;
  }
  /** Bumped by every eviction: a lookup that started before one must not cache its answer. */
  get generation() {
    return this.gen;
  }
  set(key: string, user: User, expiresAt: number, now = Date.now(), generation?: number) {
    if (this.ttlMs <= 0 || this.suspended) return;
    if (generation !== undefined && generation !== this.gen) return;
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { user, expiresAt, until: now + this.ttlMs });
  }
  delete(key: string) {
    this.gen++;
    this.map.delete(key);
  }
  deleteUser(userId: string) {
    this.gen++;
    for (const [k, e] of this.map) if (e.user.id === userId) this.map.delete(k);
  }
  clear() {
    this.gen++;
    this.map.clear();
  }

  // --- invalidation from other processes (session-events.ts) ---

  /** True while revocations from other processes reach this cache (a listener is up). */
  get listening() {
    return this.watched && !this.suspended;
  }
  /** The listener is down or not up yet: forget everything and cache nothing until it is back. */
  suspend() {
    this.watched = true;
    this.suspended = true;
    this.clear();
  }
  /** The listener is up (again). Whatever was missed meanwhile was never cached. */
  resume() {
    this.watched = true;
    this.clear();
    this.suspended = false;
  }
  /** Evict what a revocation message names: 't:<key>' (one session) or 'u:<userId>' (all of a person's). */
  evict(message: string) {
    const [kind, id] = [message.slice(0, 2), message.slice(2)];
    if (kind === 't:') this.delete(id);
    else if (kind === 'u:') this.deleteUser(id);
    else this.clear();
  }
  /** A revocation message heard by this process's listener (sent by any process, this one included). */
  revoked(message: string) {
    this.evict(message);
    for (const w of [...this.waiters]) if (w.message === message && !w.pids) w.done();
  }
  /** Listener `pid` reports that it has evicted what `message` names (PostgreSQL). */
  acked(pid: number, message: string) {
    for (const w of [...this.waiters]) {
      if (w.message !== message) continue;
      w.acked.add(pid);
      if (w.pids && [...w.pids].every((p) => w.acked.has(p))) w.done();
    }
  }
  /**
   * Wait (at most `timeoutMs`) until a revocation has reached every listening process: on
   * PostgreSQL until each listener named by `expectAcks` (taken in the revoking transaction) has
   * acknowledged it, on PGlite until this process hears it. Not listening → nothing to wait for.
   */
  awaitRevocation(message: string, timeoutMs = 2000): RevocationWait {
    const w: RevocationWait = {
      message,
      pids: null,
      acked: new Set(),
      done: () => {},
      promise: Promise.resolve(),
      expectAcks: (pids) => {
        w.pids = new Set(pids);
        if ([...w.pids].every((p) => w.acked.has(p))) w.done();
      },
    };
    if (!this.listening) return w;
    w.promise = new Promise<void>((resolve) => {
      const t = setTimeout(() => w.done(), timeoutMs);
      t.unref?.();
      w.done = () => {
        clearTimeout(t);
        this.waiters.delete(w);
        resolve();
      };
    });
    this.waiters.add(w);
    return w;
  }
}

export interface RevocationWait {
  readonly message: string;
  pids: Set<number> | null;
  readonly acked: Set<number>;
  promise: Promise<void>;
  /** Resolve now (also: give up waiting). */
  done: () => void;
  expectAcks: (pids: number[]) => void;
}

/** NOTIFY channels of session revocations and of listeners' acknowledgements, and the listeners' name (session-events.ts). */
export const SESSION_CHANNEL = 'qyzmet_session_revoked';
export const SESSION_ACK_CHANNEL = 'qyzmet_session_evicted';
export const SESSION_LISTENER_NAME = 'qyzmet-session-events';
const tokenKey = (hash: Buffer) => hash.toString('base64');

/** Resolve a session token to its user, or null when unknown, expired or revoked. */
export async function authenticate(q: Queryable, token: string, cache?: SessionCache): Promise<User | null> {
  if (!token || token.length > 200) return null;
  const hash = sha256(token);
  const key = tokenKey(hash);
  const hit = cache?.get(key);
  if (hit) return hit;
  const generation = cache?.generation;
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
  cache?.set(key, user, row.expires_at.getTime(), Date.now(), generation);
  return user;
}

/**
 * Revocation messages go out with the transaction that revokes (NOTIFY is delivered at commit);
 * afterwards this process evicts at once and waits (2 s at most) until every process that was
 * listening when it committed has acknowledged the eviction — so when a logout answers, no
 * process serves the session from its cache any more.
 */
async function revoking<T>(db: Db, cache: SessionCache | undefined, messages: string[], fn: (q: Queryable) => Promise<T>): Promise<T> {
  const waits = cache ? messages.map((m) => cache.awaitRevocation(m)) : [];
  let out: T;
  try {
    out = await db.tx(async (q) => {
      const r = await fn(q);
      if (db.engine === 'postgres' && cache?.listening) {
        const l = await q.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [SESSION_LISTENER_NAME]);
        for (const w of waits) w.expectAcks(l.rows.map((x) => x.pid));
      }
      for (const m of messages) await q.query('SELECT pg_notify($1, $2)', [SESSION_CHANNEL, m]);
      return r;
    });
  } catch (e) {
    for (const w of waits) w.done();
    throw e;
  }
  for (const m of messages) cache?.evict(m);
  await Promise.all(waits.map((w) => w.promise));
  return out;
}

/** A session locked for its end (subject id: the token's SHA-256, base64). */
interface SessionSubject {
  hash: Buffer;
  user_id: string;
  kind: string;
  live: boolean;
}

/**
 * End one session: an action of the pipeline. authorise (whoever holds the token acts as the
 * session's person) → allowed (the session is live) → one transaction: the revocation and
 * `auth.logout` naming its person (the NOTIFY to every process goes with it: `revoking`).
 */
const logoutAction: ActionSpec<SessionSubject, Record<string, never>, { kind: string }> = {
  name: 'account.logout',
  body: NoBody,
  load: async (q, _ctx, key) => {
    const hash = Buffer.from(key, 'base64');
    const r = await q.query<Omit<SessionSubject, 'hash'>>('SELECT user_id, kind, (revoked_at IS NULL AND expires_at > now()) AS live FROM sessions WHERE token_hash = $1 FOR UPDATE', [hash]);
    return r.rows[0] ? { ...r.rows[0], hash } : null;
  },
  // The token is the authority: its holder acts as the session's person.
  authorise: (_actor, s) => holder(s.user_id),
  allowed: (s) => {
    if (!s.live) throw new AppError('NOT_FOUND');
  },
  apply: async ({ q, subject }) => {
    await q.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1', [subject.hash]);
    return { audit: [{ event: 'auth.logout', data: { kind: subject.kind } }], result: { kind: subject.kind } };
  },
};

/**
 * End the sessions of these tokens (a logout carries a bearer token, the session cookie, or both:
 * all of them end), everywhere at once; one audit row per ended session, naming its person. A
 * token that names no live session changes nothing and writes nothing.
 */
export async function logout(db: Db, tokens: string[], cache?: SessionCache, meta: { correlationId?: string } = {}): Promise<number> {
  const hashes = [...new Set(tokens.filter((t) => t && t.length <= 200))].map(sha256);
  if (!hashes.length) return 0;
  return revoking(db, cache, hashes.map((h) => `t:${tokenKey(h)}`), async (q) => {
    let n = 0;
    for (const h of hashes) {
      try {
        await execute(dbContext(db), logoutAction, { actor: { id: null, role: ANONYMOUS }, subjectId: tokenKey(h), body: {}, correlationId: meta.correlationId ?? null }, q);
        n++;
      } catch (e) {
        // Unknown, expired or already ended: nothing to end (and nothing was written).
        if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
      }
    }
    return n;
  });
}

/**
 * End every session of a person (a new password, an admin's decision), everywhere at once,
 * except `keepToken`'s. The caller audits why.
 */
export async function revokeUserSessions(db: Db, userId: string, cache?: SessionCache, opts: { keepToken?: string; within?: (q: Queryable) => Promise<void> } = {}): Promise<number> {
  const keep = opts.keepToken ? sha256(opts.keepToken) : Buffer.alloc(0);
  return revoking(db, cache, [`u:${userId}`], async (q) => {
    await opts.within?.(q);
    const r = await q.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $2', [userId, keep]);
    return r.rowCount;
  });
}

export async function audit(q: Queryable, event: string, actorId: string | null, data: Record<string, unknown> = {}, subject?: { type: string; id: string }, correlationId?: string) {
  await writeAudit(q, { event, actorId, data, subject, correlationId });
}
