/**
 * Password recovery (issue 8 item 14): POST /api/v1/auth/recovery and …/recovery/confirm.
 * The answers never tell whether an IIN has an account; wrong codes are limited; the policy holds;
 * a reset ends every session, clears the sign-in lock and is on record. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser, MAX_FAILED } from '../src/accounts/accounts.ts';
import { passwordProblems, RECOVERY_LIMITS } from '../src/accounts/recovery.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { OTP_MAX_ATTEMPTS } from '../src/identity/otp.ts';
import { makeIin } from '../src/ids/iin.ts';
import { recentSms } from '../src/sms/sms.ts';
import { engine, makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
});
after(async () => {
  await app.close();
  await ctx.close();
});

let seq = 0;
const PASSWORD = 'Old-Password-1';
const NEW_PASSWORD = 'Jana-Qupia-2026';
async function freshUser(opts: { phone?: boolean } = {}) {
  const n = ++seq;
  const phone = `+77031${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(3, '0')}`;
  const iin = makeIin('1985-06-07', n % 2 ? 'male' : 'female', 400 + n);
  const u = await createUser(ctx.db, { iin, surname: 'Тест', givenName: `Recovery${n}`, password: PASSWORD, roles: ['citizen'], ...(opts.phone === false ? {} : { phone }) });
  return { ...u, phone };
}
const nobody = (n: number) => makeIin('1966-01-02', 'male', 800 + n);

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });
const request = (iin: string) => post('/api/v1/auth/recovery', { iin });
const confirm = (body: { iin: string; recoveryId: string; code: string; newPassword?: string }) =>
  post('/api/v1/auth/recovery/confirm', { newPassword: NEW_PASSWORD, ...body });
const login = (iin: string, password: string) => post('/api/v1/auth/login', { iin, password });
const lastCode = async (phone: string) => /(\d{6})/.exec((await recentSms(ctx.db, phone, 1))[0]!.body)![1]!;
const wrongCode = (right: string, i = 0) => String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0');
const auditRows = async (event: string, iin: string) =>
  (await ctx.db.query<{ actor_id: string | null; data: Record<string, unknown> }>("SELECT actor_id, data FROM audit_log WHERE event = $1 AND subject_type = 'person' AND subject_id = $2 ORDER BY id", [event, iin])).rows;
/** The shape of an answer without the values that differ by nature (ids, times). */
const shape = (r: { statusCode: number; json: () => Record<string, unknown> }) => {
  const j = r.json();
  return { status: r.statusCode, keys: Object.keys(j).sort(), code: j.code ?? null, path: j.path ?? null, details: j.details ?? null };
};

describe(`password recovery (${engine})`, () => {
  test('the password policy: 8 characters, letters and digits, not the IIN', () => {
    const iin = nobody(1);
    assert.deepEqual(passwordProblems('Abcdef12', iin), []);
    assert.deepEqual(passwordProblems('Құпия2026', iin), [], 'Kazakh letters are letters');
    assert.deepEqual(passwordProblems('Ab1', iin).map((p) => p.code), ['PASSWORD_TOO_SHORT']);
    assert.deepEqual(passwordProblems('abcdefghij', iin).map((p) => p.code), ['PASSWORD_LETTERS_AND_DIGITS']);
    assert.deepEqual(passwordProblems('1234567890', iin).map((p) => p.code), ['PASSWORD_LETTERS_AND_DIGITS']);
    assert.deepEqual(passwordProblems(iin, iin).map((p) => p.code), ['PASSWORD_LETTERS_AND_DIGITS', 'PASSWORD_IS_IIN']);
    assert.deepEqual(passwordProblems(`x${iin}`, iin).map((p) => p.code), ['PASSWORD_IS_IIN']);
    for (const p of passwordProblems('', iin)) for (const l of ['kk', 'ru', 'en'] as const) assert.ok(p.message[l].length > 10, `${p.code} ${l}`);
  });

  test('an unknown IIN, an account without a phone and an account with one get the same answer; the SMS goes only to the account', async () => {
    const u = await freshUser();
    const noPhone = await freshUser({ phone: false });
    const before = (await recentSms(ctx.db, u.phone, 10)).length;
    const answers = [await request(u.iin), await request(noPhone.iin), await request(nobody(2))];
    for (const r of answers) {
      assert.equal(r.statusCode, 202, r.body);
      assert.deepEqual(Object.keys(r.json()).sort(), ['expiresAt', 'recoveryId']);
      assert.match(r.json().recoveryId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'an opaque uuid7 either way');
      assert.ok(Math.abs(Date.parse(r.json().expiresAt) - Date.now() - 300_000) < 30_000);
      assert.doesNotMatch(r.body, /\*\*|phone|\+7/, 'no masked phone or any hint');
    }
    const sms = await recentSms(ctx.db, u.phone, 10);
    assert.equal(sms.length, before + 1);
    assert.equal(sms[0]!.purpose, 'otp-recovery');
    assert.match(sms[0]!.body, /қалпына келтіру коды \/ код восстановления пароля \d{6}/);
    // On record, for each of the three.
    assert.equal((await auditRows('auth.recovery.requested', u.iin))[0]?.actor_id, u.id);
    assert.equal((await auditRows('auth.recovery.requested', noPhone.iin))[0]?.data.phone, false);
    const anon = await auditRows('auth.recovery.requested', nobody(2));
    assert.equal(anon.length, 1);
    assert.equal(anon[0]!.actor_id, null);
    assert.equal(anon[0]!.data.account, false);
  });

  test('a malformed IIN says so under the field (it tells nothing about accounts)', async () => {
    const r = await request('123456789012');
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'INVALID_IIN');
    assert.equal(r.json().path, '/iin');
  });

  test('wrong codes: the same answers with or without an account, then the limit; the right code after the limit is refused', async () => {
    const u = await freshUser();
    const real = (await request(u.iin)).json();
    const right = await lastCode(u.phone);
    const fake = (await request(nobody(3))).json();
    const seenReal: unknown[] = [];
    const seenFake: unknown[] = [];
    for (let i = 0; i < OTP_MAX_ATTEMPTS + 1; i++) {
      seenReal.push(shape(await confirm({ iin: u.iin, recoveryId: real.recoveryId, code: wrongCode(right, i) })));
      seenFake.push(shape(await confirm({ iin: nobody(3), recoveryId: fake.recoveryId, code: wrongCode(right, i) })));
    }
    assert.deepEqual(seenFake, seenReal);
    assert.deepEqual(seenReal[0], { status: 422, keys: ['code', 'details', 'message', 'path'], code: 'OTP_INVALID', path: '/code', details: { attemptsLeft: OTP_MAX_ATTEMPTS - 1 } });
    assert.equal((seenReal[OTP_MAX_ATTEMPTS - 1] as { code: string }).code, 'OTP_TOO_MANY_ATTEMPTS');
    assert.equal((seenReal[OTP_MAX_ATTEMPTS] as { status: number }).status, 429);
    const late = await confirm({ iin: u.iin, recoveryId: real.recoveryId, code: right });
    assert.equal(late.json().code, 'OTP_TOO_MANY_ATTEMPTS');
    assert.equal((await login(u.iin, PASSWORD)).statusCode, 200, 'the old password still works');
    // Malformed code, another IIN's id, an id that is not one: refused alike, nothing counted.
    const again = (await request(u.iin)).json();
    assert.equal((await confirm({ iin: u.iin, recoveryId: again.recoveryId, code: '12ab' })).json().code, 'OTP_INVALID');
    assert.equal((await confirm({ iin: nobody(4), recoveryId: again.recoveryId, code: right })).json().code, 'RECOVERY_UNKNOWN');
    assert.equal((await confirm({ iin: u.iin, recoveryId: 'not-an-id', code: right })).json().code, 'RECOVERY_UNKNOWN');
    const n = (await ctx.db.query<{ attempts: number }>('SELECT o.attempts FROM otp_codes o JOIN password_recoveries r ON r.otp_id = o.id WHERE r.id = $1', [again.recoveryId])).rows[0]!.attempts;
    assert.equal(n, 0);
  });

  test('the policy is checked first and spends no attempt', async () => {
    const u = await freshUser();
    const r = (await request(u.iin)).json();
    const right = await lastCode(u.phone);
    for (const [pw, codes] of [
      ['short1', ['PASSWORD_TOO_SHORT']],
      ['onlyletters', ['PASSWORD_LETTERS_AND_DIGITS']],
      [u.iin, ['PASSWORD_LETTERS_AND_DIGITS', 'PASSWORD_IS_IIN']],
    ] as const) {
      const a = await confirm({ iin: u.iin, recoveryId: r.recoveryId, code: wrongCode(right), newPassword: pw });
      assert.equal(a.statusCode, 422);
      assert.equal(a.json().code, 'WEAK_PASSWORD');
      assert.deepEqual(a.json().errors.map((e: { code: string; path: string }) => `${e.path} ${e.code}`), codes.map((c) => `/newPassword ${c}`));
      assert.ok(a.json().errors.every((e: { message: Record<string, string> }) => e.message.kk && e.message.ru && e.message.en));
    }
    const ok = await confirm({ iin: u.iin, recoveryId: r.recoveryId, code: right });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('the right code: new password, lock cleared, every session ended, on record; the code and the request are spent', async () => {
    const u = await freshUser();
    const s1 = await login(u.iin, PASSWORD);
    const s2 = await login(u.iin, PASSWORD);
    const bearer = (s: typeof s1) => ({ authorization: `Bearer ${s.json().token}` });
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(s1) })).statusCode, 200);
    for (let i = 0; i < MAX_FAILED; i++) await login(u.iin, 'wrong');
    assert.equal((await login(u.iin, PASSWORD)).statusCode, 423, 'locked');

    const r = (await request(u.iin)).json();
    // The person waits out the 30 s "send again" cool-down (src/identity/otp-limits.ts), then asks again.
    await ctx.db.query("UPDATE otp_codes SET created_at = created_at - interval '31 seconds' WHERE user_id = $1", [u.id]);
    const other = (await request(u.iin)).json(); // a second open request of the same person
    const right = await lastCode(u.phone);
    const ok = await confirm({ iin: u.iin, recoveryId: other.recoveryId, code: right });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { ok: true, sessionsEnded: 2 });

    for (const s of [s1, s2]) assert.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(s) })).statusCode, 401, 'the old sessions are over');
    assert.equal((await login(u.iin, PASSWORD)).statusCode, 401, 'the old password is gone, and the lock with it');
    const fresh = await login(u.iin, NEW_PASSWORD);
    assert.equal(fresh.statusCode, 200, fresh.body);

    const reset = await auditRows('auth.password.reset', u.iin);
    assert.equal(reset.length, 1);
    assert.equal(reset[0]!.actor_id, u.id);
    assert.equal(reset[0]!.data.sessionsEnded, 2);
    assert.equal(reset[0]!.data.lockCleared, true);
    assert.equal(reset[0]!.data.recoveryId, other.recoveryId);
    assert.equal((await auditRows('auth.recovery.requested', u.iin)).length, 2);

    const replay = await confirm({ iin: u.iin, recoveryId: other.recoveryId, code: right, newPassword: 'Another-Pass-3' });
    assert.equal(replay.json().code, 'OTP_USED');
    const first = await confirm({ iin: u.iin, recoveryId: r.recoveryId, code: right, newPassword: 'Another-Pass-3' });
    assert.equal(first.json().code, 'OTP_USED', 'the other open request of the person ended too');
    assert.equal((await login(u.iin, NEW_PASSWORD)).statusCode, 200);
  });

  test('two concurrent confirmations with the right code: one sets the password', async () => {
    const u = await freshUser();
    const r = (await request(u.iin)).json();
    const right = await lastCode(u.phone);
    const out = await Promise.all(['Concurrent-A1', 'Concurrent-B2'].map((pw) => confirm({ iin: u.iin, recoveryId: r.recoveryId, code: right, newPassword: pw })));
    assert.deepEqual(out.map((o) => o.statusCode).sort(), [200, 409]);
    const won = out[0]!.statusCode === 200 ? 'Concurrent-A1' : 'Concurrent-B2';
    assert.equal((await login(u.iin, won)).statusCode, 200);
    assert.equal((await auditRows('auth.password.reset', u.iin)).length, 1);
  });

  test(`at most ${RECOVERY_LIMITS.maxRequests} requests per IIN in ${RECOVERY_LIMITS.windowMinutes} minutes, with or without an account`, async () => {
    const u = await freshUser();
    for (const iin of [u.iin, nobody(5)]) {
      const out = await Promise.all(Array.from({ length: RECOVERY_LIMITS.maxRequests + 3 }, () => request(iin)));
      assert.equal(out.filter((r) => r.statusCode === 202).length, RECOVERY_LIMITS.maxRequests);
      const refused = out.filter((r) => r.statusCode === 429);
      assert.equal(refused.length, 3);
      assert.equal(refused[0]!.json().code, 'RECOVERY_LIMIT');
      const wait = Number(refused[0]!.headers['retry-after']);
      assert.ok(wait > 0 && wait <= RECOVERY_LIMITS.windowMinutes * 60, `Retry-After ${refused[0]!.headers['retry-after']}`);
    }
    // Requests that arrive together send one SMS: the others fall in the "send again" cool-down
    // of the code just sent (their answer stays the neutral one).
    assert.equal((await recentSms(ctx.db, u.phone, 10)).length, 1, 'no SMS beyond the limit and the cool-down');
  });

  test('a demo account: the code is readable at the demo SMS endpoint (as the README says)', async () => {
    const a = DEMO_ACCOUNTS.find((x) => x.role === 'provider-clerk')!;
    const r = (await request(a.iin)).json();
    const sms = await app.inject({ method: 'GET', url: `/api/v1/demo/sms?phone=${encodeURIComponent(a.phone)}` });
    const code = /код восстановления пароля (\d{6})/.exec(sms.json().items[0].body)![1]!;
    const ok = await confirm({ iin: a.iin, recoveryId: r.recoveryId, code, newPassword: 'Demo-Reset-7' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await login(a.iin, 'Demo-Reset-7')).statusCode, 200);
  });
});
