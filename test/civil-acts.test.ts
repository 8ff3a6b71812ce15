/**
 * Civil registration for real (issue 10 item 2, src/civil): approving a civil-registration
 * service writes its act record in the simulated civil registry through the gateway and puts the
 * number into the decision; the registry's refusal (the record exists, there is no such record)
 * turns the approval into a reasoned refusal on the definition's ground with nothing of the
 * approval written; a repeated write (same application) makes one act. The pure planning
 * (src/civil/plan.ts) is checked on every civil definition. Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { execute } from '../src/actions/executor.ts';
import { recordCivilAct } from '../src/civil/acts.ts';
import { checkCivilAct, groundsNeeded, kindOf, planAct, resolveRole, sexOfIin } from '../src/civil/plan.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { isGatewayError } from '../src/gateway/errors.ts';
import { buildApp } from '../src/http/app.ts';
import { makeIin } from '../src/ids/iin.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { signCms } from '../src/pki/sign.ts';
import { loadDefinitions } from '../src/registry/loader.ts';
import type { CivilActSpec, ServiceDefinition } from '../src/registry/types.ts';
import type { ActRecord } from '../src/registries/catalogue.ts';
import { loadTask, signingBytes, type StaffActor, TASK_ACTIONS } from '../src/tasks/actions.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const ORG = 'wko-oral-civil-registry';
type Demo = (typeof DEMO_ACCOUNTS)[number];
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === ORG)!;
const head = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === ORG)!;
const executor = DEMO_ACCOUNTS.find((a) => a.role === 'responsible-executor' && a.orgId === ORG)!;
const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator' && a.orgId === 'psc-oral-01')!;

// People the test makes its records for (serials 7001+: neither the seed's nor the newborns').
const MOTHER = makeIin('1995-05-05', 'female', 7001);
const FATHER = makeIin('1993-03-03', 'male', 7002);
const HUSBAND = makeIin('1990-01-10', 'male', 7003);
const WIFE = makeIin('1992-02-20', 'female', 7004);
const OTHER_WIFE = makeIin('1994-04-14', 'female', 7005);
const DECEASED = makeIin('1950-06-06', 'male', 7006);
const NOBODY = makeIin('1980-08-08', 'male', 7007);
const META = { sender: 'qyzmet-test', purpose: 'civil-acts test', legalBasis: 'test' };

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();

async function actor(who: Demo): Promise<StaffActor> {
  const u = (await ctx.db.query<{ id: string; roles: string[]; org_id: string }>('SELECT id, roles, org_id FROM users WHERE iin = $1', [who.iin])).rows[0]!;
  return { id: u.id, role: who.role, orgId: u.org_id, roles: u.roles, iin: who.iin };
}

async function openTask(applicationId: string) {
  const r = await ctx.db.query<{ id: string; step_id: string }>("SELECT id, step_id FROM tasks WHERE application_id = $1 AND state <> 'closed' ORDER BY opened_at DESC LIMIT 1", [applicationId]);
  return r.rows[0] ?? null;
}

async function act(applicationId: string, who: Demo, action: string, body: Record<string, unknown> = {}) {
  const t = await openTask(applicationId);
  assert.ok(t, `an open task of ${applicationId} for ${action}`);
  const version = (await ctx.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [applicationId])).rows[0]!.version;
  return execute(ctx, TASK_ACTIONS[action]!, { actor: await actor(who), subjectId: t.id, body: { version, ...body } });
}

/** Files an application at the front office (the division's clerk, or the Oral centre's operator) and delivers it. */
async function file(serviceCode: string, patch: Record<string, unknown>, opts: { channel?: 'provider' | 'centre'; applicantIin?: string } = {}): Promise<string> {
  const who = opts.channel === 'centre' ? operator : clerk;
  const form = { ...(ctx.registry.inForce(serviceCode, new Date())!.form.example as Record<string, unknown>), ...patch };
  for (const [k, v] of Object.entries(form)) if (v === undefined) delete form[k];
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { authorization: `Bearer ${tokens.get(who.iin)}`, 'idempotency-key': `civil-${engine}-${Math.random().toString(36).slice(2)}` },
    payload: { serviceCode, channel: opts.channel ?? 'provider', form, ...(opts.applicantIin ? { intake: { applicantIin: opts.applicantIin } } : {}) },
  });
  assert.equal(r.statusCode, 201, r.body);
  await runDueJobs(ctx, JOB_HANDLERS);
  return r.json().id as string;
}

/** Register → assign → the executor approves (the decision's example data). */
async function toApproval(id: string, data: Record<string, unknown> = { text: 'Тіркелді / Зарегистрировано' }) {
  await act(id, clerk, 'register');
  await act(id, head, 'assign', { executorId: (await actor(executor)).id });
  return act(id, executor, 'approve', { data });
}

async function decision(id: string) {
  const r = await ctx.db.query<{ kind: string; data: Record<string, unknown>; signed_at: Date | null }>('SELECT kind, data, signed_at FROM application_decisions WHERE application_id = $1', [id]);
  return r.rows[0] ?? null;
}

async function signByHead(id: string) {
  const t = await openTask(id);
  assert.equal(t?.step_id, 'head-sign');
  const s = (await loadTask(ctx.db, ctx, t.id, false))!;
  const bytes = (await signingBytes(ctx.db, s))!;
  const p12 = (await demoKeystore(ctx.db, head.iin, 'sign'))!;
  const cms = Buffer.from(await signCms(bytes, p12, head.password, { detached: true })).toString('base64');
  return act(id, head, 'sign', { signature: { method: 'eds', cms } });
}

async function acts(iin: string, kind?: ActRecord['kind']): Promise<ActRecord[]> {
  const r = await ctx.gateway.send('civil-registry', 'findActs', { iin, ...(kind ? { kind } : {}) }, META);
  return r.status === 'ok' ? r.data.acts : [];
}

const counts = async (id: string) =>
  (
    await ctx.db.query<{ h: number; au: number }>(
      'SELECT (SELECT count(*)::int FROM application_history WHERE application_id = $1) h, (SELECT count(*)::int FROM audit_log WHERE subject_id = $1::text) au',
      [id],
    )
  ).rows[0]!;

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  for (const who of [clerk, operator, head]) {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
    assert.equal(r.statusCode, 200, r.body);
    tokens.set(who.iin, r.json().token as string);
  }
});
after(async () => {
  await app?.close();
  await ctx?.close();
});

const BIRTH = { motherIin: MOTHER, fatherIin: FATHER, childBirthDate: '2026-11-02', childSex: 'female', childName: 'Айару', childSurname: 'Серікова' };

describe(`civil acts recorded on approval (${engine})`, () => {
  let birthNumber = '';
  let birthDate = '';
  let childIin = '';

  test('a birth registration approved: a birth act with the child (a new IIN) and the parents; its number in the decision, shown to staff, signed', async () => {
    const id = await file('birth-registration', BIRTH, { applicantIin: MOTHER });
    await toApproval(id);
    const d = await decision(id);
    assert.equal(d?.kind, 'approve');
    const rec = d!.data.actRecord as { number: string; date: string; kind: string; operation: string; participants: Array<{ iin: string; role: string }> };
    assert.match(rec.number, /^\d{4}\/B\/E\d{9}$/);
    assert.match(rec.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual([rec.kind, rec.operation], ['birth', 'registered']);
    assert.equal(d!.data.text, 'Тіркелді / Зарегистрировано', 'the executor’s data are kept beside it');

    // The registry holds it: found by the mother and by the child's new IIN, with every participant.
    const byMother = await acts(MOTHER, 'birth');
    assert.equal(byMother.length, 1);
    const a = byMother[0]!;
    assert.equal(a.actNumber, rec.number);
    const child = a.participants.find((p) => p.role === 'child');
    assert.ok(child, 'the child is a participant');
    assert.equal(sexOfIin(child.iin), 'female');
    assert.ok(child.iin.startsWith('261102'), `born 2026-11-02: ${child.iin}`);
    assert.deepEqual(a.participants.filter((p) => p.role !== 'child'), [{ iin: FATHER, role: 'father' }, { iin: MOTHER, role: 'mother' }]);
    assert.equal(a.details?.childGivenName, 'Айару');
    assert.equal(a.details?.childSurname, 'Серікова');
    assert.equal((await acts(child.iin))[0]?.actNumber, rec.number);
    assert.deepEqual(rec.participants, a.participants);
    birthNumber = rec.number;
    birthDate = rec.date;
    childIin = child.iin;

    // The head's task page shows the decision with the act record.
    const t = await openTask(id);
    const page = await app.inject({ url: `/api/v1/tasks/${t!.id}`, headers: { authorization: `Bearer ${tokens.get(head.iin)}` } });
    assert.equal(page.statusCode, 200, page.body);
    assert.equal(page.json().decision.data.actRecord.number, rec.number);

    await signByHead(id);
    const signed = await decision(id);
    assert.ok(signed?.signed_at, 'the head signed the decision with the act number in it');
    const audit = (await ctx.db.query<{ data: Record<string, unknown> }>("SELECT data FROM audit_log WHERE subject_id = $1 AND event = 'task.approve'", [id])).rows[0];
    assert.equal(audit?.data.actRecord, rec.number);
  });

  test('the same child a second time: a reasoned refusal on act-record-exists, no second act, nothing of the approval written', async () => {
    const id = await file('birth-registration', BIRTH, { applicantIin: MOTHER });
    await toApproval(id);
    const d = await decision(id);
    assert.equal(d?.kind, 'refuse');
    assert.deepEqual(Object.keys(d!.data).sort(), ['groundTexts', 'grounds'], 'the shape `refuse` writes');
    assert.deepEqual(d!.data.grounds, ['act-record-exists']);
    const text = (d!.data.groundTexts as Array<{ kk: string; ru: string; en: string }>)[0]!;
    assert.ok(text.kk && text.ru && text.en);
    assert.match(text.en, /birth is already registered/);
    assert.equal((await acts(MOTHER, 'birth')).length, 1, 'no second birth act');
    const events = (await ctx.db.query<{ event: string; data: Record<string, unknown> }>("SELECT event, data FROM audit_log WHERE subject_id = $1 AND event LIKE 'task.%' ORDER BY id", [id])).rows;
    assert.deepEqual(events.map((e) => e.event), ['task.register', 'task.assign', 'task.refuse']);
    assert.equal(events.at(-1)?.data.civilRegistry, 'BIRTH_ALREADY_REGISTERED');
    // The head signs the refusal; the application ends refused.
    await signByHead(id);
    assert.ok((await decision(id))?.signed_at);
    const status = (await ctx.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [id])).rows[0]!.status;
    assert.equal(status, 'refused');
  });

  test('two approvals at once: the same child is registered once; two newborns of one day get two IINs', async () => {
    const mum = makeIin('1996-06-16', 'female', 7301);
    const other = makeIin('1997-07-17', 'female', 7302);
    const same = { ...BIRTH, motherIin: mum, fatherIin: undefined, childBirthDate: '2026-11-20', childSex: 'male', childName: 'Нұрсұлтан' };
    const ids = [
      await file('birth-registration', same, { applicantIin: mum }),
      await file('birth-registration', same, { applicantIin: mum }),
      await file('birth-registration', { ...same, motherIin: other, childName: 'Алдияр' }, { applicantIin: other }),
    ];
    for (const id of ids) {
      await act(id, clerk, 'register');
      await act(id, head, 'assign', { executorId: (await actor(executor)).id });
    }
    await Promise.all(ids.map((id) => act(id, executor, 'approve', { data: { text: 'x' } })));
    const kinds = await Promise.all(ids.map(async (id) => (await decision(id))?.kind));
    assert.deepEqual(kinds.slice(0, 2).sort(), ['approve', 'refuse']);
    assert.equal(kinds[2], 'approve');
    assert.equal((await acts(mum, 'birth')).length, 1);
    const children = [(await acts(mum, 'birth'))[0]!, (await acts(other, 'birth'))[0]!].map((a) => a.participants.find((p) => p.role === 'child')!.iin);
    assert.ok(children[0]!.startsWith('261120') && children[1]!.startsWith('261120'));
    assert.notEqual(children[0], children[1]);
  });

  test('twins (same mother and day, another name) are two births', async () => {
    const id = await file('birth-registration', { ...BIRTH, childName: 'Айым' }, { applicantIin: MOTHER });
    await toApproval(id);
    assert.equal((await decision(id))?.kind, 'approve');
    assert.equal((await acts(MOTHER, 'birth')).length, 2);
  });

  test('a repeat certificate: of an existing act its number; of a nonexistent act a refusal on act-record-not-found', async () => {
    const year = Number(birthNumber.slice(0, 4));
    const found = await file('civil-repeat-certificate', { documentKind: 'repeat-certificate', actType: 'birth', subjectIin: childIin, actRegistrationYear: year }, { channel: 'centre', applicantIin: NOBODY });
    await toApproval(found);
    // The task page's state data read the records of the person the act names (the applicant has none).
    const t = await openTask(found);
    const sd = await app.inject({ url: `/api/v1/tasks/${t!.id}/state-data`, headers: { authorization: `Bearer ${tokens.get(head.iin)}` } });
    assert.equal(sd.statusCode, 200, sd.body);
    const civilItem = (sd.json().items as Array<{ system: string; status: string; fields: Array<{ value: { en: string } }> }>).find((i) => i.system === 'civil-registry');
    assert.equal(civilItem?.status, 'ok');
    assert.ok(civilItem?.fields.some((f) => f.value.en.includes(birthNumber)), JSON.stringify(civilItem));
    const d = await decision(found);
    assert.equal(d?.kind, 'approve');
    assert.deepEqual([(d!.data.actRecord as { number: string }).number, (d!.data.actRecord as { operation: string }).operation], [birthNumber, 'found']);
    assert.equal((await acts(childIin)).length, 1, 'a lookup writes nothing');

    const missing = await file('civil-repeat-certificate', { documentKind: 'repeat-certificate', actType: 'death', subjectIin: NOBODY, actRegistrationYear: 2015 }, { channel: 'centre', applicantIin: MOTHER });
    await toApproval(missing);
    const r = await decision(missing);
    assert.equal(r?.kind, 'refuse');
    assert.deepEqual(r!.data.grounds, ['act-record-not-found']);
    // Another year than the act's: not that record.
    const wrongYear = await file('civil-repeat-certificate', { documentKind: 'reference', actType: 'birth', subjectIin: childIin, actRegistrationYear: year - 3 }, { channel: 'centre', applicantIin: MOTHER });
    await toApproval(wrongYear);
    assert.deepEqual((await decision(wrongYear))?.data.grounds, ['act-record-not-found']);
  });

  test('a marriage and a divorce make their acts; marrying again while married, or divorcing unmarried, is refused', async () => {
    const m = await file('marriage-registration', { applicantIin: HUSBAND, secondApplicantIin: WIFE });
    await toApproval(m);
    const md = await decision(m);
    assert.equal(md?.kind, 'approve');
    const marriage = (await acts(HUSBAND, 'marriage'))[0]!;
    assert.equal(marriage.actNumber, (md!.data.actRecord as { number: string }).number);
    assert.deepEqual(marriage.participants, [{ iin: HUSBAND, role: 'husband' }, { iin: WIFE, role: 'wife' }], 'husband and wife by the IINs');
    assert.equal(marriage.details?.secondSurnameAfter, 'Ахметова');

    const again = await file('marriage-registration', { applicantIin: WIFE, secondApplicantIin: HUSBAND });
    await toApproval(again);
    assert.deepEqual((await decision(again))?.data.grounds, ['act-record-exists']);
    const other = await file('marriage-registration', { applicantIin: HUSBAND, secondApplicantIin: OTHER_WIFE });
    await toApproval(other);
    assert.deepEqual((await decision(other))?.data.grounds, ['act-record-exists']);
    const audit = (await ctx.db.query<{ data: Record<string, unknown> }>("SELECT data FROM audit_log WHERE subject_id = $1 AND event = 'task.refuse'", [other])).rows[0];
    assert.equal(audit?.data.civilRegistry, 'ALREADY_MARRIED');
    assert.equal((await acts(HUSBAND, 'marriage')).length, 1);

    const d = await file('divorce-registration', { applicantIin: HUSBAND, secondApplicantIin: WIFE, marriageDate: marriage.actDate });
    await toApproval(d);
    const dd = await decision(d);
    assert.equal(dd?.kind, 'approve');
    const divorce = (await acts(WIFE, 'divorce'))[0]!;
    assert.equal(divorce.actNumber, (dd!.data.actRecord as { number: string }).number);
    assert.match(divorce.actNumber, /\/D\/E/);
    assert.deepEqual(divorce.participants, [{ iin: HUSBAND, role: 'husband' }, { iin: WIFE, role: 'wife' }]);
    assert.equal(divorce.details?.marriageActNumber, marriage.actNumber);

    const twice = await file('divorce-registration', { applicantIin: HUSBAND, secondApplicantIin: WIFE });
    await toApproval(twice);
    assert.deepEqual((await decision(twice))?.data.grounds, ['act-record-not-found']);
    assert.equal((await acts(WIFE, 'divorce')).length, 1);

    // Divorced, he may marry another.
    const remarry = await file('marriage-registration', { applicantIin: HUSBAND, secondApplicantIin: OTHER_WIFE });
    await toApproval(remarry);
    assert.equal((await decision(remarry))?.kind, 'approve');
  });

  test('the write is idempotent: an approval retried after the registry wrote finds the same act; a rolled-back approval leaves none', async () => {
    const id = await file('death-registration', { deceasedIin: DECEASED }, { applicantIin: MOTHER });
    await act(id, clerk, 'register');
    await act(id, head, 'assign', { executorId: (await actor(executor)).id });

    // An approval whose transaction fails after the (simulated, in-transaction) write: nothing stays.
    const t = (await openTask(id))!;
    const version = (await ctx.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [id])).rows[0]!.version;
    const before = await counts(id);
    const boom = new Error('after the write');
    const who = await actor(executor);
    await assert.rejects(
      ctx.db.tx(async (tx) => {
        await execute(ctx, TASK_ACTIONS.approve!, { actor: who, subjectId: t.id, body: { version, data: { text: 'x' } } }, tx);
        assert.equal((await tx.query("SELECT count(*)::int AS n FROM zags_participants WHERE iin = $1 AND role = 'deceased'", [DECEASED])).rows[0]?.n, 1, 'written inside');
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.deepEqual(await acts(DECEASED), []);
    assert.deepEqual(await counts(id), before, 'no history, no audit');
    assert.equal(await decision(id), null);

    // A remote registry keeps what it wrote: the first attempt's write stands (here: outside any transaction) …
    const s = (await loadTask(ctx.db, ctx, t.id, false))!;
    const first = await recordCivilAct(ctx, ctx.db, s, null, new Date());
    assert.ok(first?.recorded);
    // … and the retried approval gets the same act, not a second one.
    await act(id, executor, 'approve', { data: { text: 'Тіркелді' } });
    const d = await decision(id);
    assert.equal((d?.data.actRecord as { number: string }).number, first.actRecord.number);
    const deaths = await acts(DECEASED, 'death');
    assert.equal(deaths.length, 1);
    assert.equal(deaths[0]?.actNumber, first.actRecord.number);
    // The same reference straight at the registry: replayed.
    const again = await ctx.gateway.send('civil-registry', 'registerAct', { kind: 'death', actDate: '2026-12-01', registeringBody: 'x', participants: [{ iin: DECEASED, role: 'deceased' }], reference: id }, META);
    assert.ok(again.status === 'ok' && again.data.recorded && again.data.replayed && again.data.act.actNumber === first.actRecord.number);

    // Another application for the same death: refused.
    const second = await file('death-registration', { deceasedIin: DECEASED }, { applicantIin: MOTHER });
    await toApproval(second);
    assert.deepEqual((await decision(second))?.data.grounds, ['act-record-exists']);
  });

  test('the registry unavailable: the approval fails with 503 and writes nothing; tried again later it records the act', async () => {
    const id = await file('paternity-registration', { childIin: makeIin('2024-12-01', 'male', 7201), fatherIin: makeIin('1990-02-18', 'male', 7202), motherIin: makeIin('1993-06-25', 'female', 7203) }, { applicantIin: makeIin('1993-06-25', 'female', 7203) });
    await act(id, clerk, 'register');
    await act(id, head, 'assign', { executorId: (await actor(executor)).id });
    const before = await counts(id);
    ctx.gateway.faults.set('civil-registry', { errorRate: 1 });
    try {
      await assert.rejects(act(id, executor, 'approve', { data: { text: 'x' } }), (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR') && (e as { status: number }).status === 503);
    } finally {
      ctx.gateway.faults.clear('civil-registry');
    }
    assert.deepEqual(await counts(id), before);
    assert.equal(await decision(id), null);
    assert.equal((await openTask(id))?.step_id, 'executor', 'the task is still the executor’s');
    await act(id, executor, 'approve', { data: { text: 'Әкелік анықталды' } });
    const d = await decision(id);
    assert.equal((d?.data.actRecord as { kind: string }).kind, 'paternity');
  });

  test('an amendment is made to the act the form names, once; a number the registry does not hold is refused', async () => {
    const id = await file('name-change-registration', { applicantIin: FATHER, requestType: 'amendment', actRecordNumber: birthNumber, actRecordDate: birthDate, amendmentDescription: 'Әкесінің тегі түзетілді' });
    await toApproval(id);
    const d = await decision(id);
    assert.equal(d?.kind, 'approve', JSON.stringify(d?.data));
    assert.deepEqual([(d!.data.actRecord as { number: string }).number, (d!.data.actRecord as { operation: string }).operation], [birthNumber, 'amended']);
    const rows = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM zags_amendments WHERE reference = $1", [id])).rows[0]!.n;
    assert.equal(rows, 1);
    const replay = await ctx.gateway.send('civil-registry', 'amendAct', { actNumber: birthNumber, madeOn: '2026-12-01', registeringBody: 'x', reference: id }, META);
    assert.ok(replay.status === 'ok' && replay.data.replayed);

    const bad = await file('name-change-registration', { applicantIin: FATHER, requestType: 'amendment', actRecordNumber: '2020/N/E999999999', actRecordDate: '2020-01-01', amendmentDescription: 'x' });
    await toApproval(bad);
    assert.deepEqual((await decision(bad))?.data.grounds, ['act-record-not-found']);
  });
});

describe(`the civil registry's own rules (${engine})`, () => {
  const reg = (req: Record<string, unknown>) =>
    ctx.gateway.send('civil-registry', 'registerAct', { actDate: '2026-12-01', registeringBody: 'Орал қаласының АХАТ бөлімі', ...req } as never, META);
  const CHILD = makeIin('2020-01-15', 'male', 7101);
  const DAD = makeIin('1985-05-15', 'male', 7102);
  const MUM = makeIin('1987-07-17', 'female', 7103);

  test('paternity once; birth of a child by IIN once; adoption by the same parents once', async () => {
    const b = await reg({ kind: 'birth', participants: [{ iin: CHILD, role: 'child' }, { iin: MUM, role: 'mother' }] });
    assert.ok(b.status === 'ok' && b.data.recorded);
    const b2 = await reg({ kind: 'birth', participants: [{ iin: CHILD, role: 'child' }, { iin: MUM, role: 'mother' }] });
    assert.ok(b2.status === 'ok' && !b2.data.recorded && b2.data.reason === 'BIRTH_ALREADY_REGISTERED' && b2.data.act?.kind === 'birth');
    const p = await reg({ kind: 'paternity', participants: [{ iin: CHILD, role: 'child' }, { iin: DAD, role: 'father' }] });
    assert.ok(p.status === 'ok' && p.data.recorded);
    const p2 = await reg({ kind: 'paternity', participants: [{ iin: CHILD, role: 'child' }, { iin: DAD, role: 'father' }] });
    assert.ok(p2.status === 'ok' && !p2.data.recorded && p2.data.reason === 'PATERNITY_ALREADY_ESTABLISHED');
    assert.ok(p2.status === 'ok' && !p2.data.recorded && p2.data.message.kk && p2.data.message.ru && p2.data.message.en);
    const ad = await reg({ kind: 'adoption', participants: [{ iin: CHILD, role: 'adoptee' }, { iin: DAD, role: 'adoptive_father' }] });
    assert.ok(ad.status === 'ok' && ad.data.recorded);
    const ad2 = await reg({ kind: 'adoption', participants: [{ iin: CHILD, role: 'adoptee' }, { iin: DAD, role: 'adoptive_father' }] });
    assert.ok(ad2.status === 'ok' && !ad2.data.recorded && ad2.data.reason === 'ADOPTION_ALREADY_REGISTERED');
  });

  test('a marriage ends with a divorce or a death: then either may marry again; a divorce of one spouse finds the other', async () => {
    const a = makeIin('1970-01-01', 'male', 7401);
    const b = makeIin('1972-02-02', 'female', 7402);
    const c = makeIin('1975-05-05', 'female', 7403);
    const m = await reg({ kind: 'marriage', participants: [{ iin: a, role: 'husband' }, { iin: b, role: 'wife' }] });
    assert.ok(m.status === 'ok' && m.data.recorded);
    const bigamy = await reg({ kind: 'marriage', participants: [{ iin: a, role: 'husband' }, { iin: c, role: 'wife' }] });
    assert.ok(bigamy.status === 'ok' && !bigamy.data.recorded && bigamy.data.reason === 'ALREADY_MARRIED' && bigamy.data.act?.actNumber === m.data.act.actNumber);
    const death = await reg({ kind: 'death', participants: [{ iin: b, role: 'deceased' }] });
    assert.ok(death.status === 'ok' && death.data.recorded);
    const widower = await reg({ kind: 'marriage', participants: [{ iin: a, role: 'husband' }, { iin: c, role: 'wife' }] });
    assert.ok(widower.status === 'ok' && widower.data.recorded, 'a widower may marry');
    const d = await reg({ kind: 'divorce', participants: [{ iin: c, role: 'wife' }] });
    assert.ok(d.status === 'ok' && d.data.recorded);
    assert.deepEqual(d.data.act.participants, [{ iin: a, role: 'husband' }, { iin: c, role: 'wife' }], 'the other spouse from the marriage');
    assert.equal(d.data.act.details?.marriageActNumber, widower.status === 'ok' && widower.data.recorded ? widower.data.act.actNumber : '');
    const dead = await reg({ kind: 'death', participants: [{ iin: b, role: 'deceased' }] });
    assert.ok(dead.status === 'ok' && !dead.data.recorded && dead.data.reason === 'DEATH_ALREADY_REGISTERED');
  });

  test('a restored record: refused while an electronic one exists, else electronic with the original date', async () => {
    const r = await reg({ kind: 'birth', participants: [{ iin: CHILD, role: 'child' }], restored: true, actDate: '2020-01-20' });
    assert.ok(r.status === 'ok' && !r.data.recorded && r.data.reason === 'RECORD_ALREADY_ELECTRONIC');
    const old = makeIin('1962-01-30', 'male', 7104);
    const ok = await reg({ kind: 'birth', participants: [{ iin: old, role: 'child' }], restored: true, actDate: '1962-01-01' });
    assert.ok(ok.status === 'ok' && ok.data.recorded && ok.data.act.actNumber.startsWith('1962/B/E') && ok.data.act.details?.restored === true);
    assert.equal((await acts(old)).length, 1, 'found as electronic');
    // A restored marriage needs only the person it is restored for.
    const m = await reg({ kind: 'marriage', participants: [{ iin: old, role: 'husband' }], restored: true, actDate: '1985-01-01' });
    assert.ok(m.status === 'ok' && m.data.recorded);
  });

  test('malformed acts are rejected (422), a divorce without a marriage is not found', async () => {
    await assert.rejects(reg({ kind: 'marriage', participants: [{ iin: DAD, role: 'husband' }, { iin: makeIin('1986-01-01', 'male', 7105), role: 'husband' }] }), (e: unknown) => isGatewayError(e, 'GATEWAY_REJECTED'));
    await assert.rejects(reg({ kind: 'birth', participants: [{ iin: MUM, role: 'mother' }] }), (e: unknown) => isGatewayError(e, 'GATEWAY_REJECTED'));
    const d = await reg({ kind: 'divorce', participants: [{ iin: DAD, role: 'husband' }] });
    assert.ok(d.status === 'not_found' && d.reason === 'NO_MARRIAGE');
    const nf = await ctx.gateway.send('civil-registry', 'amendAct', { actNumber: 'nope', madeOn: '2026-12-01', registeringBody: 'x', reference: 'nope-ref' }, META);
    assert.ok(nf.status === 'not_found' && nf.reason === 'NO_RECORD');
  });
});

// ------------------------------------------------------------------ pure: planning and the loader's check

const defs = loadDefinitions();
const civil = defs.filter((d) => d.civilAct);
const TODAY = '2026-12-07';
const input = (form: Record<string, unknown>) => ({ form, reference: 'app-1', today: TODAY, registeringBody: 'Орал қаласының АХАТ бөлімі' });

describe('civil acts: planning (pure)', () => {
  test('every civil-registration service of S7–S15 (and S3) says what its approval records; no other does', () => {
    const codes = [...new Set(civil.map((d) => d.code))].sort();
    assert.deepEqual(codes, [
      'adoption-registration',
      'birth-registration',
      'civil-record-restoration',
      'civil-record-restoration-wko',
      'civil-repeat-certificate',
      'death-registration',
      'divorce-registration',
      'marriage-registration',
      'name-change-registration',
      'paternity-registration',
    ]);
    for (const d of defs) if (d.sphere !== 'civil-registration' && d.code !== 'civil-record-restoration') assert.equal(d.civilAct, undefined, d.code);
  });

  test("each definition's example plans one request: participants from its IIN fields, the reference, today's date, the grounds it can need", () => {
    for (const d of civil) {
      const spec = d.civilAct as CivilActSpec;
      const plan = planAct(spec, input(d.form.example));
      assert.ok(plan, `${d.code} v${d.version}`);
      const ids = new Set(d.refusalGrounds.map((g) => g.id));
      for (const k of groundsNeeded(spec)) assert.ok(ids.has(k === 'exists' ? 'act-record-exists' : 'act-record-not-found'), `${d.code}: ${k}`);
      if (plan.op === 'register') {
        assert.equal(plan.request.reference, 'app-1');
        const iins = spec.participants.map((p) => d.form.example[p.field]).filter(Boolean);
        assert.deepEqual(plan.request.participants.map((p) => p.iin), iins, d.code);
        assert.equal(plan.request.actDate, spec.operation === 'restore' ? plan.request.actDate : TODAY);
        assert.equal(plan.request.restored, spec.operation === 'restore' ? true : undefined, d.code);
      } else assert.equal(plan.op, 'lookup', d.code);
    }
  });

  test('birth: the child gets an IIN from the registry (birth date, sex, given name), unless one is named', () => {
    const spec = civil.find((d) => d.code === 'birth-registration')!.civilAct!;
    const p = planAct(spec, input({ requestType: 'registration', motherIin: MOTHER, childBirthDate: '2026-11-02', childSex: 'male', childName: ' Алихан ', childSurname: 'Серіков' }));
    assert.ok(p?.op === 'register');
    assert.deepEqual(p.request.newChild, { birthDate: '2026-11-02', sex: 'male', givenName: 'Алихан' });
    assert.deepEqual(p.request.participants, [{ iin: MOTHER, role: 'mother' }], 'an empty father is left out');
    assert.deepEqual(p.request.details, { childSurname: 'Серіков', childName: 'Алихан', childSex: 'male' });
    const noSex = planAct(spec, input({ requestType: 'registration', motherIin: MOTHER, childBirthDate: '2026-11-02' }));
    assert.ok(noSex?.op === 'register' && noSex.request.newChild === undefined);
  });

  test('amendment: where amend.when holds, the act the form names is amended (number, date, text, changed details); no number → missing', () => {
    const spec = civil.find((d) => d.code === 'birth-registration')!.civilAct!;
    const p = planAct(spec, input({ requestType: 'amendment', actRecordNumber: ' 2020/B/E000000001 ', actRecordDate: '2020-02-02', amendmentDescription: 'Аты түзетілді', childName: 'Айым' }));
    assert.deepEqual(p, {
      op: 'amend',
      request: { actNumber: '2020/B/E000000001', actDate: '2020-02-02', madeOn: TODAY, registeringBody: 'Орал қаласының АХАТ бөлімі', text: 'Аты түзетілді', changes: { childName: 'Айым' }, reference: 'app-1' },
    });
    assert.deepEqual(planAct(spec, input({ requestType: 'amendment' })), { op: 'missing', what: 'actRecordNumber' });
  });

  test('kinds from the form: a repeat certificate looks the act up by kind and year; a marital-capacity reference records nothing', () => {
    const spec = civil.find((d) => d.code === 'civil-repeat-certificate')!.civilAct!;
    assert.deepEqual(planAct(spec, input({ actType: 'name-change', subjectIin: WIFE, actRegistrationYear: 2012 })), { op: 'lookup', kind: 'name_change', iin: WIFE, year: 2012 });
    assert.deepEqual(planAct(spec, input({ actType: 'birth', subjectIin: WIFE })), { op: 'lookup', kind: 'birth', iin: WIFE, year: null });
    assert.equal(planAct(spec, input({ actType: 'marital-capacity', subjectIin: WIFE })), null);
    assert.deepEqual(planAct(spec, input({ actType: 'birth' })), { op: 'missing', what: 'subjectIin' });
    assert.equal(kindOf(spec, { actType: 'death' }), 'death');
    assert.equal(kindOf(spec, {}), null);
    assert.equal(planAct(undefined, input({})), null);
  });

  test('restoration: the original date (a year → 1 January), the subject in the role of the kind', () => {
    const wko = civil.find((d) => d.code === 'civil-record-restoration-wko')!.civilAct!;
    const p = planAct(wko, input({ actType: 'death', subjectIin: DECEASED, actYear: 1962 }));
    assert.ok(p?.op === 'register');
    assert.deepEqual([p.request.kind, p.request.actDate, p.request.restored, p.request.participants], ['death', '1962-01-01', true, [{ iin: DECEASED, role: 'deceased' }]]);
    const s3 = civil.find((d) => d.code === 'civil-record-restoration')!.civilAct!;
    const q = planAct(s3, input({ actType: 'marriage', subjectIin: WIFE, recordDate: '1979-05-04' }));
    assert.ok(q?.op === 'register');
    assert.deepEqual([q.request.actDate, q.request.participants], ['1979-05-04', [{ iin: WIFE, role: 'wife' }]]);
  });

  test('roles: sexed roles by the IIN, subject by the kind, fixed roles as they are', () => {
    assert.equal(resolveRole('spouse', 'marriage', HUSBAND), 'husband');
    assert.equal(resolveRole('spouse', 'marriage', WIFE), 'wife');
    assert.equal(resolveRole('parent', 'birth', FATHER), 'father');
    assert.equal(resolveRole('parent', 'birth', MOTHER), 'mother');
    assert.equal(resolveRole('adoptive-parent', 'adoption', MOTHER), 'adoptive_mother');
    assert.equal(resolveRole('adoptive-parent', 'adoption', FATHER), 'adoptive_father');
    const kinds = { birth: 'child', death: 'deceased', paternity: 'child', adoption: 'adoptee', name_change: 'person', marriage: 'wife', divorce: 'wife' } as const;
    for (const [k, r] of Object.entries(kinds)) assert.equal(resolveRole('subject', k as keyof typeof kinds, WIFE), r, k);
    assert.equal(resolveRole('mother', 'birth', FATHER), 'mother', 'a fixed role is not second-guessed');
    assert.equal(sexOfIin('123'), null);
    assert.equal(resolveRole('spouse', 'marriage', '123'), 'husband', 'an IIN that does not say: the first of the pair (the registry checks the shape)');
  });

  test('grounds needed: exists for new records that may exist, notFound for lookups, amendments and divorces', () => {
    const p = (s: Partial<CivilActSpec>) => groundsNeeded({ operation: 'register', participants: [], ...s } as CivilActSpec).sort();
    assert.deepEqual(p({ kind: 'birth' }), ['exists']);
    assert.deepEqual(p({ kind: 'name_change' }), []);
    assert.deepEqual(p({ kind: 'divorce' }), ['notFound']);
    assert.deepEqual(p({ kind: 'death', amend: { when: { field: 'x', op: 'present' }, number: 'n' } }), ['exists', 'notFound']);
    assert.deepEqual(p({ operation: 'lookup', kindField: 'a', kinds: { x: 'birth' } }), ['notFound']);
    assert.deepEqual(p({ operation: 'restore', kindField: 'a', kinds: { x: 'marriage' } }), []);
    assert.deepEqual(p({ operation: 'restore', kindField: 'a', kinds: { x: 'marriage', y: 'death' } }), ['exists']);
  });

  test("the loader's check names each mistake: a field not in the form, a kind not an option, a ground not in the definition, kind and kindField together", () => {
    const base = civil.find((d) => d.code === 'birth-registration' && d.version === 2)!;
    const fails = (patch: Partial<CivilActSpec>, grounds?: ServiceDefinition['refusalGrounds']): string | null => {
      const def = { ...base, civilAct: { ...base.civilAct!, ...patch }, refusalGrounds: grounds ?? base.refusalGrounds } as ServiceDefinition;
      try {
        checkCivilAct(def, (path, rule, detail) => {
          throw new Error(`${rule} ${path} ${detail}`);
        });
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    assert.equal(fails({}), null);
    assert.match(fails({ participants: [{ field: 'nope', role: 'mother' }] }) ?? '', /^civil-act-field \/civilAct\/participants\/0\/field/);
    assert.match(fails({ participants: [{ field: 'childName', role: 'mother' }] }) ?? '', /civil-act-field .* type iin/);
    assert.match(fails({ details: ['nope'] }) ?? '', /^civil-act-field \/civilAct\/details\/0/);
    assert.match(fails({ kindField: 'requestType', kinds: { registration: 'birth' } }) ?? '', /^civil-act-kind \/civilAct /);
    assert.match(fails({ kind: undefined, kindField: 'requestType', kinds: { nope: 'birth' } }) ?? '', /^civil-act-kind \/civilAct\/kinds\/nope/);
    assert.match(fails({ amend: { when: { field: 'nope', op: 'present' }, number: 'actRecordNumber' } }) ?? '', /^condition-field \/civilAct\/amend\/when\/field/);
    assert.match(fails({ actDate: 'childBirthDate' }) ?? '', /^civil-act-operation \/civilAct\/actDate/);
    assert.match(fails({}, base.refusalGrounds.filter((g) => g.id !== 'act-record-exists')) ?? '', /^civil-act-ground \/civilAct\/grounds\/exists/);
    assert.equal(fails({ grounds: { notFound: 'no-act-record' } }), null, 'a ground of the definition may be named instead of the default');
    assert.match(fails({ grounds: { exists: 'no-such' } }) ?? '', /no refusal ground with id 'no-such'/);
  });
});
