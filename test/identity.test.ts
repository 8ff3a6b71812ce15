/** Certificate login (single-use challenges), SMS second factor, SMS signing of applications, demo keystores. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { OTP_MAX_ATTEMPTS } from '../src/identity/otp.ts';
import { signCms } from '../src/pki/sign.ts';
import { makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS[0]!;
const mfaCitizen = DEMO_ACCOUNTS.find((a) => a.mfaSms)!;

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
});
after(async () => {
  await app.close();
  await ctx.close();
});

const lastCode = async (phone: string) => {
  const items = (await app.inject({ url: '/api/v1/demo/sms', query: { phone } })).json().items as Array<{ body: string }>;
  return /(\d{6})/.exec(items[0]!.body)![1]!;
};

async function signChallenge(who: (typeof DEMO_ACCOUNTS)[number], usage: 'auth' | 'sign' = 'auth') {
  const ch = (await app.inject({ method: 'POST', url: '/api/v1/auth/challenge' })).json();
  const p12 = await demoKeystore(ctx.db, who.iin, usage);
  const cms = Buffer.from(await signCms(Buffer.from(ch.challenge, 'base64'), p12!, who.password, { detached: true })).toString('base64');
  return { challengeId: ch.challengeId as string, signature: cms };
}

describe('certificate login', () => {
  test('the challenge signed with the AUTH key opens a session for the IIN in the certificate', async () => {
    const body = await signChallenge(citizen);
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: body });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().user.iin, citizen.iin);
    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${r.json().token}` } });
    assert.equal(me.json().iin, citizen.iin);
  });

  test('a replayed challenge fails', async () => {
    const body = await signChallenge(citizen);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: body })).statusCode, 200);
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: body });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'AUTH_CHALLENGE_USED');
  });

  test('the SIGN key cannot be used to log in; an unknown challenge is refused', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: await signChallenge(citizen, 'sign') });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'EDS_WRONG_KEY_USAGE');
    const { signature } = await signChallenge(citizen);
    const u = await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: { challengeId: '01234567-89ab-7def-8123-456789abcdef', signature } });
    assert.equal(u.json().code, 'AUTH_CHALLENGE_UNKNOWN');
  });

  test('a signature over other bytes than the challenge fails', async () => {
    const ch = (await app.inject({ method: 'POST', url: '/api/v1/auth/challenge' })).json();
    const p12 = await demoKeystore(ctx.db, citizen.iin, 'auth');
    const cms = Buffer.from(await signCms(Buffer.from('something else'), p12!, citizen.password, { detached: true })).toString('base64');
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: { challengeId: ch.challengeId, signature: cms } });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'EDS_BAD_SIGNATURE');
  });

  test('a revoked certificate cannot log in', async () => {
    const issued = await ctx.pki.ca!.issue({ iin: citizen.iin, name: { surname: citizen.surname, givenName: citizen.givenName }, usage: 'auth', algorithm: 'ecdsa', password: 'pw-123456' });
    await ctx.pki.ca!.revoke(issued.serial, 'keyCompromise');
    const ch = (await app.inject({ method: 'POST', url: '/api/v1/auth/challenge' })).json();
    const cms = Buffer.from(await signCms(Buffer.from(ch.challenge, 'base64'), issued.pkcs12, 'pw-123456', { detached: true })).toString('base64');
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: { challengeId: ch.challengeId, signature: cms } });
    assert.equal(r.json().code, 'EDS_REVOKED');
  });

  test('demo keystores are downloadable and open with the demo password', async () => {
    const r = await app.inject({ url: `/api/v1/demo/keystores/${citizen.iin}/sign` });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/x-pkcs12');
    const cms = await signCms(Buffer.from('x'), r.rawPayload, citizen.password, { detached: false });
    assert.ok(cms.length > 100);
  });
});

describe('SMS one-time codes', () => {
  test('password + SMS code for a two-factor account; wrong codes are limited', async () => {
    const step1 = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: mfaCitizen.iin, password: mfaCitizen.password } })).json();
    assert.equal(step1.mfaRequired, true);
    assert.ok(!step1.token, 'no session before the second factor');
    const code = await lastCode(mfaCitizen.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i < OTP_MAX_ATTEMPTS; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: step1.otpId, code: wrong } });
      assert.equal(r.json().code, 'OTP_INVALID');
    }
    const last = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: step1.otpId, code: wrong } });
    assert.equal(last.json().code, 'OTP_TOO_MANY_ATTEMPTS');
    const even = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: step1.otpId, code } });
    assert.equal(even.json().code, 'OTP_TOO_MANY_ATTEMPTS', 'the right code no longer helps');

    const again = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: mfaCitizen.iin, password: mfaCitizen.password } })).json();
    const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: again.otpId, code: await lastCode(mfaCitizen.phone) } });
    assert.equal(ok.statusCode, 200);
    const reuse = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: again.otpId, code: await lastCode(mfaCitizen.phone) } });
    assert.equal(reuse.json().code, 'OTP_USED');
  });

  test('an application signed with an SMS code bound to its exact content', async () => {
    const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).json().token;
    const h = (k: string) => ({ authorization: `Bearer ${token}`, 'idempotency-key': k });
    const form = (await app.inject('/api/v1/services/guardianship-reference')).json().form.example;
    const draft = { serviceCode: 'guardianship-reference', channel: 'portal', form };
    const asked = await app.inject({ method: 'POST', url: '/api/v1/applications/signing-code', headers: h('sms-1'), payload: draft });
    assert.equal(asked.statusCode, 200, asked.body);
    const { otpId } = asked.json();
    const code = await lastCode(citizen.phone);

    // The code confirms only this content: a changed form is refused.
    const tampered = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: h('sms-1'), payload: { ...draft, form: { ...form, decisionNumber: '1' }, signature: { method: 'sms', otpId, code } } });
    assert.equal(tampered.json().code, 'OTP_NOT_FOR_THIS');

    const ok = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: h('sms-1'), payload: { ...draft, signature: { method: 'sms', otpId, code } } });
    assert.equal(ok.statusCode, 201, ok.body);
    // A retry with the spent code is the same application, not an error.
    const retry = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: h('sms-1'), payload: { ...draft, signature: { method: 'sms', otpId, code } } });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.json().id, ok.json().id);
    const stored = await ctx.db.query<{ method: string; signer_iin: string }>('SELECT method, signer_iin FROM application_signatures WHERE application_id = $1', [ok.json().id]);
    assert.deepEqual(stored.rows[0], { method: 'sms', signer_iin: citizen.iin });
  });

  test('signing-payload returns the exact bytes the server verifies', async () => {
    const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).json().token;
    const form = (await app.inject('/api/v1/services/archival-reference')).json().form.example;
    const draft = { serviceCode: 'archival-reference', channel: 'portal', form };
    const h = { authorization: `Bearer ${token}`, 'idempotency-key': 'payload-1' };
    const { payload } = (await app.inject({ method: 'POST', url: '/api/v1/applications/signing-payload', headers: h, payload: draft })).json();
    const p12 = await demoKeystore(ctx.db, citizen.iin, 'sign');
    const cms = Buffer.from(await signCms(Buffer.from(payload, 'base64'), p12!, citizen.password, { detached: true })).toString('base64');
    const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: h, payload: { ...draft, signature: { method: 'eds', cms } } });
    assert.equal(r.statusCode, 201, r.body);
    const detail = (await app.inject({ url: `/api/v1/applications/${r.json().id}`, headers: { authorization: `Bearer ${token}` } })).json();
    assert.equal(detail.signature.method, 'eds');
    assert.equal(detail.signature.signerIin, citizen.iin);
    assert.match(detail.signature.signerSerial, /^[0-9a-f]+$/);
  });
});
