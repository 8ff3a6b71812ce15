/** The HTTP API end to end on a fresh database (PGlite, or PostgreSQL with --pg). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { MAX_FAILED } from '../src/accounts/accounts.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { regionFor } from './helpers/region.ts';
import { signCms } from '../src/pki/sign.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { makeTestContext } from './helpers/context.ts';
import { withRequiredFiles } from './helpers/files.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen')!;
const citizen2 = DEMO_ACCOUNTS.filter((a) => a.role === 'citizen')[1]!;
let token = '';
let token2 = '';

async function loginAs(iin: string, password: string) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin, password } });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  if (!body.mfaRequired) return body.token as string;
  // Second factor: the code the simulated SMS operator delivered to the account's phone.
  const acct = DEMO_ACCOUNTS.find((a) => a.iin === iin)!;
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: acct.phone } })).json().items[0].body as string;
  const code = /(\d{6})/.exec(sms)![1]!;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: body.otpId, code } });
  assert.equal(r2.statusCode, 200, r2.body);
  return r2.json().token as string;
}

/** Sign a draft the way the portal does: the canonical bytes, with the person's SIGN (or AUTH) keystore. */
async function sign(who: (typeof DEMO_ACCOUNTS)[number], draft: { serviceCode: string; channel: string; form: Record<string, unknown>; region?: string }, idemKey: string, usage: 'sign' | 'auth' = 'sign') {
  const p12 = await demoKeystore(ctx.db, who.iin, usage);
  const bytes = signingPayload({ ...draft, region: draft.region ?? regionFor(ctx.orgs, draft.serviceCode) ?? null, applicantIin: who.iin, idempotencyKey: idemKey });
  return Buffer.from(await signCms(bytes, p12!, who.password, { detached: true })).toString('base64');
}

/** A portal draft of a service of several regions names one (`sign` signs the same): this context has no population to take it from. */
function withRegion<T>(payload: T): T {
  const p = payload as { serviceCode?: unknown; channel?: unknown; region?: unknown } | null;
  if (!p || typeof p !== 'object' || p.channel !== 'portal' || typeof p.serviceCode !== 'string' || p.region !== undefined) return payload;
  const region = regionFor(ctx.orgs, p.serviceCode);
  return region ? { ...payload, region } : payload;
}

const auth = (t: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${t}`, ...extra });
let keyN = 0;
const key = () => `test-key-${Date.now()}-${++keyN}`;

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  token = await loginAs(citizen.iin, citizen.password);
  token2 = await loginAs(citizen2.iin, citizen2.password);
});
after(async () => {
  await app.close();
  await ctx.close();
});

describe('catalogue', () => {
  test('lists all 17 services with kk/ru/en names', async () => {
    const r = await app.inject('/api/v1/services');
    assert.equal(r.statusCode, 200);
    const items = r.json().items;
    assert.equal(items.length, 17);
    for (const s of items) for (const l of ['kk', 'ru', 'en']) assert.ok(s.name[l].length > 3, `${s.code}.${l}`);
  });

  for (const [q, expected] of [
    ['архивная справка', 'archival-reference'],
    ['мурагат', 'archival-reference'],
    ['мұрағат', 'archival-reference'],
    ['archival', 'archival-reference'],
    ['мекенжай аныктамасы', 'address-reference'],
    ['адресная', 'address-reference'],
    ['корганшылык', 'guardianship-reference'],
  ] as const) {
    test(`search "${q}" finds ${expected}`, async () => {
      const r = await app.inject({ url: '/api/v1/services', query: { q } });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().items[0]?.code, expected);
    });
  }

  test('"аныктама" (no Kazakh letters) finds services named "анықтама"', async () => {
    const r = await app.inject({ url: '/api/v1/services', query: { q: 'аныктама' } });
    const codes = r.json().items.map((s: { code: string }) => s.code);
    assert.ok(codes.includes('guardianship-reference') && codes.includes('archival-reference'), codes.join());
  });

  test('a service in force comes with its form, example and version history', async () => {
    const r = await app.inject('/api/v1/services/archival-reference');
    assert.equal(r.statusCode, 200);
    const s = r.json();
    assert.equal(s.code, 'archival-reference');
    assert.ok(s.form.fields.length > 3);
    assert.equal(typeof s.form.example, 'object');
    assert.ok(s.versions.length >= 2, 'repealed version kept as history');
    assert.ok(s.versions.some((v: { effectiveTo: string | null }) => v.effectiveTo !== null));
  });

  test('unknown service → 404 UNKNOWN_SERVICE with kk/ru/en message', async () => {
    const r = await app.inject('/api/v1/services/no-such-service');
    assert.equal(r.statusCode, 404);
    const e = r.json();
    assert.equal(e.code, 'UNKNOWN_SERVICE');
    assert.ok(e.message.kk && e.message.ru && e.message.en);
  });

  test('OpenAPI 3.1 document lists the API', async () => {
    const r = await app.inject('/openapi.json');
    assert.equal(r.statusCode, 200);
    const doc = r.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/applications'].post);
    assert.ok(doc.paths['/api/v1/services/{code}/deadline'].get);
    const v = new Validator();
    const res = await v.validate(doc);
    assert.equal(v.version, '3.1');
    assert.ok(res.valid, JSON.stringify(res.errors)?.slice(0, 500));
  });

  test('health and readiness', async () => {
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const r = await app.inject('/readyz');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().status, 'ready');
  });
});

describe('calendar and deadlines', () => {
  test('filedAt without an offset is Kazakhstan time, not the server’s', async () => {
    const at = async (filedAt: string) =>
      (await app.inject({ url: '/api/v1/services/guardianship-reference/deadline', query: { channel: 'centre', filedAt } })).json().acceptanceDate;
    assert.equal(await at('2025-03-18T16:00:00'), '2025-03-18', '16:00 in Astana: the centre is open');
    assert.equal(await at('2025-03-18T16:00:00Z'), '2025-03-19', '21:00 in Astana: after closing, accepted the next working day');
    const bad = await app.inject({ url: '/api/v1/services/guardianship-reference/deadline', query: { channel: 'centre', filedAt: '2025-03-18T25:00' } });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'INVALID_DATE');
    assert.equal(bad.json().path, '/query/filedAt');
  });

  test('2025 has 246 working days, with the official days off', async () => {
    const r = await app.inject('/api/v1/calendar/2025');
    assert.equal(r.statusCode, 200);
    const c = r.json();
    assert.equal(c.workingDays, 246);
    assert.ok(c.nonWorkingWeekdays.includes('2025-01-03'));
    assert.ok(c.nonWorkingWeekdays.includes('2025-03-24'));
    assert.deepEqual(c.workingWeekendDays, ['2025-01-05']);
  });

  test('add-working-days skips the New Year holidays and does not count `from`', async () => {
    const r = await app.inject({ url: '/api/v1/calendar/add-working-days', query: { from: '2024-12-30', days: '2' } });
    assert.equal(r.statusCode, 200);
    // 31 Dec (Tue) is day 1; 1–2 Jan are holidays; Fri 3 Jan was moved to be a day off and
    // Sunday 5 Jan made a working day by the 2025 decree, so day 2 is Sunday 5 Jan.
    assert.deepEqual(r.json(), { date: '2025-01-05' });
  });

  test('bad calendar input → 4xx with code', async () => {
    for (const [url, code] of [
      ['/api/v1/calendar/add-working-days?from=2025-02-30&days=1', 'INVALID_DATE'],
      ['/api/v1/calendar/add-working-days?from=2025-01-01&days=-1', 'VALIDATION_FAILED'],
      ['/api/v1/calendar/1901', 'YEAR_OUT_OF_RANGE'],
      ['/api/v1/calendar/abc', 'VALIDATION_FAILED'],
    ]) {
      const r = await app.inject(url as string);
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${url} → ${r.statusCode}`);
      assert.equal(r.json().code, code, url);
    }
  });

  test('guardianship reference: at a centre the days of acceptance and issuance are excluded (004 cl.7), on the portal only acceptance', async () => {
    // Filed Monday 2026-11-23 10:00 local; 5 full working days Tue..Mon (30 Nov).
    const q = { filedAt: '2026-11-23T10:00:00+05:00', lang: 'en' };
    const centre = await app.inject({ url: '/api/v1/services/guardianship-reference/deadline', query: { ...q, channel: 'centre' } });
    assert.equal(centre.statusCode, 200, centre.body);
    const d = centre.json();
    assert.equal(d.acceptanceDate, '2026-11-23');
    assert.equal(d.dueDate, '2026-12-01', 'issued the working day after the 5 days');
    assert.match(d.basis, /working day/);
    assert.ok(d.basisText.kk && d.basisText.ru);
    const portal = (await app.inject({ url: '/api/v1/services/guardianship-reference/deadline', query: { ...q, channel: 'portal' } })).json();
    assert.equal(portal.dueDate, '2026-11-30');
  });

  test('filed after the centre closes (18:00) → accepted the next working day', async () => {
    const at = (t: string) => app.inject({ url: '/api/v1/services/end-user-certificate/deadline', query: { channel: 'centre', filedAt: t } });
    assert.equal((await at('2026-11-27T17:59:00+05:00')).json().acceptanceDate, '2026-11-27');
    assert.equal((await at('2026-11-27T18:00:00+05:00')).json().acceptanceDate, '2026-11-30', 'Friday evening → Monday');
  });

  test('end-user certificate: 10 working days in Astana, 20 elsewhere', async () => {
    const q = { channel: 'centre', filedAt: '2026-11-23T10:00:00+05:00' };
    const astana = (await app.inject({ url: '/api/v1/services/end-user-certificate/deadline', query: { ...q, region: 'astana' } })).json();
    const other = (await app.inject({ url: '/api/v1/services/end-user-certificate/deadline', query: { ...q, region: 'pavlodar' } })).json();
    assert.equal(astana.dueDate, '2026-12-07');
    assert.equal(other.dueDate, '2026-12-22', 'skips Independence Day, 16 Dec');
  });

  test('deadline on a channel the service lacks → 422 CHANNEL_NOT_AVAILABLE', async () => {
    const r = await app.inject({ url: '/api/v1/services/adoption-registration/deadline', query: { channel: 'portal' } });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'CHANNEL_NOT_AVAILABLE');
  });
});

describe('sign-in', () => {
  test('wrong password → 401; the account locks after repeated failures', async () => {
    const victim = DEMO_ACCOUNTS.find((a) => a.role === 'quality-auditor')!;
    for (let i = 1; i < MAX_FAILED; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: victim.iin, password: 'wrong' } });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'INVALID_CREDENTIALS');
    }
    const locked = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: victim.iin, password: 'wrong' } });
    assert.equal(locked.statusCode, 423);
    const evenRight = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: victim.iin, password: victim.password } });
    assert.equal(evenRight.statusCode, 423, 'locked accounts refuse the right password too');
  });

  test('an IIN with a wrong check digit is named as such (422 under /iin); an unknown valid IIN is just wrong credentials', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin.slice(0, 11) + String((Number(citizen.iin[11]) + 1) % 10), password: 'x' } });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'INVALID_IIN');
    assert.equal(bad.json().path, '/iin');
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: '641005390117', password: 'x' } });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().code, 'INVALID_CREDENTIALS');
  });

  test('a service asked for at a date when no version was in force → SERVICE_NOT_IN_FORCE under /query/at', async () => {
    const r = await app.inject({ url: '/api/v1/services/archival-reference', query: { at: '1900-01-01' } });
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'SERVICE_NOT_IN_FORCE');
    assert.equal(r.json().path, '/query/at');
  });

  test('a session cookie works like the bearer token, and logout ends it', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } });
    const cookie = r.cookies.find((c) => c.name === 'qz_sid');
    assert.ok(cookie?.httpOnly);
    const me = await app.inject({ url: '/api/v1/me', cookies: { qz_sid: cookie!.value } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().iin, citizen.iin);
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { qz_sid: cookie!.value } });
    const after = await app.inject({ url: '/api/v1/me', cookies: { qz_sid: cookie!.value } });
    assert.equal(after.statusCode, 401);
  });

  test('no session → 401 UNAUTHENTICATED', async () => {
    const r = await app.inject({ url: '/api/v1/applications' });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().code, 'UNAUTHENTICATED');
  });
});

describe('applications', () => {
  /** The definition's example, with a fresh scan of the citizen's in each file field the portal requires. */
  async function example(code: string) {
    return withRequiredFiles(app.inject.bind(app) as never, token, code, (await app.inject(`/api/v1/services/${code}`)).json().form.example);
  }
  /** Submit as `who`; portal drafts are signed with who's SIGN key unless the payload already has a signature (or `unsigned`). */
  const submit = async (payload: unknown, headers: Record<string, string> = { 'idempotency-key': key() }, who = citizen, opts: { unsigned?: boolean } = {}) => {
    const p = payload as { serviceCode: string; channel: string; form: Record<string, unknown>; signature?: unknown; region?: string };
    let body = withRegion(payload) as object;
    if (!opts.unsigned && p && typeof p === 'object' && p.channel === 'portal' && p.form && typeof p.form === 'object' && !p.signature && headers['idempotency-key'])
      body = { ...(body as object), signature: { method: 'eds', cms: await sign(who, p, headers['idempotency-key']) } };
    return app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(who === citizen2 ? token2 : token, headers), payload: body });
  };

  test('every service with the portal channel accepts its example form', async () => {
    const list = (await app.inject('/api/v1/services')).json().items as Array<{ code: string; channels: string[] }>;
    const portal = list.filter((s) => s.channels.includes('portal'));
    assert.ok(portal.length >= 8);
    for (const s of portal) {
      const r = await submit({ serviceCode: s.code, channel: 'portal', form: await example(s.code) });
      assert.equal(r.statusCode, 201, `${s.code}: ${r.body}`);
      const body = r.json();
      assert.match(body.number, /^\d{2}-\d{8}-\d$/);
      // Services decided on registry data alone answer at once (this context has no population, so
      // the address reference is refused: "impossible to obtain data"); the others wait for the provider.
      if (s.code === 'address-reference') assert.ok(['result-ready', 'refused'].includes(body.status), body.status);
      // Two-party requests wait for the second person's signature: both parents for the minors' deposit reference
      // (test/cosign.test.ts), both spouses for a marriage and a divorce by mutual consent (test/cosign-marriage.test.ts).
      else if (['minor-deposit-reference', 'marriage-registration', 'divorce-registration'].includes(s.code)) assert.equal(body.status, 'awaiting-second-applicant', s.code);
      else assert.equal(body.status, 'submitted');
    }
  });

  test('submit, then see it in the cabinet with its due date and history; delivery moves it on', async () => {
    const r = await submit({ serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference') });
    assert.equal(r.statusCode, 201);
    const { id, number, dueDate } = r.json();
    assert.match(dueDate, /^\d{4}-\d{2}-\d{2}$/);
    const list = (await app.inject({ url: '/api/v1/applications', headers: auth(token) })).json();
    assert.equal(list.items[0].id, id, 'newest first');
    await runDueJobs(ctx, JOB_HANDLERS);
    const one = (await app.inject({ url: `/api/v1/applications/${number}`, headers: auth(token) })).json();
    assert.equal(one.id, id);
    assert.equal(one.dueDate, dueDate);
    assert.equal(one.status, 'delivered');
    // Status changes, then the step the provider's clerk now works (a history row in the same status, in plain words).
    assert.deepEqual(
      one.history.map((h: { from: string | null; to: string; words: { en: string } | null }) => [h.from, h.to, h.words?.en ?? null]),
      [
        [null, 'submitted', null],
        ['submitted', 'delivered', null],
        ['delivered', 'delivered', 'Received by the provider, being registered'],
      ],
    );
    assert.equal(one.currentStep.kind, 'register');
  });

  test('the same Idempotency-Key returns the same application, never a second one', async () => {
    const k = key();
    const draft = { serviceCode: 'guardianship-reference', channel: 'portal', form: await example('guardianship-reference') };
    const payload = { ...draft, signature: { method: 'eds', cms: await sign(citizen, draft, k) } };
    const before = await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM applications');
    const [a, b] = await Promise.all([submit(payload, { 'idempotency-key': k }), submit(payload, { 'idempotency-key': k })]);
    const c = await submit(payload, { 'idempotency-key': k });
    assert.ok([a, b, c].every((r) => r.statusCode === 201 || r.json().code === 'CONFLICT'));
    const ids = new Set([a, b, c].filter((r) => r.statusCode === 201).map((r) => r.json().id));
    assert.equal(ids.size, 1);
    assert.equal(c.headers['idempotent-replayed'], 'true');
    const afterN = await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM applications');
    assert.equal(afterN.rows[0]!.n - before.rows[0]!.n, 1);
    const changed = { ...draft.form, decisionNumber: `${draft.form.decisionNumber}-2` };
    const other = await submit({ ...draft, form: changed }, { 'idempotency-key': k });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a citizen never sees another person’s application', async () => {
    const r = await submit({ serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference') });
    const { id } = r.json();
    const other = await app.inject({ url: `/api/v1/applications/${id}`, headers: auth(token2) });
    assert.equal(other.statusCode, 404);
    const list2 = (await app.inject({ url: '/api/v1/applications', headers: auth(token2) })).json();
    assert.ok(!list2.items.some((x: { id: string }) => x.id === id));
  });

  test('paging: keyset cursor walks the list without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/applications?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ url, headers: auth(token) })).json();
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await ctx.db.query<{ id: string }>('SELECT a.id FROM applications a JOIN users u ON u.id = a.applicant_id WHERE u.iin = $1 ORDER BY filed_at DESC, id DESC', [citizen.iin]);
    assert.deepEqual(seen, all.rows.map((r) => r.id));
  });

  describe('bad input gets a 4xx with a code, a path and kk/ru/en, and writes nothing', () => {
    const cases: Array<[string, () => Promise<{ statusCode: number; json: () => { code: string; path?: string; message: Record<string, string> } }>, number, string, string?]> = [
      ['unknown service', async () => submit({ serviceCode: 'nope', channel: 'portal', form: {} }), 404, 'UNKNOWN_SERVICE', '/serviceCode'],
      ['channel the service lacks', async () => submit({ serviceCode: 'adoption-registration', channel: 'portal', form: {} }), 422, 'CHANNEL_NOT_AVAILABLE', '/channel'],
      ['unknown channel', async () => submit({ serviceCode: 'archival-reference', channel: 'fax', form: {} }), 422, 'VALIDATION_FAILED', '/channel'],
      ['missing form', async () => submit({ serviceCode: 'archival-reference', channel: 'portal' }), 422, 'VALIDATION_FAILED', '/form'],
      ['unknown top-level field', async () => submit({ serviceCode: 'archival-reference', channel: 'portal', form: {}, hack: 1 }), 422, 'VALIDATION_FAILED', '/hack'],
      ['missing idempotency key', async () => submit({ serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference'), signature: { method: 'eds', cms: 'AAAA' } }, {}), 400, 'IDEMPOTENCY_KEY_REQUIRED'],
      ['no signature', async () => submit({ serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference') }, { 'idempotency-key': key() }, citizen, { unsigned: true }), 422, 'SIGNATURE_REQUIRED', '/signature'],
      ['signed by someone else', async () => {
        const k = key();
        const draft = { serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference') };
        // citizen2 signs the bytes that name citizen's IIN: the certificate's IIN is not the applicant's.
        const p12 = await demoKeystore(ctx.db, citizen2.iin, 'sign');
        const bytes = signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: k });
        const cms = Buffer.from(await signCms(bytes, p12!, citizen2.password, { detached: true })).toString('base64');
        return submit({ ...draft, signature: { method: 'eds', cms } }, { 'idempotency-key': k });
      }, 422, 'EDS_IIN_MISMATCH'],
      ['signed with the AUTH key', async () => {
        const k = key();
        const draft = { serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference') };
        return submit({ ...draft, signature: { method: 'eds', cms: await sign(citizen, draft, k, 'auth') } }, { 'idempotency-key': k });
      }, 422, 'EDS_WRONG_KEY_USAGE'],
      ['form changed after signing', async () => {
        const k = key();
        const draft = { serviceCode: 'guardianship-reference', channel: 'portal', form: await example('guardianship-reference') };
        const cms = await sign(citizen, draft, k);
        return submit({ ...draft, form: { ...draft.form, decisionNumber: '999' }, signature: { method: 'eds', cms } }, { 'idempotency-key': k });
      }, 422, 'EDS_BAD_SIGNATURE'],
      ['garbage signature', async () => submit({ serviceCode: 'archival-reference', channel: 'portal', form: await example('archival-reference'), signature: { method: 'eds', cms: 'bm90IGEgc2lnbmF0dXJl' } }), 400, 'EDS_MALFORMED'],
      ['unknown form field', async () => submit({ serviceCode: 'archival-reference', channel: 'portal', form: { ...(await example('archival-reference')), zzz: 'x' } }), 422, 'VALIDATION_FAILED', '/form/zzz'],
      ['invalid IIN in the form', async () => submit({ serviceCode: 'address-reference', channel: 'portal', form: { ...(await example('address-reference')), subject: 'child', subjectIin: '880515300121' } }), 422, 'VALIDATION_FAILED', '/form/subjectIin'],
      ['malformed JSON', async () => app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(token, { 'idempotency-key': key(), 'content-type': 'application/json' }), payload: '{"serviceCode": ' }), 400, 'MALFORMED_JSON'],
      ['body over 1 MB', async () => submit({ serviceCode: 'archival-reference', channel: 'portal', form: { big: 'x'.repeat(1_100_000) } }), 413, 'BODY_TOO_LARGE'],
      ['not JSON', async () => app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(token, { 'idempotency-key': key(), 'content-type': 'text/plain' }), payload: 'hello' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [name, run, status, code, path] of cases) {
      test(name, async () => {
        const before = await ctx.db.query<{ n: number }>('SELECT (SELECT count(*) FROM applications)::int + (SELECT count(*) FROM idempotency_keys)::int AS n');
        const r = await run();
        assert.equal(r.statusCode, status, JSON.stringify(r.json()));
        const e = r.json();
        assert.equal(e.code, code);
        if (path) assert.equal(e.path, path);
        assert.ok(e.message.kk && e.message.ru && e.message.en);
        const afterN = await ctx.db.query<{ n: number }>('SELECT (SELECT count(*) FROM applications)::int + (SELECT count(*) FROM idempotency_keys)::int AS n');
        assert.equal(afterN.rows[0]!.n, before.rows[0]!.n, 'nothing written');
      });
    }

    test('missing required form fields are each named', async () => {
      const r = await submit({ serviceCode: 'archival-reference', channel: 'portal', form: {} });
      assert.equal(r.statusCode, 422);
      const e = r.json();
      assert.ok(e.errors.length >= 2);
      assert.ok(e.errors.every((x: { path: string; code: string }) => x.path.startsWith('/form/') && x.code === 'REQUIRED'));
    });

    test('wrongly typed form field', async () => {
      const ex = await example('archival-reference');
      const field = Object.keys(ex).find((k) => typeof ex[k] === 'string')!;
      const r = await submit({ serviceCode: 'archival-reference', channel: 'portal', form: { ...ex, [field]: 12345 } });
      assert.equal(r.statusCode, 422);
      assert.equal(r.json().errors[0].path, `/form/${field}`);
    });
  });
});

describe('gateway administration', () => {
  test('admins see the state systems and follow an asynchronous request by its correlation id; others get 401/403', async () => {
    const { sendMessage } = await import('../src/gateway/async.ts');
    const adminAcct = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
    const adminToken = await loginAs(adminAcct.iin, adminAcct.password);

    assert.equal((await app.inject({ url: '/api/v1/admin/gateway/systems' })).statusCode, 401);
    const forbidden = await app.inject({ url: '/api/v1/admin/gateway/systems', headers: auth(token) });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().code, 'FORBIDDEN');

    const systems = await app.inject({ url: '/api/v1/admin/gateway/systems', headers: auth(adminToken) });
    assert.equal(systems.statusCode, 200);
    const persons = systems.json().items.find((s: { systemId: string }) => s.systemId === 'persons');
    assert.equal(persons.circuit.state, 'closed');
    assert.ok(persons.services.some((s: { serviceId: string; idempotent: boolean }) => s.serviceId === 'getPerson' && s.idempotent));
    assert.ok(persons.config.timeoutMs > 0);

    const correlationId = `corr-${Date.now()}`;
    const { messageId } = await ctx.db.tx((q) =>
      sendMessage(ctx.gateway, q, 'persons', 'getPerson', { iin: citizen.iin }, { sender: 'qyzmet-provider', purpose: 'api test', correlationId, legalBasis: 'test: a law that allows the read' }),
    );
    // Without any basis the request is never sent: answered REJECTED for want of consent.
    const { messageId: noBasis } = await ctx.db.tx((q) => sendMessage(ctx.gateway, q, 'persons', 'getPerson', { iin: citizen.iin }, { sender: 'qyzmet-provider', purpose: 'api test', correlationId: `${correlationId}-x` }));
    const queued = await app.inject({ url: `/api/v1/admin/gateway/messages/${messageId}`, headers: auth(adminToken) });
    assert.equal(queued.statusCode, 200);
    assert.equal(queued.json().status, 'queued');
    while ((await runDueJobs(ctx, JOB_HANDLERS)) > 0);
    const answered = (await app.inject({ url: `/api/v1/admin/gateway/messages/${messageId}`, headers: auth(adminToken) })).json();
    assert.equal(answered.status, 'answered');
    // This test database has no synthetic population: the persons DB answers "not found", which is an answer too.
    assert.equal(answered.responseCode, 'NOT_FOUND');
    const refused = (await app.inject({ url: `/api/v1/admin/gateway/messages/${noBasis}`, headers: auth(adminToken) })).json();
    assert.equal(refused.responseCode, 'REJECTED');
    assert.match(refused.lastError, /^CONSENT_REQUIRED: NO_CONSENT/);
    const list = (await app.inject({ url: '/api/v1/admin/gateway/messages', query: { correlationId }, headers: auth(adminToken) })).json().items;
    assert.deepEqual(
      list.map((m: { messageType: string; direction: string; messageId: string; inReplyTo: string | null }) => [m.messageType, m.direction, m.inReplyTo === null ? null : m.inReplyTo === messageId]),
      [
        ['REQUEST', 'out', null],
        ['RESPONSE', 'in', true],
      ],
    );

    // The CA reads an employee's organisation from the legal entities register through the gateway:
    // this database has no population, so the BIN names no entity.
    const orgCert = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/pki/certificates',
      headers: auth(adminToken),
      payload: { iin: citizen.iin, bin: '111040044105', name: 'Ахметов Нұрлан', usage: 'sign', algorithm: 'ecdsa', password: 'secret-1', reason: 'new employee' },
    });
    assert.equal(orgCert.statusCode, 422, orgCert.body);
    assert.equal(orgCert.json().code, 'PKI_UNKNOWN_ORGANISATION');

    const unknown = await app.inject({ url: `/api/v1/admin/gateway/messages/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`, headers: auth(adminToken) });
    assert.equal(unknown.statusCode, 404);
    const bad = await app.inject({ url: '/api/v1/admin/gateway/messages/not-a-uuid', headers: auth(adminToken) });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().path, '/params/messageId');
  });
});

describe('the applicant named in the form is the signer (portal)', () => {
  const base = async (code: string) => withRequiredFiles(app.inject.bind(app) as never, token, code, (await app.inject(`/api/v1/services/${code}`)).json().form.example);
  const count = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM applications')).rows[0]!.n;
  const post = (draft: { serviceCode: string; channel: string; form: Record<string, unknown> }, k: string, signature: unknown, t = token) =>
    app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(t, { 'idempotency-key': k }), payload: { ...withRegion(draft), signature } });

  test("another person's IIN as the applicant → 422 APPLICANT_NOT_SIGNER on that field, nothing written", async () => {
    const before = await count();
    for (const [code, field] of [
      ['archival-reference', 'applicantIin'],
      ['minor-deposit-reference', 'representativeIin'],
      // The review's case: a guardianship reference naming another person as the guardian.
      ['guardianship-reference', 'guardianIin'],
    ] as const) {
      const draft = { serviceCode: code, channel: 'portal', form: { ...(await base(code)), [field]: citizen2.iin } };
      const k = key();
      const r = await post(draft, k, { method: 'eds', cms: await sign(citizen, draft, k) });
      assert.equal(r.statusCode, 422, r.body);
      assert.equal(r.json().code, 'APPLICANT_NOT_SIGNER');
      assert.equal(r.json().path, `/form/${field}`);
      assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
    }
    assert.equal(await count(), before);
  });

  test("an organisation applies only with a certificate carrying its BIN: a personal one → EDS_BIN_MISMATCH, an SMS code → ORGANISATION_EDS_REQUIRED; the organisation's own → 201", async () => {
    const bin = '111040044105';
    const { applicantIin: _personal, ...rest } = await base('processing-permit');
    const form = { ...rest, applicantKind: 'legal-entity', applicantBin: bin, organisationName: '«Ертіс Металл» АҚ' };
    const draft = { serviceCode: 'processing-permit', channel: 'portal', form };
    const before = await count();

    let k = key();
    const personal = await post(draft, k, { method: 'eds', cms: await sign(citizen, draft, k) });
    assert.equal(personal.statusCode, 422, personal.body);
    assert.equal(personal.json().code, 'EDS_BIN_MISMATCH');

    k = key();
    const sms = await post(draft, k, { method: 'sms', otpId: '00000000-0000-7000-8000-000000000000', code: '123456' });
    assert.equal(sms.statusCode, 422, sms.body);
    assert.equal(sms.json().code, 'ORGANISATION_EDS_REQUIRED');
    assert.equal(await count(), before);

    // The same person as the organisation's employee: OU=BIN… in the certificate.
    const issued = await ctx.pki.ca!.issue({ iin: citizen.iin, bin, organization: '«Ертіс Металл» АҚ', name: 'АХМЕТОВ НҰРЛАН СЕРІКҰЛЫ', usage: 'sign', algorithm: 'ecdsa', password: 'org-pass-1' });
    k = key();
    const bytes = signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: k });
    const cms = Buffer.from(await signCms(bytes, Buffer.from(issued.pkcs12, 'base64'), 'org-pass-1', { detached: true })).toString('base64');
    const ok = await post(draft, k, { method: 'eds', cms });
    assert.equal(ok.statusCode, 201, ok.body);

    // And that organisation's certificate does not sign for another organisation.
    const other = { ...draft, form: { ...form, applicantBin: '090340002151' } };
    k = key();
    const cms2 = Buffer.from(await signCms(signingPayload({ ...other, region: null, applicantIin: citizen.iin, idempotencyKey: k }), Buffer.from(issued.pkcs12, 'base64'), 'org-pass-1', { detached: true })).toString('base64');
    const wrongOrg = await post(other, k, { method: 'eds', cms: cms2 });
    assert.equal(wrongOrg.json().code, 'EDS_BIN_MISMATCH');
  });
});
