/** Certificate login (single-use challenges), SMS second factor, SMS signing of applications, demo keystores. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { SessionCache } from '../src/accounts/accounts.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { makeIin } from '../src/ids/iin.ts';
import { OTP_MAX_ATTEMPTS } from '../src/identity/otp.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { createPki } from '../src/pki/service.ts';
import { signCms } from '../src/pki/sign.ts';
import { makeTestContext } from './helpers/context.ts';
import { regionFor } from './helpers/region.ts';
import { withRequiredFiles } from './helpers/files.ts';

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
    // The portal requires the guardianship decision as a scan: attach one of the citizen's.
    const form = await withRequiredFiles(app.inject.bind(app) as never, token, 'guardianship-reference', (await app.inject('/api/v1/services/guardianship-reference')).json().form.example);
    const draft = { serviceCode: 'guardianship-reference', channel: 'portal', form, region: regionFor(ctx.orgs, 'guardianship-reference') };
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

// ---------------------------------------------------------------------------------------------
// Issue 8, items 3, 7, 9 and 13 (EDS): revocation on every process at once, validity at receipt
// time, and a certification authority that cannot be used to impersonate.

const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
const loginToken = async (a: FastifyInstance, who: (typeof DEMO_ACCOUNTS)[number]) => {
  const r = await a.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().token as string;
};
const bearer = (t: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${t}`, ...extra });
let idem = 0;

/** Sign a portal application with `p12` and submit it through `a`; the response. */
async function fileSigned(a: FastifyInstance, token: string, p12: Uint8Array | Buffer, password: string, signOpts: { signingTime?: Date } = {}) {
  const form = (await a.inject('/api/v1/services/archival-reference')).json().form.example;
  const draft = { serviceCode: 'archival-reference', channel: 'portal', form };
  const h = bearer(token, { 'idempotency-key': `eds-item-${++idem}-${Date.now()}` });
  const { payload } = (await a.inject({ method: 'POST', url: '/api/v1/applications/signing-payload', headers: h, payload: draft })).json();
  const cms = Buffer.from(await signCms(Buffer.from(payload, 'base64'), p12, password, { detached: true, ...signOpts })).toString('base64');
  return a.inject({ method: 'POST', url: '/api/v1/applications', headers: h, payload: { ...draft, signature: { method: 'eds', cms } } });
}

async function loginWith(a: FastifyInstance, p12: Uint8Array | Buffer, password: string) {
  const ch = (await a.inject({ method: 'POST', url: '/api/v1/auth/challenge' })).json();
  const cms = Buffer.from(await signCms(Buffer.from(ch.challenge, 'base64'), p12, password, { detached: true })).toString('base64');
  return a.inject({ method: 'POST', url: '/api/v1/auth/login/eds', payload: { challengeId: ch.challengeId, signature: cms } });
}

const auditRows = async (event: string, subjectId?: string) =>
  (
    await ctx.db.query<{ actor_id: string | null; actor_role: string | null; on_behalf_of: string | null; subject_type: string | null; subject_id: string | null; reason: string | null; data: Record<string, unknown> }>(
      `SELECT actor_id, actor_role, on_behalf_of, subject_type, subject_id, reason, data FROM audit_log WHERE event = $1 ${subjectId ? 'AND subject_id = $2' : ''} ORDER BY id`,
      subjectId ? [event, subjectId] : [event],
    )
  ).rows;
const userId = async (iin: string) => (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [iin])).rows[0]!.id;

describe('revocation takes effect on every process at once (item 3)', () => {
  test('a certificate revoked through process A is refused by process B at once: signing and certificate login', async () => {
    // Process B: its own PKI objects (caches, CA instance) on the same database.
    const pkiB = await createPki({ db: ctx.db, config: loadPkiConfig({ DEMO: 'true', PKI_KEYSTORE_ITERATIONS: '2048' }) });
    const appB = await buildApp({ ...ctx, pki: pkiB, sessions: new SessionCache(ctx.config.sessionCacheMs) });
    try {
      const pw = 'pw-revoke-1';
      const name = { surname: citizen.surname, givenName: citizen.givenName };
      const sign = await ctx.pki.ca!.issue({ iin: citizen.iin, name, usage: 'sign', algorithm: 'ecdsa', password: pw });
      const authKs = await ctx.pki.ca!.issue({ iin: citizen.iin, name, usage: 'auth', algorithm: 'ecdsa', password: pw });
      const tokenB = await loginToken(appB, citizen);
      // B has verified (and, before the fix, cached as good) both certificates
      assert.equal((await fileSigned(appB, tokenB, Buffer.from(sign.pkcs12, 'base64'), pw)).statusCode, 201);
      assert.equal((await loginWith(appB, Buffer.from(authKs.pkcs12, 'base64'), pw)).statusCode, 200);

      const adminA = await loginToken(app, admin);
      for (const serial of [sign.serial, authKs.serial]) {
        const r = await app.inject({ method: 'POST', url: `/api/v1/admin/pki/certificates/${serial}/revoke`, headers: bearer(adminA), payload: { reason: 'keyCompromise' } });
        assert.equal(r.statusCode, 200, r.body);
      }

      for (let i = 0; i < 3; i++) {
        const s = await fileSigned(appB, tokenB, Buffer.from(sign.pkcs12, 'base64'), pw);
        assert.deepEqual([s.statusCode, s.json().code], [422, 'EDS_REVOKED'], 'process B refuses the revoked SIGN certificate at once');
        const l = await loginWith(appB, Buffer.from(authKs.pkcs12, 'base64'), pw);
        assert.deepEqual([l.statusCode, l.json().code], [422, 'EDS_REVOKED'], 'process B refuses the revoked AUTH certificate at once');
      }
      // and B's verification endpoint, straight from the database too
      const data = Buffer.from('after revocation');
      const v = await appB.inject({ method: 'POST', url: '/api/v1/signatures/verify', payload: { data: data.toString('base64'), signature: Buffer.from(await signCms(data, Buffer.from(sign.pkcs12, 'base64'), pw)).toString('base64') } });
      assert.deepEqual(v.json().errors.map((e: { code: string }) => e.code), ['EDS_REVOKED']);
    } finally {
      await appB.close();
    }
  });
});

describe('validity is judged when the server receives the signature (item 7)', () => {
  test('an expired certificate with a signingTime back-dated into its validity → EDS_EXPIRED', async () => {
    const now = Date.now();
    const pw = 'pw-expired-1';
    const expired = await ctx.pki.ca!.issue({
      iin: citizen.iin,
      name: { surname: citizen.surname, givenName: citizen.givenName },
      usage: 'sign',
      algorithm: 'ecdsa',
      password: pw,
      notBefore: new Date(now - 1_800_000),
      notAfter: new Date(now - 60_000),
    });
    const token = await loginToken(app, citizen);
    const r = await fileSigned(app, token, Buffer.from(expired.pkcs12, 'base64'), pw, { signingTime: new Date(now - 600_000) });
    assert.deepEqual([r.statusCode, r.json().code], [422, 'EDS_EXPIRED'], r.body);
  });
});

describe('the certification authority cannot be used to impersonate (items 9, 13)', () => {
  const ks = { usage: 'auth', algorithm: 'ecdsa', password: 'pw-admin-issued' } as const;
  const body = (extra: Record<string, unknown> = {}) => ({ iin: citizen.iin, name: `${citizen.surname} ${citizen.givenName}`, ...ks, reason: 'утерян токен, обращение №17', ...extra });
  const issue = async (token: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', headers: bearer(token), payload });

  test('issuing needs a reason', async () => {
    const t = await loginToken(app, admin);
    const { reason: _, ...noReason } = body();
    const r = await issue(t, noReason);
    assert.deepEqual([r.statusCode, r.json().code, r.json().path], [422, 'VALIDATION_FAILED', '/reason'], r.body);
  });

  test('for an IIN with an account the person confirms with their SMS code; then login is audited naming the admin too', async () => {
    const t = await loginToken(app, admin);
    const before = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pki_certificates WHERE subject_iin = $1', [citizen.iin])).rows[0]!.n;

    // 1. no certificate yet: an SMS with a code goes to the citizen's phone
    const asked = await issue(t, body());
    assert.equal(asked.statusCode, 202, asked.body);
    assert.equal(asked.json().confirmationRequired, true);
    assert.ok(!asked.json().pkcs12, 'no keystore before the person confirms');
    const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: citizen.phone } })).json().items[0] as { body: string; purpose: string };
    assert.match(sms.body, /сертификат/i);
    const code = /(\d{6})/.exec(sms.body)![1]!;
    assert.equal((await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pki_certificates WHERE subject_iin = $1', [citizen.iin])).rows[0]!.n, before);
    const requested = (await auditRows('pki.certificate.confirmation-requested')).at(-1)!;
    assert.equal(requested.actor_id, await userId(admin.iin));
    assert.equal(requested.on_behalf_of, await userId(citizen.iin));

    // 2. a wrong code, or the code used for another certificate, issues nothing
    const wrong = await issue(t, body({ confirmation: { otpId: asked.json().otpId, code: code === '000000' ? '111111' : '000000' } }));
    assert.deepEqual([wrong.statusCode, wrong.json().code], [422, 'OTP_INVALID'], wrong.body);
    const other = await issue(t, body({ usage: 'sign', confirmation: { otpId: asked.json().otpId, code } }));
    assert.equal(other.json().code, 'OTP_NOT_FOR_THIS');
    assert.equal((await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pki_certificates WHERE subject_iin = $1', [citizen.iin])).rows[0]!.n, before);

    // 3. the right code: issued, and audited (who, for whom, why)
    const ok = await issue(t, body({ confirmation: { otpId: asked.json().otpId, code } }));
    assert.equal(ok.statusCode, 201, ok.body);
    const serial = ok.json().serial as string;
    const [issuedRow] = await auditRows('pki.certificate.issued', serial);
    assert.ok(issuedRow, 'an audit row for the issuance');
    assert.equal(issuedRow.actor_id, await userId(admin.iin));
    assert.equal(issuedRow.actor_role, 'admin');
    assert.equal(issuedRow.subject_type, 'certificate');
    assert.equal(issuedRow.on_behalf_of, await userId(citizen.iin));
    assert.equal(issuedRow.reason, body().reason);
    assert.equal(issuedRow.data.iin, citizen.iin);
    assert.equal(issuedRow.data.confirmedBy, 'sms');
    const again = await issue(t, body({ confirmation: { otpId: asked.json().otpId, code } }));
    assert.equal(again.json().code, 'OTP_USED', 'one code, one certificate');

    // 4. a certificate login with it names the admin who issued it as well as the citizen
    const login = await loginWith(app, Buffer.from(ok.json().pkcs12, 'base64'), ks.password);
    assert.equal(login.statusCode, 200, login.body);
    const row = (await auditRows('auth.login')).at(-1)!;
    assert.equal(row.actor_id, await userId(citizen.iin));
    assert.equal(row.on_behalf_of, await userId(admin.iin));
    assert.equal(row.data.issuedBy, await userId(admin.iin));
    assert.equal(row.data.certificate, serial);

    // 5. revocation is audited too
    const rv = await app.inject({ method: 'POST', url: `/api/v1/admin/pki/certificates/${serial}/revoke`, headers: bearer(t), payload: { reason: 'keyCompromise' } });
    assert.equal(rv.statusCode, 200, rv.body);
    const [revoked] = await auditRows('pki.certificate.revoked', serial);
    assert.ok(revoked, 'an audit row for the revocation');
    assert.equal(revoked.actor_id, await userId(admin.iin));
    assert.equal(revoked.subject_type, 'certificate');
    assert.equal(revoked.on_behalf_of, await userId(citizen.iin));
    assert.equal(revoked.reason, 'keyCompromise');
    assert.equal(revoked.data.iin, citizen.iin);
  });

  test('an admin cannot sign in as a citizen with a certificate they issued themselves, without the citizen', async () => {
    const t = await loginToken(app, admin);
    const r = await issue(t, body({ reason: 'попытка без согласия' }));
    assert.equal(r.statusCode, 202);
    assert.ok(!r.json().pkcs12);
  });

  test('for an IIN without an account: issued at once, audited with the IIN; a demo login with a seeded keystore names no admin', async () => {
    const t = await loginToken(app, admin);
    const iin = makeIin('1975-01-01', 'male', 777);
    const r = await issue(t, body({ iin, name: 'Жаңа Адам' }));
    assert.equal(r.statusCode, 201, r.body);
    const [row] = await auditRows('pki.certificate.issued', r.json().serial);
    assert.ok(row);
    assert.equal(row.actor_id, await userId(admin.iin));
    assert.equal(row.on_behalf_of, null);
    assert.equal(row.data.iin, iin);
    assert.equal(row.data.confirmedBy, 'none');

    const seeded = await loginWith(app, (await demoKeystore(ctx.db, citizen.iin, 'auth'))!, citizen.password);
    assert.equal(seeded.statusCode, 200);
    const login = (await auditRows('auth.login')).at(-1)!;
    assert.equal(login.on_behalf_of, null);
    assert.equal(login.data.issuedBy, undefined);
  });
});
