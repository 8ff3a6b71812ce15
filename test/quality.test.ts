/**
 * The quality survey (src/quality): asked once per decided application, the applicant only,
 * answers validated against 001 annex 6, anonymous in the stored rows and in the report, groups
 * under 5 suppressed; bad input changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { answerIssues, SURVEY } from '../src/quality/survey.ts';
import { engine, makeTestContext } from './helpers/context.ts';

type Who = { iin: string; password: string; phone: string };
const [citizen, otherCitizen] = DEMO_ACCOUNTS.filter((a) => a.role === 'citizen') as unknown as [Who, Who];
const auditor = DEMO_ACCOUNTS.find((a) => a.role === 'quality-auditor') as unknown as Who;
const ORG = 'pavlodar-archives';

describe('the survey’s answers (pure)', () => {
  test('both questions of 001 annex 6 answered with their options, a whole rating 1–5, nothing else', () => {
    assert.deepEqual(SURVEY.questions.map((q) => [q.id, q.options.map((o) => o.value)]), [
      ['quality', [1, 2, 3]],
      ['information', [1, 2, 3]],
    ]);
    assert.deepEqual(answerIssues(SURVEY, { answers: { quality: 3, information: 2 }, rating: 5 }), []);
    assert.deepEqual(answerIssues(SURVEY, { answers: { quality: 3 }, rating: 5 }), [{ path: '/answers/information', code: 'REQUIRED' }]);
    assert.deepEqual(answerIssues(SURVEY, { answers: { quality: 4, information: 1 }, rating: 1 }), [{ path: '/answers/quality', code: 'INVALID' }]);
    assert.deepEqual(answerIssues(SURVEY, { answers: { quality: 1, information: 1, speed: 2 }, rating: 3 }), [{ path: '/answers/speed', code: 'UNKNOWN_FIELD' }]);
    for (const rating of [0, 6, 2.5, Number.NaN]) assert.deepEqual(answerIssues(SURVEY, { answers: { quality: 1, information: 1 }, rating }), [{ path: '/rating', code: 'INVALID' }], String(rating));
  });
});

describe(`the survey over HTTP (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const auth = (who: Who) => ({ authorization: `Bearer ${tokens.get(who.iin)}` });

  async function loginAs(who: Who): Promise<string> {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
    assert.equal(r.statusCode, 200, r.body);
    if (!r.json().mfaRequired) return r.json().token as string;
    const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: who.phone } })).json().items[0].body as string;
    const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: /\b(\d{6})\b/.exec(sms)![1] } });
    return r2.json().token as string;
  }

  /** An application row of the citizen in `status` (the survey needs only its row). */
  async function application(status: string, code = 'archival-reference') {
    const id = uuid7();
    const user = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [citizen.iin])).rows[0]!;
    const version = ctx.registry.versions(code).at(-1)!.version;
    await ctx.db.query(
      `INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form, filed_at, provider_org, region)
       VALUES ($1,$2,$3,$4,'portal',$5,$6,$7,'{}',now(),$8,'pavlodar')`,
      [id, `Q-${engine}-${id.slice(-8)}`, code, version, user.id, citizen.iin, status, ORG],
    );
    return id;
  }
  const post = (who: Who, id: string, body: unknown) => app.inject({ method: 'POST', url: `/api/v1/applications/${id}/survey`, headers: auth(who), payload: body as Record<string, unknown> });
  const counts = async () =>
    (await ctx.db.query<{ a: number; r: number; au: number }>("SELECT (SELECT count(*)::int FROM survey_answers) a, (SELECT count(*)::int FROM survey_receipts) r, (SELECT count(*)::int FROM audit_log WHERE event = 'survey.answered') au")).rows[0]!;

  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
    for (const w of [citizen, otherCitizen, auditor]) tokens.set(w.iin, await loginAs(w));
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  test('a decided application: the questionnaire in kk/ru/en, answered once; the stored answer names no person or application', async () => {
    const id = await application('issued');
    const g = await app.inject({ url: `/api/v1/applications/${id}/survey`, headers: auth(citizen) });
    assert.equal(g.statusCode, 200, g.body);
    assert.equal(g.json().open, true);
    assert.match(g.json().questions[0].text.kk, /қанағаттанасыз ба/);
    const before = await counts();
    const r = await post(citizen, id, { answers: { quality: 3, information: 2 }, rating: 4, comment: 'Жылдам болды' });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(await counts(), { a: before.a + 1, r: before.r + 1, au: before.au + 1 });
    const row = (await ctx.db.query<Record<string, unknown>>('SELECT * FROM survey_answers ORDER BY id DESC LIMIT 1')).rows[0]!;
    assert.deepEqual(Object.keys(row).sort(), ['answered_on', 'answers', 'channel', 'comment', 'id', 'intake_org', 'outcome', 'provider_org', 'rating', 'region', 'service_code', 'survey'].sort());
    assert.ok(!JSON.stringify(row).includes(id) && !JSON.stringify(row).includes(citizen.iin), 'no application, no IIN');
    const audit = (await ctx.db.query<{ data: unknown }>("SELECT data FROM audit_log WHERE event = 'survey.answered' AND subject_id = $1", [id])).rows[0]!;
    assert.ok(!JSON.stringify(audit.data).includes('rating'), 'the audit does not carry the answers');
    const again = await post(citizen, id, { answers: { quality: 1, information: 1 }, rating: 1 });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'SURVEY_ALREADY_ANSWERED');
    assert.equal((await app.inject({ url: `/api/v1/applications/${id}/survey`, headers: auth(citizen) })).json().answered, true);
  });

  test('bad input: not decided yet, somebody else’s, invalid answers, not a citizen — a 4xx with a code, nothing written', async () => {
    const open = await application('in-progress');
    const decided = await application('refused');
    const before = await counts();
    const cases: Array<[Who, string, unknown, number, string]> = [
      [citizen, open, { answers: { quality: 3, information: 3 }, rating: 5 }, 409, 'SURVEY_NOT_OPEN'],
      [otherCitizen, decided, { answers: { quality: 3, information: 3 }, rating: 5 }, 404, 'NOT_FOUND'],
      [citizen, decided, { answers: { quality: 3 }, rating: 5 }, 422, 'VALIDATION_FAILED'],
      [citizen, decided, { answers: { quality: 3, information: 3 }, rating: 9 }, 422, 'VALIDATION_FAILED'],
      [citizen, decided, { answers: { quality: 3, information: 3 }, rating: 5, extra: 1 }, 422, 'VALIDATION_FAILED'],
      [citizen, 'not-a-uuid', { answers: { quality: 3, information: 3 }, rating: 5 }, 404, 'NOT_FOUND'],
      // Staff are citizens too: somebody else's application does not exist for them either.
      [auditor, decided, { answers: { quality: 3, information: 3 }, rating: 5 }, 404, 'NOT_FOUND'],
    ];
    for (const [who, id, body, status, code] of cases) {
      const r = await post(who, id, body);
      assert.equal(r.statusCode, status, `${code}: ${r.body}`);
      assert.equal(r.json().code, code);
      assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
    }
    assert.deepEqual(await counts(), before, 'nothing written');
  });

  test('the authority’s report: counts per option, rating mean; a group under 5 answers is suppressed; citizens may not read it', async () => {
    const day = (d: number) => new Date(Date.now() + 5 * 3600_000 + d * 86_400_000).toISOString().slice(0, 10);
    const report = async () => (await app.inject({ url: `/api/v1/quality/surveys?from=${day(-30)}&to=${day(1)}&by=service`, headers: auth(auditor) })).json();
    // Five more guardianship references rated: their group shows; the archival group stays under 5 and is suppressed.
    for (const rating of [5, 4, 4, 3, 1]) {
      const id = await application('issued', 'guardianship-reference');
      assert.equal((await post(citizen, id, { answers: { quality: rating >= 4 ? 3 : 1, information: 2 }, rating })).statusCode, 201);
    }
    const r = await report();
    const g = r.groups.find((x: { key: string }) => x.key === 'guardianship-reference');
    assert.ok(g, JSON.stringify(r));
    assert.equal(g.answers, 5);
    assert.deepEqual(g.ratings, { 1: 1, 2: 0, 3: 1, 4: 2, 5: 1 });
    assert.deepEqual(g.questions.quality, { 1: 2, 2: 0, 3: 3 });
    assert.equal(g.meanRating, 3.4);
    assert.ok(!r.groups.some((x: { key: string }) => x.key === 'archival-reference'), 'one archival answer is not shown');
    assert.ok(r.suppressed >= 1);
    const byCitizen = await app.inject({ url: '/api/v1/quality/surveys?from=2026-01-01&to=2026-12-31', headers: auth(citizen) });
    assert.equal(byCitizen.statusCode, 403);
    const backwards = await app.inject({ url: '/api/v1/quality/surveys?from=2026-12-31&to=2026-01-01', headers: auth(auditor) });
    assert.equal(backwards.statusCode, 422);
    assert.equal(backwards.json().code, 'REPORT_PERIOD_INVALID');
  });
});
