/**
 * Account actions on the one pipeline (src/actions): login, logout, a first certificate login
 * making the account, a recovery request and a password reset each write their audit row in the
 * transaction of their change — so when the audit row cannot be written nothing changes — and
 * a refused action writes nothing. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ACCOUNT_HOLDER, authenticate, createUser, logout, openSession, openSessionForNewAccount } from '../src/accounts/accounts.ts';
import { confirmRecovery, requestRecovery } from '../src/accounts/recovery.ts';
import type { AppContext } from '../src/context.ts';
import type { Db, Queryable } from '../src/db/db.ts';
import { makeIin } from '../src/ids/iin.ts';
import { recentSms } from '../src/sms/sms.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { writesAuditEvent } from './helpers/audit-faults.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
before(async () => {
  ctx = await makeTestContext();
});
after(async () => ctx.close());

let seq = 0;
async function person() {
  const n = ++seq;
  const phone = `+77032${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(3, '0')}`;
  const u = await createUser(ctx.db, { iin: makeIin('1987-03-04', n % 2 ? 'male' : 'female', 600 + n), surname: 'Тест', givenName: `Action${n}`, password: 'Old-Password-1', roles: ['citizen'], phone });
  return { ...u, phone };
}

/** The database, except that inside a transaction the audit row of `event` cannot be written. */
function auditFails(db: Db, event: string): Db {
  return {
    ...db,
    tx: <T>(fn: (q: Queryable) => Promise<T>) =>
      db.tx((q) =>
        fn({
          exec: (sql: string) => q.exec(sql),
          query: <R>(sql: string, params?: unknown[], name?: string) => {
            if (writesAuditEvent(params, name, event)) return Promise.reject(new Error(`audit log unavailable (${event})`));
            return q.query<R>(sql, params, name);
          },
        }),
      ),
  };
}

const maxAudit = async () => (await ctx.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit_log')).rows[0]!.id;
const auditSince = async (id: number) =>
  (await ctx.db.query<{ event: string; actor_id: string | null; actor_role: string | null }>('SELECT event, actor_id::text, actor_role FROM audit_log WHERE id > $1 ORDER BY id', [id])).rows;
const liveSessions = async (userId: string) =>
  (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()', [userId])).rows[0]!.n;

test(`login and logout: one audit row each, in the transaction of the session; nothing without it (${engine})`, async () => {
  const u = await person();
  const v = await person();
  // Login: the session and `auth.login`, or neither.
  let mark = await maxAudit();
  await assert.rejects(openSession(auditFails(ctx.db, 'auth.login'), u, 'bearer', 1, 'password'), /audit log unavailable/);
  assert.equal(await liveSessions(u.id), 0);
  assert.deepEqual(await auditSince(mark), []);
  const su = await openSession(ctx.db, u, 'bearer', 1, 'password');
  const sv = await openSession(ctx.db, v, 'cookie', 1, 'password');
  assert.deepEqual(await auditSince(mark), [
    { event: 'auth.login', actor_id: u.id, actor_role: ACCOUNT_HOLDER },
    { event: 'auth.login', actor_id: v.id, actor_role: ACCOUNT_HOLDER },
  ]);

  // Logout: the audit row cannot be written → the session is not ended either.
  mark = await maxAudit();
  assert.equal(await logout(ctx.db, ['not-a-session']), 0);
  await assert.rejects(logout(auditFails(ctx.db, 'auth.logout'), [su.token]), /audit log unavailable/);
  assert.ok(await authenticate(ctx.db, su.token), 'still signed in');
  assert.deepEqual(await auditSince(mark), []);
  // One logout carrying two people's tokens (a bearer and a cookie): each row names its own person.
  assert.equal(await logout(ctx.db, [su.token, sv.token, 'not-a-session']), 2);
  assert.equal(await authenticate(ctx.db, su.token), null);
  assert.equal(await authenticate(ctx.db, sv.token), null);
  assert.deepEqual(await auditSince(mark), [
    { event: 'auth.logout', actor_id: u.id, actor_role: ACCOUNT_HOLDER },
    { event: 'auth.logout', actor_id: v.id, actor_role: ACCOUNT_HOLDER },
  ]);
  // Ending them again: nothing to end, nothing written.
  mark = await maxAudit();
  assert.equal(await logout(ctx.db, [su.token, sv.token]), 0);
  assert.deepEqual(await auditSince(mark), []);
});

test(`a first certificate login makes the account and its session in one transaction, audited (${engine})`, async () => {
  const iin = makeIin('1979-08-09', 'female', 955);
  const name = { iin, surname: 'Серікова', givenName: 'Әсем', patronymic: null };
  const accounts = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE iin = $1', [iin])).rows[0]!.n;
  let mark = await maxAudit();
  // Either audit row missing: no account, no session.
  for (const event of ['auth.account.created', 'auth.login']) {
    await assert.rejects(openSessionForNewAccount(auditFails(ctx.db, event), name, 'bearer', 1), /audit log unavailable/);
    assert.equal(await accounts(), 0, event);
  }
  assert.deepEqual(await auditSince(mark), []);
  const s = await openSessionForNewAccount(ctx.db, name, 'bearer', 1, { data: { certificate: 'abc' } });
  assert.equal(s.user.iin, iin);
  assert.deepEqual(s.user.roles, ['citizen']);
  assert.equal(await accounts(), 1);
  const rows = await auditSince(mark);
  assert.deepEqual(rows.map((r) => r.event), ['auth.account.created', 'auth.login']);
  assert.equal(rows[1]!.actor_id, s.user.id);
  // A second "first" login (a concurrent one that lost): the account's session, no second account.
  mark = await maxAudit();
  const again = await openSessionForNewAccount(ctx.db, name, 'bearer', 1);
  assert.equal(again.user.id, s.user.id);
  assert.equal(await accounts(), 1);
  assert.deepEqual((await auditSince(mark)).map((r) => r.event), ['auth.login']);
});

test(`recovery request and password reset: their audit rows in the transaction of the change; nothing changes without them (${engine})`, async () => {
  const u = await person();
  const recoveries = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM password_recoveries WHERE iin = $1', [u.iin])).rows[0]!.n;
  const sms = async () => (await recentSms(ctx.db, u.phone, 50)).length;
  const failing = (event: string) => ({ ...ctx, db: auditFails(ctx.db, event) }) as AppContext;

  // The request: no row, no code, no SMS when `auth.recovery.requested` cannot be written.
  let mark = await maxAudit();
  await assert.rejects(requestRecovery(failing('auth.recovery.requested'), u.iin), /audit log unavailable/);
  assert.deepEqual([await recoveries(), await sms()], [0, 0]);
  assert.deepEqual(await auditSince(mark), []);
  const r = await requestRecovery(ctx, u.iin);
  assert.deepEqual([await recoveries(), await sms()], [1, 1]);
  assert.deepEqual((await auditSince(mark)).map((a) => [a.event, a.actor_id]), [
    ['otp.issued', u.id],
    ['auth.recovery.requested', u.id],
  ]);
  const code = /(\d{6})/.exec((await recentSms(ctx.db, u.phone, 1))[0]!.body)![1]!;

  // The reset: `auth.password.reset` cannot be written → the password, the code and the sessions stay as they were.
  const session = await openSession(ctx.db, u, 'bearer', 1, 'password');
  const hash = async () => (await ctx.db.query<{ h: string }>('SELECT password_hash AS h FROM users WHERE id = $1', [u.id])).rows[0]!.h;
  const before = await hash();
  mark = await maxAudit();
  const input = { iin: u.iin, recoveryId: r.recoveryId, code, newPassword: 'Jana-Qupia-2027' };
  await assert.rejects(confirmRecovery(failing('auth.password.reset'), input), /audit log unavailable/);
  assert.equal(await hash(), before);
  assert.ok(await authenticate(ctx.db, session.token), 'the session was not ended');
  assert.deepEqual(await auditSince(mark), []);
  // A refused reset (someone else's recovery id for this IIN) writes nothing either.
  const other = await person();
  const ro = await requestRecovery(ctx, other.iin);
  mark = await maxAudit();
  await assert.rejects(confirmRecovery(ctx, { ...input, recoveryId: ro.recoveryId }), (e: { code?: string; status?: number }) => e.code === 'RECOVERY_UNKNOWN' && e.status === 422);
  assert.deepEqual(await auditSince(mark), []);
  // The same code still works: the failed attempt spent nothing.
  const ok = await confirmRecovery(ctx, input);
  assert.deepEqual(ok, { ok: true, sessionsEnded: 1 });
  assert.notEqual(await hash(), before);
  assert.equal(await authenticate(ctx.db, session.token), null);
  assert.deepEqual(await auditSince(mark), [{ event: 'auth.password.reset', actor_id: u.id, actor_role: ACCOUNT_HOLDER }]);
});
