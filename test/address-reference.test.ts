/**
 * S4, the address reference, end to end on the simulated registries: for oneself, for a child and
 * a spouse after the civil registry confirms the relationship, a clear refusal otherwise, and a
 * state system that is down → 503 with nothing written (retryable). Consent and the access log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { consentIdFor } from '../src/applications/applications.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { DEMO_RELATIVES } from '../src/registries/seed/demo-families.ts';
import { makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
let token = '';
const citizen = DEMO_ACCOUNTS[0]!;
const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator')!;
let n = 0;
let citizenUserId = '';

before(async () => {
  ctx = await makeTestContext({ population: 300 });
  app = await buildApp(ctx);
  token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).json().token;
  citizenUserId = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [citizen.iin])).rows[0]!.id;
});
after(async () => {
  await app.close();
  await ctx.close();
});

async function apply(form: Record<string, unknown>, key = `ar-${++n}`) {
  const draft = { serviceCode: 'address-reference', channel: 'portal', form };
  const p12 = await demoKeystore(ctx.db, citizen.iin, 'sign');
  const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12!, citizen.password, { detached: true })).toString('base64');
  return app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
}
const detail = async (id: string) => (await app.inject({ url: `/api/v1/applications/${id}`, headers: { authorization: `Bearer ${token}` } })).json();

describe('address reference', () => {
  test('for oneself: the result is ready at once, as an electronic document with the current address', async () => {
    const r = await apply({ subject: 'self', purpose: 'work' });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().status, 'result-ready');
    const d = await detail(r.json().id);
    assert.equal(d.result.kind, 'document');
    assert.equal(d.result.document.subject.iin, citizen.iin);
    assert.ok(d.result.document.currentRegistration.address.ru.length > 5);
    assert.ok(d.result.document.registrations.length >= 2, 'registration history');
    assert.deepEqual(d.history.map((h: { to: string }) => h.to), ['submitted', 'result-ready']);
  });

  test('for a child and for a spouse the civil registry confirms the relationship', async () => {
    for (const [subject, iin] of [
      ['child', DEMO_RELATIVES.ayala],
      ['spouse', DEMO_RELATIVES.aigul],
    ] as const) {
      const r = await apply({ subject, subjectIin: iin });
      assert.equal(r.json().status, 'result-ready', `${subject}: ${r.body}`);
      const d = await detail(r.json().id);
      assert.equal(d.result.document.subject.iin, iin);
    }
  });

  test('a relationship that does not exist → a reasoned refusal', async () => {
    for (const [subject, iin, ground] of [
      ['child', DEMO_RELATIVES.marat, 'NO_RECORD'], // a stranger
      ['child', DEMO_RELATIVES.timur, 'BIRTH_RECORD_BEFORE_CUTOFF'], // his son, birth record before 13.08.2007
      ['spouse', DEMO_RELATIVES.zhanar, 'DIVORCED'],
      // His ex-wife named as "my child": the registry's DIVORCED is about another relation → not confirmed.
      ['child', DEMO_RELATIVES.zhanar, 'NOT_CONFIRMED'],
    ] as const) {
      const r = await apply({ subject, subjectIin: iin });
      assert.equal(r.statusCode, 201);
      assert.equal(r.json().status, 'refused', `${subject} ${iin}`);
      const d = await detail(r.json().id);
      assert.equal(d.result.kind, 'refusal');
      assert.equal(d.result.document.ground, ground);
      const last = d.history.at(-1);
      assert.equal(last.to, 'refused');
      assert.ok(last.reason.kk && last.reason.ru && last.reason.en, 'the reason in kk/ru/en');
    }
  });

  test('another relative (a stranger, here) is a centre-only choice: 422 on the portal, nothing read or written', async () => {
    const count = async (sql: string) => (await ctx.db.query<{ n: number }>(sql)).rows[0]!.n;
    await ctx.gateway.flush();
    const before = [await count('SELECT count(*)::int n FROM applications'), await count('SELECT count(*)::int n FROM gateway_calls'), await count('SELECT count(*)::int n FROM consents')];
    const r = await apply({ subject: 'other-relative', subjectIin: DEMO_RELATIVES.marat });
    assert.equal(r.statusCode, 422, r.body);
    const e = r.json();
    assert.equal(e.errors[0].path, '/form/subject');
    assert.equal(e.errors[0].code, 'OPTION_NOT_ON_CHANNEL');
    assert.match(e.errors[0].message.ru, /в ЦОН/);
    await ctx.gateway.flush();
    const after = [await count('SELECT count(*)::int n FROM applications'), await count('SELECT count(*)::int n FROM gateway_calls'), await count('SELECT count(*)::int n FROM consents')];
    assert.deepEqual(after, before);
    // Nor does a legal entity apply online (its subject fields are hidden then).
    const legal = await apply({ applicantKind: 'legal-entity', organisationBin: '111040044105' });
    assert.equal(legal.statusCode, 422, legal.body);
    assert.equal(legal.json().errors[0].code, 'OPTION_NOT_ON_CHANNEL');
    assert.equal(legal.json().errors[0].path, '/form/applicantKind');
    // The handler refuses it too, should anything reach it.
    const { addressReference } = await import('../src/automation/address-reference.ts');
    const user = { id: 'x', iin: citizen.iin } as Parameters<typeof addressReference>[1];
    await assert.rejects(addressReference(ctx, user, { subject: 'other-relative', subjectIin: DEMO_RELATIVES.marat }, { consentId: 'c', correlationId: 'k', systems: ['persons'] }), /VALIDATION_FAILED/);
  });

  test('a state system that is down → 503 that says so; nothing written; the same request succeeds later', async () => {
    const count = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM applications')).rows[0]!.n;
    const before = await count();
    ctx.gateway.faults.set('persons', { errorRate: 1 });
    try {
      const r = await apply({ subject: 'self' }, 'ar-retry');
      assert.equal(r.statusCode, 503);
      assert.match(r.json().code, /^GATEWAY_/);
      assert.ok(r.json().message.ru.length > 10);
      assert.ok(r.headers['retry-after']);
      assert.equal(await count(), before, 'nothing half-written');
      // Retries of the same request reuse one consent instead of leaving one behind each time.
      for (let i = 0; i < 2; i++) assert.equal((await apply({ subject: 'self' }, 'ar-retry')).statusCode, 503);
      const consents = (await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM consents WHERE id = $1', [consentIdFor(citizenUserId, 'ar-retry')])).rows[0]!.n;
      assert.equal(consents, 1);
    } finally {
      ctx.gateway.faults.clear('persons');
    }
    // The circuit may be open after the failures: wait for it to let a probe through.
    let ok = await apply({ subject: 'self' }, 'ar-retry');
    for (let i = 0; i < 30 && ok.statusCode === 503; i++) {
      await new Promise((r) => setTimeout(r, 500));
      ok = await apply({ subject: 'self' }, 'ar-retry');
    }
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(await count(), before + 1);
  });
});

describe('every read stays in the access log; a failed request leaves no consent', () => {
  const callsOf = async (applicationId: string) =>
    (await ctx.db.query<{ system_id: string; service_id: string; status: string; consent_id: string }>('SELECT system_id, service_id, status, consent_id FROM gateway_calls WHERE correlation_id = $1 ORDER BY at', [applicationId])).rows;

  test('the reads of an acknowledged address reference are committed with its decision, not buffered', async () => {
    // The gateway's buffered call log never writes during this test (as if the process died right after the 201).
    const log = ctx.gateway.log as unknown as { flush: () => Promise<void> };
    const realFlush = log.flush;
    log.flush = async () => {};
    try {
      const r = await apply({ subject: 'child', subjectIin: DEMO_RELATIVES.ayala });
      assert.equal(r.statusCode, 201, r.body);
      const id = r.json().id as string;
      const rows = await callsOf(id);
      assert.deepEqual(
        rows.map((x) => `${x.system_id}.${x.service_id}:${x.status}`),
        ['civil-registry.checkRelationship:ok', 'persons.getPerson:ok', 'persons.getAddressHistory:ok'],
      );
      assert.ok(rows.every((x) => x.consent_id === consentIdFor(citizenUserId, `ar-${n}`)));
      // A refusal is a decision too: its read is committed with it.
      const refused = await apply({ subject: 'spouse', subjectIin: DEMO_RELATIVES.zhanar });
      assert.equal(refused.json().status, 'refused');
      assert.deepEqual((await callsOf(refused.json().id)).map((x) => x.service_id), ['checkRelationship']);
    } finally {
      log.flush = realFlush;
    }
    assert.equal(ctx.gateway.log.stats().buffered, 0, 'nothing was left to the buffer');
  });

  test('the persons DB timing out (fault injection): 503, the reads are logged at once, and the consent is closed, not standing', async () => {
    const { parseFaultsEnv } = await import('../src/gateway/faults.ts');
    const { consentPolicy } = await import('../src/consent/policy.ts');
    ctx.gateway.configure('persons', { timeoutMs: 50, retries: 0, breaker: { failureThreshold: 1000 } });
    ctx.gateway.faults.set('persons', parseFaultsEnv('{"persons":{"timeoutRate":1}}').persons!);
    const log = ctx.gateway.log as unknown as { flush: () => Promise<void> };
    const realFlush = log.flush;
    log.flush = async () => {};
    const keys: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const key = `ar-timeout-${i}`;
        keys.push(key);
        const r = await apply({ subject: i === 0 ? 'child' : 'self', ...(i === 0 ? { subjectIin: DEMO_RELATIVES.ayala } : {}) }, key);
        assert.equal(r.statusCode, 503, r.body);
        assert.equal(r.json().code, 'GATEWAY_TIMEOUT');
      }
      for (const key of keys) {
        const id = consentIdFor(citizenUserId, key);
        // Nobody can read with it later.
        const denied = await consentPolicy({ systemId: 'persons', serviceId: 'getPerson', subjectIin: citizen.iin, meta: { sender: 'x', purpose: 'x', consentId: id, actorId: citizenUserId }, q: ctx.db });
        assert.equal(denied, 'CONSENT_NOT_IN_FORCE');
        const c = (await ctx.db.query<{ closed: boolean; application_id: string | null; in_force: boolean }>(
          'SELECT closed_at IS NOT NULL AS closed, application_id, (revoked_at IS NULL AND closed_at IS NULL AND expires_at > now()) AS in_force FROM consents WHERE id = $1',
          [id],
        )).rows[0];
        assert.ok(c, 'the consent the reads named exists');
        assert.deepEqual(c, { closed: true, application_id: null, in_force: false }, key);
        // Its reads (the attempts that timed out) are in the log, written durably before the 503.
        const logged = (await ctx.db.query<{ status: string }>('SELECT status FROM gateway_calls WHERE consent_id = $1', [id])).rows.map((x) => x.status);
        assert.ok(logged.includes('timeout'), `${key}: ${logged}`);
      }
      const mine = (await app.inject({ url: '/api/v1/me/consents', headers: { authorization: `Bearer ${token}` } })).json().items as Array<{ id: string; closedAt: string | null }>;
      for (const key of keys) assert.ok(mine.find((c) => c.id === consentIdFor(citizenUserId, key))?.closedAt, 'shown as closed in the cabinet');
    } finally {
      log.flush = realFlush;
      ctx.gateway.faults.clear('persons');
      ctx.gateway.configure('persons', { timeoutMs: 3000, retries: 2, breaker: { failureThreshold: 5 } });
    }
    // The same request later: written, and its consent is now the application's.
    const ok = await apply({ subject: 'self' }, keys[1]);
    assert.equal(ok.statusCode, 201, ok.body);
    const c = (await ctx.db.query<{ closed: boolean; application_id: string | null }>('SELECT closed_at IS NOT NULL AS closed, application_id FROM consents WHERE id = $1', [consentIdFor(citizenUserId, keys[1]!)])).rows[0];
    assert.deepEqual(c, { closed: false, application_id: ok.json().id });
  });
});

describe('consent and the access log', () => {
  test('every read of my data is in "who accessed my data", with purpose and the consent of my signed application', async () => {
    await apply({ subject: 'self' });
    const log = (await app.inject({ url: '/api/v1/me/data-access', headers: { authorization: `Bearer ${token}` } })).json().items;
    const mine = log.filter((x: { purpose: string; status: string }) => x.purpose === 'address-reference' && x.status === 'ok');
    assert.ok(mine.length >= 2);
    assert.ok(mine.every((x: { consentId: string | null; actor: { id: string } | null }) => x.consentId && x.actor));
    const consents = (await app.inject({ url: '/api/v1/me/consents', headers: { authorization: `Bearer ${token}` } })).json().items;
    assert.ok(consents.some((c: { id: string; method: string }) => c.id === mine[0].consentId && c.method === 'signed-application'));
  });

  test('each access-log row names the application it served (its number) and whose data was read', async () => {
    const r = await apply({ subject: 'child', subjectIin: DEMO_RELATIVES.ayala });
    assert.equal(r.statusCode, 201, r.body);
    const { id, number } = r.json();
    const log = (await app.inject({ url: '/api/v1/me/data-access', headers: { authorization: `Bearer ${token}` } })).json().items as Array<{
      service: string;
      subject: { iin: string; self: boolean };
      application: { id: string | null; number: string; own: boolean } | null;
    }>;
    const forIt = log.filter((x) => x.application?.number === number);
    assert.deepEqual(forIt.map((x) => x.service).sort(), ['checkRelationship', 'getAddressHistory', 'getPerson']);
    for (const x of forIt) assert.deepEqual(x.application, { id, number, own: true });
    // The relationship check reads the parent's own civil records; the address reads are the child's.
    assert.deepEqual(forIt.find((x) => x.service === 'checkRelationship')!.subject, { iin: citizen.iin, self: true });
    assert.deepEqual(forIt.find((x) => x.service === 'getPerson')!.subject, { iin: DEMO_RELATIVES.ayala, self: false });
  });

  test('an operator asks, the person confirms with the code sent to their phone', async () => {
    const opToken = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: operator.iin, password: operator.password } })).json().token;
    const h = { authorization: `Bearer ${opToken}` };
    const asked = await app.inject({ method: 'POST', url: '/api/v1/consents', headers: h, payload: { subjectIin: citizen.iin, purpose: 'public-service', systems: ['persons'], serviceCode: 'archival-reference' } });
    assert.equal(asked.statusCode, 201, asked.body);
    const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: citizen.phone } })).json().items[0].body as string;
    const code = /(\d{6})/.exec(sms)![1]!;
    // The SMS says it is a consent, who asks, for which systems and why — not "a signing code".
    assert.match(sms, /согласи/);
    assert.match(sms, new RegExp(operator.surname));
    assert.match(sms, /ГБД «Физические лица»/);
    assert.match(sms, /оказание государственной услуги по вашему заявлению/);
    assert.doesNotMatch(sms, /подписания/);
    const wrong = await app.inject({ method: 'POST', url: `/api/v1/consents/${asked.json().consentId}/confirm`, headers: h, payload: { code: code === '000000' ? '111111' : '000000' } });
    assert.equal(wrong.json().code, 'OTP_INVALID');
    const ok = await app.inject({ method: 'POST', url: `/api/v1/consents/${asked.json().consentId}/confirm`, headers: h, payload: { code } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(ok.json().grantedAt);
    // A citizen cannot ask for consent.
    const denied = await app.inject({ method: 'POST', url: '/api/v1/consents', headers: { authorization: `Bearer ${token}` }, payload: { subjectIin: citizen.iin, purpose: 'public-service', systems: ['persons'] } });
    assert.equal(denied.statusCode, 403);
    // The person can withdraw it.
    const rev = await app.inject({ method: 'POST', url: `/api/v1/me/consents/${asked.json().consentId}/revoke`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(rev.statusCode, 200);
  });
});
