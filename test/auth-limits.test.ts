/**
 * Attempt limits under concurrency (issue 8 item 4): many password or SMS-code guesses at once,
 * against one app and — on real PostgreSQL (TEST_DATABASE_URL) — two app instances on one
 * database. At most the limit is ever compared, the right secret after the limit is refused, and
 * an IIN without an account answers exactly like one with an account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser, MAX_FAILED, SessionCache } from '../src/accounts/accounts.ts';
import type { AppContext } from '../src/context.ts';
import { openPostgres } from '../src/db/db.ts';
import { buildApp } from '../src/http/app.ts';
import { consumeOtp, issueOtp, OTP_MAX_ATTEMPTS } from '../src/identity/otp.ts';
import { makeIin } from '../src/ids/iin.ts';
import { recentSms } from '../src/sms/sms.ts';
import { engine, makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
/** Two app instances: on PostgreSQL each with its own pool and session cache; on PGlite (one process) the same one twice. */
let A: FastifyInstance;
let B: FastifyInstance;
let ctxB: AppContext;
let closeB = async () => {};

before(async () => {
  ctx = await makeTestContext();
  A = await buildApp(ctx);
  if (ctx.dbUrl) {
    const db = await openPostgres(ctx.dbUrl, 10);
    ctxB = { ...ctx, db, sessions: new SessionCache(ctx.config.sessionCacheMs) };
    B = await buildApp(ctxB);
    closeB = async () => {
      await B.close();
      await db.close();
    };
  } else {
    ctxB = ctx;
    B = A;
  }
});
after(async () => {
  await closeB();
  await A.close();
  await ctx.close();
});

let seq = 0;
const PASSWORD = 'Right-Password-1';
async function freshUser(opts: { mfaSms?: boolean } = {}) {
  const n = ++seq;
  const phone = `+77029${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(3, '0')}`;
  const u = await createUser(ctx.db, {
    iin: makeIin('1991-02-03', n % 2 ? 'male' : 'female', 300 + n),
    surname: 'Тест',
    givenName: `Limits${n}`,
    password: PASSWORD,
    roles: ['citizen'],
    phone,
    mfaSms: opts.mfaSms ?? false,
  });
  return { ...u, phone };
}

const failedChecks = async (userId: string) =>
  (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE event = 'auth.login.failed' AND actor_id = $1", [userId])).rows[0]!.n;

const login = (app: FastifyInstance, iin: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin, password } });

describe('password attempts', () => {
  test(`60 concurrent wrong passwords over two instances: at most ${MAX_FAILED} are compared, then even the right one is refused`, async () => {
    const u = await freshUser();
    const out = await Promise.all(Array.from({ length: 60 }, (_, i) => login(i % 2 ? B : A, u.iin, `wrong-${i}`)));
    const checked = await failedChecks(u.id);
    assert.ok(checked <= MAX_FAILED, `${checked} passwords were compared against a limit of ${MAX_FAILED}`);
    assert.equal(out.filter((r) => r.statusCode === 401).length, MAX_FAILED - 1, 'the attempts before the last allowed one say "wrong"');
    assert.equal(out.filter((r) => r.statusCode === 423).length, 60 - (MAX_FAILED - 1), 'the rest: locked');
    const right = await login(A, u.iin, PASSWORD);
    assert.equal(right.statusCode, 423, 'locked: the right password is refused too');
    assert.equal(right.json().code, 'ACCOUNT_LOCKED');
    assert.equal(await failedChecks(u.id), checked, 'a locked IIN compares nothing');
  });

  test(`the right password at #45 of 60 concurrent attempts opens no session (${engine})`, async () => {
    const u = await freshUser();
    const out = await Promise.all(Array.from({ length: 60 }, (_, i) => login(i % 2 ? B : A, u.iin, i === 45 ? PASSWORD : `wrong-${i}`)));
    const opened = out.filter((r) => r.statusCode === 200).length;
    const checked = (await failedChecks(u.id)) + opened;
    assert.ok(checked <= MAX_FAILED, `${checked} passwords were compared against a limit of ${MAX_FAILED}`);
    assert.equal(out[45]!.statusCode, 423, `the right password after the limit: ${out[45]!.body}`);
    assert.equal(opened, 0);
  });

  test('the answers tell the attempts left, then the lock and its end', async () => {
    const u = await freshUser();
    for (let left = MAX_FAILED - 1; left >= 1; left--) {
      const r = await login(A, u.iin, 'wrong');
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().details.attemptsLeft, left);
    }
    const locked = await login(A, u.iin, 'wrong');
    assert.equal(locked.statusCode, 423);
    const until = Date.parse(locked.json().details.lockedUntil);
    assert.ok(Math.abs(until - Date.now() - ctx.config.login.lockMinutes * 60_000) < 60_000, 'locked for LOGIN_LOCK_MINUTES');
    assert.equal(locked.json().details.lockMinutes, ctx.config.login.lockMinutes);
    const wait = Number(locked.headers['retry-after']);
    assert.ok(wait > 0 && wait <= ctx.config.login.lockMinutes * 60, `Retry-After ${locked.headers['retry-after']}`);
  });

  test('a success resets the count; the lock ends by itself', async () => {
    const u = await freshUser();
    for (let i = 0; i < MAX_FAILED - 1; i++) await login(A, u.iin, 'wrong');
    assert.equal((await login(A, u.iin, PASSWORD)).statusCode, 200);
    assert.equal((await login(A, u.iin, 'wrong')).json().details.attemptsLeft, MAX_FAILED - 1, 'counted afresh after a success');
    for (let i = 0; i < MAX_FAILED - 1; i++) await login(A, u.iin, 'wrong');
    assert.equal((await login(A, u.iin, PASSWORD)).statusCode, 423);
    await ctx.db.query("UPDATE login_attempts SET locked_until = now() - interval '1 second' WHERE iin = $1", [u.iin]);
    assert.equal((await login(A, u.iin, PASSWORD)).statusCode, 200, 'the lock has ended');
  });

  test('an IIN without an account answers exactly like one with an account, and locks after the same number of tries', async () => {
    const u = await freshUser();
    const nobody = makeIin('1977-07-07', 'male', 777);
    const answers = async (iin: string) => {
      const seen: string[] = [];
      for (let i = 0; i < MAX_FAILED + 2; i++) {
        const r = await login(A, iin, i === MAX_FAILED + 1 ? PASSWORD : 'wrong');
        const j = r.json();
        seen.push(`${r.statusCode} ${j.code} ${j.details?.attemptsLeft ?? '-'} ${j.details?.lockMinutes ?? '-'} ${r.headers['retry-after'] ? 'retry-after' : '-'}`);
      }
      return seen;
    };
    const withAccount = await answers(u.iin);
    const without = await answers(nobody);
    assert.deepEqual(without, withAccount);
    assert.equal(without.at(-1)?.split(' ')[0], '423');

    const other = makeIin('1977-07-08', 'female', 778);
    const out = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? B : A, other, `wrong-${i}`)));
    assert.equal(out.filter((r) => r.statusCode === 401).length, MAX_FAILED - 1);
    assert.equal(out.filter((r) => r.statusCode === 423).length, 40 - (MAX_FAILED - 1));
  });
});

describe('SMS code attempts', () => {
  const lastCode = async (phone: string) => /(\d{6})/.exec((await recentSms(ctx.db, phone, 1))[0]!.body)![1]!;
  const wrongCodes = (right: string, n: number) => Array.from({ length: n }, (_, i) => String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0'));
  const attempts = async (otpId: string) => (await ctx.db.query<{ attempts: number }>('SELECT attempts FROM otp_codes WHERE id = $1', [otpId])).rows[0]!.attempts;

  test(`200 concurrent guesses on one login code over two instances, the right one at #30: at most ${OTP_MAX_ATTEMPTS} compared, the right one refused`, async () => {
    const u = await freshUser({ mfaSms: true });
    const step1 = (await login(A, u.iin, PASSWORD)).json();
    assert.equal(step1.mfaRequired, true);
    const right = await lastCode(u.phone);
    const codes = wrongCodes(right, 200);
    codes[30] = right;
    const out = await Promise.all(codes.map((code, i) => (i % 2 ? B : A).inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: step1.otpId, code } })));
    const n = await attempts(step1.otpId);
    assert.ok(n <= OTP_MAX_ATTEMPTS, `attempts reached ${n} against a limit of ${OTP_MAX_ATTEMPTS}`);
    const compared = out.filter((r) => r.statusCode === 200 || r.json().code === 'OTP_INVALID').length;
    assert.ok(compared <= OTP_MAX_ATTEMPTS - 1 + 1, `${compared} answers came from a comparison`);
    assert.notEqual(out[30]!.statusCode, 200, 'the right code after the limit opens no session');
    assert.equal(out.filter((r) => r.statusCode === 200).length, 0);
    const after = await A.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: step1.otpId, code: right } });
    assert.equal(after.statusCode, 429);
    assert.equal(after.json().code, 'OTP_TOO_MANY_ATTEMPTS');
  });

  test('a signing code checked without spending (the submission spends it): concurrent guesses are limited the same way', async () => {
    const u = await freshUser();
    const otp = await issueOtp(ctx.db, u.id, 'sign', 'h'.repeat(64));
    const right = await lastCode(u.phone);
    const codes = wrongCodes(right, 200);
    codes[30] = right;
    const dbs = [ctx.db, ctxB.db];
    const out = await Promise.allSettled(codes.map((code, i) => consumeOtp(dbs[i % 2]!, otp.otpId, code, u.id, 'sign', 'h'.repeat(64), { spend: false })));
    assert.ok((await attempts(otp.otpId)) <= OTP_MAX_ATTEMPTS);
    const wrong = out.filter((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'OTP_INVALID').length;
    assert.ok(wrong <= OTP_MAX_ATTEMPTS - 1, `${wrong} wrong codes were compared`);
    assert.equal(out[30]!.status, 'rejected', 'the right code after the limit is refused');
    await assert.rejects(consumeOtp(ctx.db, otp.otpId, right, u.id, 'sign', 'h'.repeat(64), { spend: false }), { code: 'OTP_TOO_MANY_ATTEMPTS' });
  });

  test('a wrong code says how many attempts are left', async () => {
    const u = await freshUser();
    const otp = await issueOtp(ctx.db, u.id, 'sign', 'x');
    const right = await lastCode(u.phone);
    const [w] = wrongCodes(right, 1);
    await assert.rejects(consumeOtp(ctx.db, otp.otpId, w!, u.id, 'sign', 'x'), (e: { code: string; opts: { details?: { attemptsLeft?: number } } }) => e.code === 'OTP_INVALID' && e.opts.details?.attemptsLeft === OTP_MAX_ATTEMPTS - 1);
    await consumeOtp(ctx.db, otp.otpId, right, u.id, 'sign', 'x');
    await assert.rejects(consumeOtp(ctx.db, otp.otpId, right, u.id, 'sign', 'x'), { code: 'OTP_USED' });
  });
});
