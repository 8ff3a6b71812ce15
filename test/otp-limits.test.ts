/**
 * Issuing SMS codes is limited per person, per phone and per client (issue 8, item 16), and every
 * issued code is audited (item 13). Before this, codes could be issued without limit (about 328
 * a second, each a real SMS) and no audit row recorded the request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/accounts/accounts.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { DEFAULT_OTP_LIMITS, decideOtpIssue, loadOtpLimits, type OtpHistory, type OtpLimits } from '../src/identity/otp-limits.ts';
import { issueOtp } from '../src/identity/otp.ts';
import { makeIin } from '../src/ids/iin.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const empty = (): OtpHistory => ({ personSamePurpose: [], person: [], phone: [], client: [] });

describe('the issuing rule (pure)', () => {
  const L = DEFAULT_OTP_LIMITS;
  const now = Date.UTC(2026, 11, 7, 9, 0, 0);

  test('a first code goes', () => {
    assert.deepEqual(decideOtpIssue(empty(), now, L), { allowed: true });
  });

  test('"send again" waits out the cool-down, to the millisecond', () => {
    const h = { ...empty(), personSamePurpose: [now - 10 * S], person: [now - 10 * S], phone: [now - 10 * S] };
    assert.deepEqual(decideOtpIssue(h, now, L), { allowed: false, limit: 'cooldown', retryAfterMs: 20 * S });
    const later = { ...h, personSamePurpose: [now - 30 * S], person: [now - 30 * S], phone: [now - 30 * S] };
    assert.deepEqual(decideOtpIssue(later, now, L), { allowed: true }, 'at exactly 30 s it may go');
    assert.deepEqual(decideOtpIssue(h, now, { ...L, cooldownSeconds: 0 }), { allowed: true }, 'no cool-down when set to 0');
  });

  test('per person per hour: the next code goes when the oldest of the last N leaves the hour', () => {
    const times = Array.from({ length: L.perPersonHour }, (_, i) => now - (50 - i) * MIN);
    const d = decideOtpIssue({ ...empty(), person: times, phone: times }, now, L);
    assert.deepEqual(d, { allowed: false, limit: 'per-person-hour', retryAfterMs: 10 * MIN });
    // One fewer inside the hour: allowed.
    assert.equal(decideOtpIssue({ ...empty(), person: times.slice(1), phone: times.slice(1) }, now, L).allowed, true);
  });

  test('per person per day counts codes older than an hour', () => {
    const times = Array.from({ length: L.perPersonDay }, (_, i) => now - 23 * H + i * MIN);
    const d = decideOtpIssue({ ...empty(), person: times }, now, L);
    assert.equal(d.allowed, false);
    assert.equal(d.allowed === false && d.limit, 'per-person-day');
    assert.equal(d.allowed === false && d.retryAfterMs, H);
  });

  test('a phone shared by accounts, and one client asking for many people, are limited too', () => {
    const tenMin = Array.from({ length: L.perPhoneHour }, (_, i) => now - i * MIN - S);
    assert.equal(decideOtpIssue({ ...empty(), phone: tenMin }, now, L).allowed === false && 'phone', 'phone');
    const burst = Array.from({ length: L.perClientMinute }, (_, i) => now - i * 100 - 1);
    const d = decideOtpIssue({ ...empty(), client: burst }, now, L);
    assert.equal(d.allowed === false && d.limit, 'per-client-minute');
  });

  test('when several limits hold, the wait is the longest', () => {
    const h = { ...empty(), personSamePurpose: [now - 5 * S], person: Array.from({ length: L.perPersonHour }, (_, i) => now - (59 - i) * MIN) };
    const d = decideOtpIssue(h, now, L);
    assert.equal(d.allowed === false && d.limit, 'per-person-hour');
  });

  test('property: codes issued whenever the rule allows never exceed any window', () => {
    const small: OtpLimits = { cooldownSeconds: 5, perPersonHour: 4, perPersonDay: 7, perPhoneHour: 5, perPhoneDay: 9, perClientMinute: 3, perClientHour: 6 };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 * MIN }), { minLength: 1, maxLength: 200 }), (gaps) => {
        const issued: number[] = [];
        let t = 0;
        for (const g of gaps) {
          t += g;
          const h = { personSamePurpose: issued.filter((x) => x > t - 5 * MIN), person: issued, phone: issued, client: issued };
          const d = decideOtpIssue(h, t, small);
          if (d.allowed) issued.push(t);
          else assert.ok(d.retryAfterMs > 0);
        }
        const within = (w: number, max: number) => issued.every((x) => issued.filter((y) => y >= x && y < x + w).length <= max);
        return within(60 * MIN, 4) && within(24 * H, 7) && within(MIN, 3) && issued.every((x, i) => i === 0 || x - issued[i - 1]! >= 5 * S);
      }),
      { numRuns: 300 },
    );
  });

  test('limits come from the environment, never below 1 (0 is allowed only for the cool-down)', () => {
    assert.deepEqual(loadOtpLimits({}), DEFAULT_OTP_LIMITS);
    const l = loadOtpLimits({ OTP_COOLDOWN_SECONDS: '0', OTP_PER_PERSON_HOUR: '0', OTP_PER_CLIENT_MINUTE: 'x', OTP_PER_PHONE_DAY: '12' });
    assert.equal(l.cooldownSeconds, 0);
    assert.equal(l.perPersonHour, 1);
    assert.equal(l.perClientMinute, DEFAULT_OTP_LIMITS.perClientMinute);
    assert.equal(l.perPhoneDay, 12);
  });
});

describe(`issuing SMS codes through the API (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  const citizen = DEMO_ACCOUNTS[0]!;
  let token = '';
  let example: Record<string, unknown> = {};
  let n = 0;

  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
    token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).json().token;
    example = { ...(ctx.registry.inForce('archival-reference')!.form.example as Record<string, unknown>) };
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  const smsCount = async (phone: string) => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sms_outbox WHERE phone = $1', [phone])).rows[0]!.n;
  const ask = (key: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/applications/signing-code',
      remoteAddress,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, ...headers },
      payload: { serviceCode: 'archival-reference', channel: 'portal', form: example },
    });
  const reset = () => ctx.db.query('DELETE FROM otp_codes WHERE user_id = (SELECT id FROM users WHERE iin = $1)', [citizen.iin]);

  test('"send again" for the same draft within 30 s: 429 with the real wait, no second SMS; another draft may go', async () => {
    const key = `cool-${++n}`;
    const first = await ask(key);
    assert.equal(first.statusCode, 200, first.body);
    const sent = await smsCount(citizen.phone);
    const again = await ask(key);
    assert.equal(again.statusCode, 429, again.body);
    assert.equal(again.json().code, 'OTP_RATE_LIMITED');
    assert.equal(again.json().details.limit, 'cooldown');
    for (const l of ['kk', 'ru', 'en']) assert.ok(again.json().message[l]);
    const retryAfter = Number(again.headers['retry-after']);
    assert.ok(retryAfter >= 28 && retryAfter <= 30, String(retryAfter));
    assert.equal(await smsCount(citizen.phone), sent, 'no SMS for a refused request');
    // A different draft (another key) is another thing to sign.
    assert.equal((await ask(`cool-${++n}`)).statusCode, 200);
  });

  test('a burnt code does not hold the cool-down: a new one may be asked for at once', async () => {
    await reset();
    const key = `burnt-${++n}`;
    const first = await ask(key);
    await ctx.db.query('UPDATE otp_codes SET attempts = 5 WHERE id = $1', [first.json().otpId]);
    assert.equal((await ask(key)).statusCode, 200);
  });

  test(`at most ${DEFAULT_OTP_LIMITS.perPersonHour} codes an hour per person, also when 40 requests arrive at once`, async () => {
    await reset();
    const before = await smsCount(citizen.phone);
    const out = await Promise.all(Array.from({ length: 40 }, () => ask(`burst-${++n}`)));
    const ok = out.filter((r) => r.statusCode === 200).length;
    const limited = out.filter((r) => r.statusCode === 429);
    assert.equal(ok, DEFAULT_OTP_LIMITS.perPersonHour, out.map((r) => r.statusCode).join(','));
    assert.equal(limited.length, 40 - ok);
    assert.ok(limited.every((r) => r.json().code === 'OTP_RATE_LIMITED' && Number(r.headers['retry-after']) > 3000), 'the wait is the hour window, not 5 s');
    assert.equal(await smsCount(citizen.phone), before + ok, 'exactly one SMS per issued code');
    const audited = await ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE event = 'otp.issued' AND subject_id = $1 AND data->>'purpose' = 'sign' AND at > now() - interval '1 minute'",
      [citizen.iin],
    );
    assert.ok(audited.rows[0]!.n >= ok);
  });

  test('one client asking codes for many people is limited per client; another client is not', async () => {
    const limits: OtpLimits = { ...DEFAULT_OTP_LIMITS, perClientMinute: 3 };
    const people = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createUser(ctx.db, { iin: makeIin('1990-02-0' + (i + 1), 'male', 700 + i), surname: 'Client', givenName: `P${i}`, password: 'demo-password-1', roles: ['citizen'], phone: `+7702000100${i}` }),
      ),
    );
    const results: string[] = [];
    for (const p of people) {
      try {
        await issueOtp(ctx.db, p.id, 'login', null, undefined, { limits, client: '203.0.113.7' });
        results.push('ok');
      } catch (e) {
        results.push((e as { code: string }).code);
      }
    }
    assert.deepEqual(results, ['ok', 'ok', 'ok', 'OTP_RATE_LIMITED', 'OTP_RATE_LIMITED']);
    await issueOtp(ctx.db, people[4]!.id, 'login', null, undefined, { limits, client: '198.51.100.9' });
  });

  test('a phone shared by several accounts is limited as one phone', async () => {
    const limits: OtpLimits = { ...DEFAULT_OTP_LIMITS, perPhoneHour: 2 };
    const shared = '+77029998877';
    const a = await createUser(ctx.db, { iin: makeIin('1985-05-05', 'female', 801), surname: 'Shared', givenName: 'A', password: 'demo-password-1', roles: ['citizen'], phone: shared });
    const b = await createUser(ctx.db, { iin: makeIin('1986-06-06', 'male', 802), surname: 'Shared', givenName: 'B', password: 'demo-password-1', roles: ['citizen'], phone: shared });
    await issueOtp(ctx.db, a.id, 'login', null, undefined, { limits });
    await issueOtp(ctx.db, b.id, 'login', null, undefined, { limits });
    await assert.rejects(issueOtp(ctx.db, a.id, 'sign', 'x', undefined, { limits }), (e: { code: string; opts: { details: { limit: string } } }) => e.code === 'OTP_RATE_LIMITED' && e.opts.details.limit === 'per-phone-hour');
  });

  test('each issued code writes an audit row naming who asked and for whom', async () => {
    const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator')!;
    const opToken = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: operator.iin, password: operator.password } })).json().token;
    const other = DEMO_ACCOUNTS[1]!;
    const r = await app.inject({ method: 'POST', url: '/api/v1/consents', headers: { authorization: `Bearer ${opToken}` }, payload: { subjectIin: other.iin, purpose: 'identity-check', systems: ['persons'] } });
    assert.equal(r.statusCode, 201, r.body);
    const row = (
      await ctx.db.query<{ actor_id: string; on_behalf_of: string; subject_id: string; data: { purpose: string; phone: string; client?: string } }>(
        "SELECT actor_id, on_behalf_of, subject_id, data FROM audit_log WHERE event = 'otp.issued' AND subject_id = $1 ORDER BY id DESC LIMIT 1",
        [other.iin],
      )
    ).rows[0]!;
    const ids = await ctx.db.query<{ id: string; iin: string }>('SELECT id, iin FROM users WHERE iin = ANY($1)', [[operator.iin, other.iin]]);
    const idOf = (iin: string) => ids.rows.find((x) => x.iin === iin)!.id;
    assert.equal(row.actor_id, idOf(operator.iin), 'the operator asked');
    assert.equal(row.on_behalf_of, idOf(other.iin), 'for the person the code went to');
    assert.equal(row.data.purpose, 'consent');
    assert.ok(!row.data.phone.includes(other.phone.slice(4, 9)), 'the phone is masked in the log');
  });
});
