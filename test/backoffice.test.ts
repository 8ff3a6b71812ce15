/**
 * The back office through the one action pipeline (src/actions, src/tasks): a signed portal
 * archival reference is delivered, then worked over HTTP by the clerk, the head and the
 * executor, and signed by the head; every bad input of issue 9 item 8 gets its own 4xx and
 * changes nothing; two people acting at once → one 200, one 409; the timer escalates an overdue
 * task through the pipeline. Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/accounts/accounts.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { signCms } from '../src/pki/sign.ts';
import { sweepTaskTimers } from '../src/tasks/timers.ts';
import type { Queryable } from '../src/db/db.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { withRequiredFiles } from './helpers/files.ts';

const SERVICE = 'archival-reference';
const ORG = 'pavlodar-archives';
type Who = { iin: string; password: string; phone: string };
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen')!;
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === ORG)!;
const head = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === ORG)!;
const executor = DEMO_ACCOUNTS.find((a) => a.role === 'responsible-executor' && a.orgId === ORG)!;
const otherHead: Who = { iin: '700101300015', password: 'Other-head-2026', phone: '+77010009999' };

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();

async function loginAs(who: Who): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  if (!r.json().mfaRequired) return r.json().token as string;
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: who.phone } })).json().items[0].body as string;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: /\b(\d{6})\b/.exec(sms)![1] } });
  return r2.json().token as string;
}
const auth = (who: Who) => ({ authorization: `Bearer ${tokens.get(who.iin)}` });

async function cmsOf(who: Who, bytes: Uint8Array): Promise<string> {
  const p12 = await demoKeystore(ctx.db, who.iin, 'sign');
  assert.ok(p12, `a SIGN keystore for ${who.iin}`);
  return Buffer.from(await signCms(bytes, p12, who.password, { detached: true })).toString('base64');
}

/** A signed portal archival reference, delivered to the provider (the delivery job ran). */
async function filed(): Promise<{ id: string; number: string }> {
  const token = tokens.get(citizen.iin)!;
  const example = (await app.inject({ url: `/api/v1/services/${SERVICE}` })).json().form.example as Record<string, unknown>;
  const form = await withRequiredFiles(app.inject.bind(app) as never, token, SERVICE, { ...example, applicantIin: citizen.iin });
  const key = `bo-${engine}-${randomBytes(4).toString('hex')}`;
  const draft = { serviceCode: SERVICE, channel: 'portal', form };
  const cms = await cmsOf(citizen, signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }));
  const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...auth(citizen), 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
  assert.equal(r.statusCode, 201, r.body);
  const a = r.json() as { id: string; number: string };
  // Routed by service and region (src/organisations): the Pavlodar archives department.
  assert.equal((await ctx.db.query<{ provider_org: string }>('SELECT provider_org FROM applications WHERE id = $1', [a.id])).rows[0]?.provider_org, ORG);
  await runDueJobs(ctx, JOB_HANDLERS);
  return a;
}

type TaskItem = { id: string; application: { id: string; number: string; serviceCode: string }; step: { id: string; kind: string }; actions: string[]; dueAt: string | null; warnAt: string | null; overdue: boolean };

async function taskOf(who: Who, applicationId: string): Promise<TaskItem> {
  const r = await app.inject({ url: '/api/v1/tasks', headers: auth(who) });
  assert.equal(r.statusCode, 200, r.body);
  const t = (r.json().items as TaskItem[]).find((x) => x.application.id === applicationId);
  assert.ok(t, `${who.iin} sees a task of ${applicationId}: ${r.body.slice(0, 400)}`);
  return t;
}

async function detail(who: Who, taskId: string) {
  const r = await app.inject({ url: `/api/v1/tasks/${taskId}`, headers: auth(who) });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { version: number; actions: string[]; examples: Record<string, Record<string, unknown>>; step: { id: string; kind: string }; application: { status: string } };
}

const act = (who: Who, taskId: string, action: string, body: unknown) => app.inject({ method: 'POST', url: `/api/v1/tasks/${taskId}/${action}`, headers: auth(who), payload: body as Record<string, unknown> });

/** Take the task's example body for `action` as it is. */
async function step(who: Who, applicationId: string, action: string, patch: Record<string, unknown> = {}) {
  const t = await taskOf(who, applicationId);
  assert.ok(t.actions.includes(action), `${action} offered at ${t.step.id}: ${t.actions.join()}`);
  const d = await detail(who, t.id);
  const r = await act(who, t.id, action, { ...d.examples[action], ...patch });
  assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  return { task: t, result: r.json() as { status: string; version: number; nextTaskId: string | null } };
}

const executorId = async () => (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [executor.iin])).rows[0]!.id;

async function toSignature(a: { id: string }, decision: 'approve' | 'refuse') {
  await step(clerk, a.id, 'register');
  await step(head, a.id, 'assign', { executorId: await executorId() });
  await step(executor, a.id, decision);
  return taskOf(head, a.id);
}

const snapshot = async (id: string) =>
  (
    await ctx.db.query<{ status: string; version: number; h: number; au: number; t: number }>(
      `SELECT a.status, a.version, (SELECT count(*)::int FROM application_history WHERE application_id = a.id) h,
              (SELECT count(*)::int FROM audit_log WHERE subject_id = a.id::text) au, (SELECT count(*)::int FROM tasks WHERE application_id = a.id AND state <> 'closed') t
         FROM applications a WHERE a.id = $1`,
      [id],
    )
  ).rows[0]!;

before(async () => {
  // A small synthetic population: the demo citizen is in the persons DB (the task page's fetched data).
  ctx = await makeTestContext({ population: 50 });
  app = await buildApp(ctx);
  await createUser(ctx.db, { iin: otherHead.iin, surname: 'Басқа', givenName: 'Басшы', patronymic: null, password: otherHead.password, roles: ['provider-head', 'citizen'], orgId: ORG, phone: otherHead.phone });
  for (const who of [citizen, clerk, head, executor, otherHead]) tokens.set(who.iin, await loginAs(who));
});
after(async () => {
  await app?.close();
  await ctx?.close();
});

describe(`back office (${engine})`, () => {
  test('an archival reference from submission to the signed decision, every step over HTTP; the cabinet follows', async () => {
    const a = await filed();
    const first = await taskOf(clerk, a.id);
    assert.equal(first.step.kind, 'register');
    assert.equal(first.overdue, false);
    await step(clerk, a.id, 'register');
    const assigned = await step(head, a.id, 'assign', { executorId: await executorId() });
    assert.ok(assigned.result.nextTaskId);
    // The executor's step has the regulation's limit (15 days): a due time in working time and a warning at 75 %.
    const exec = await taskOf(executor, a.id);
    assert.equal(exec.step.kind, 'decide');
    assert.ok(exec.dueAt && exec.warnAt && exec.warnAt < exec.dueAt, `a due time and a warning before it: ${exec.dueAt} ${exec.warnAt}`);
    const days = (Date.parse(exec.dueAt) - Date.now()) / 86_400_000;
    assert.ok(days > 14 && days < 20, `about 15 days: ${days}`);
    // The executor the head chose has the decision step; no one else at the archive sees it.
    await step(executor, a.id, 'approve');
    const sign = await taskOf(head, a.id);
    assert.equal(sign.step.kind, 'sign');
    // The cabinet says where it is, in plain words, with the step's deadline; no decision before the signature.
    const waiting = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: auth(citizen) })).json() as { currentStep: { kind: string; words: { en: string } } | null; decision: unknown };
    assert.equal(waiting.currentStep?.kind, 'sign');
    assert.equal(waiting.currentStep?.words.en, 'Awaiting the head’s signature');
    assert.equal(waiting.decision, null);
    const payload = await app.inject({ url: `/api/v1/tasks/${sign.id}/signing-payload`, headers: auth(head) });
    assert.equal(payload.statusCode, 200, payload.body);
    const bytes = Buffer.from(payload.json().payload, 'base64');
    assert.match(bytes.toString('utf8'), new RegExp(a.number));
    const d = await detail(head, sign.id);
    const r = await act(head, sign.id, 'sign', { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, bytes) } });
    assert.equal(r.statusCode, 200, r.body);
    const dec = await ctx.db.query<{ kind: string; signed_at: Date | null; payload_sha256: string }>('SELECT kind, signed_at, payload_sha256 FROM application_decisions WHERE application_id = $1', [a.id]);
    assert.equal(dec.rows[0]?.kind, 'approve');
    assert.ok(dec.rows[0]?.signed_at, 'the decision is signed');
    assert.equal(dec.rows[0]?.payload_sha256, payload.json().sha256);
    // The citizen's cabinet: every status in order.
    const mine = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: auth(citizen) })).json() as {
      status: string;
      history: Array<{ to: string; words: { en: string } | null }>;
      decision: { kind: string; signedAt: string } | null;
    };
    assert.equal(mine.decision?.kind, 'approve');
    assert.ok(mine.decision?.signedAt);
    assert.deepEqual(
      mine.history.flatMap((h) => (h.words ? [h.words.en] : [])),
      ['Received by the provider, being registered', 'Registered, with the head', 'With the executor', 'Awaiting the head’s signature'],
    );
    const statuses = mine.history.map((h) => h.to).filter((s, i, all) => s !== all[i - 1]);
    assert.deepEqual(statuses.slice(0, 4), ['submitted', 'delivered', 'registered', 'in-progress']);
    assert.ok(['result-ready', 'issued'].includes(mine.status), mine.status);
    // Every step is audited, with who did it.
    const events = (await ctx.db.query<{ event: string; actor_role: string }>("SELECT event, actor_role FROM audit_log WHERE subject_id = $1 AND event LIKE 'task.%' ORDER BY id", [a.id])).rows;
    assert.deepEqual(
      events.map((e) => `${e.event}:${e.actor_role}`),
      ['task.register:provider-clerk', 'task.assign:provider-head', 'task.approve:responsible-executor', 'task.sign:provider-head'],
    );
    assert.equal((await snapshot(a.id)).t, 0, 'no task left open');
  });

  test('a reasoned refusal needs grounds from the definition; the signed refusal ends refused', async () => {
    const a = await filed();
    await step(clerk, a.id, 'register');
    await step(head, a.id, 'assign', { executorId: await executorId() });
    const t = await taskOf(executor, a.id);
    const d = await detail(executor, t.id);
    const before = await snapshot(a.id);
    const none = await act(executor, t.id, 'refuse', { version: d.version, grounds: [], text: 'Free text only' });
    assert.equal(none.statusCode, 422);
    assert.equal(none.json().code, 'REFUSAL_GROUNDS_REQUIRED');
    assert.equal(none.json().path, '/grounds');
    assert.ok(none.json().message.kk && none.json().message.ru && none.json().message.en);
    const unknown = await act(executor, t.id, 'refuse', { version: d.version, grounds: ['no-such-ground'] });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'UNKNOWN_REFUSAL_GROUND');
    assert.equal(unknown.json().path, '/grounds/0');
    assert.deepEqual(await snapshot(a.id), before, 'nothing changed');
    await step(executor, a.id, 'refuse');
    const sign = await taskOf(head, a.id);
    const bytes = Buffer.from((await app.inject({ url: `/api/v1/tasks/${sign.id}/signing-payload`, headers: auth(head) })).json().payload, 'base64');
    const r = await act(head, sign.id, 'sign', { version: (await detail(head, sign.id)).version, signature: { method: 'eds', cms: await cmsOf(head, bytes) } });
    assert.equal(r.statusCode, 200, r.body);
    const hist = (await ctx.db.query<{ to_status: string }>('SELECT to_status FROM application_history WHERE application_id = $1 ORDER BY id', [a.id])).rows.map((x) => x.to_status);
    assert.ok(hist.includes('refused'), hist.join());
  });

  test('wrong role, wrong organisation, an action the step does not offer, a stale version: 4xx, nothing changes', async () => {
    const a = await filed();
    const t = await taskOf(clerk, a.id);
    const d = await detail(clerk, t.id);
    const before = await snapshot(a.id);
    const byExecutor = await act(executor, t.id, 'register', { version: d.version });
    assert.equal(byExecutor.statusCode, 403);
    assert.equal(byExecutor.json().code, 'NOT_YOUR_TASK');
    const byCitizen = await act(citizen, t.id, 'register', { version: d.version });
    assert.equal(byCitizen.statusCode, 403);
    // Another organisation's clerk.
    await ctx.db.query("UPDATE users SET org_id = 'another-archive' WHERE iin = $1", [clerk.iin]);
    ctx.sessions.clear();
    const otherOrg = await act(clerk, t.id, 'register', { version: d.version });
    await ctx.db.query('UPDATE users SET org_id = $2 WHERE iin = $1', [clerk.iin, ORG]);
    ctx.sessions.clear();
    assert.equal(otherOrg.statusCode, 403, otherOrg.body);
    const notOffered = await act(clerk, t.id, 'approve', { version: d.version, data: { text: 'x' } });
    assert.equal(notOffered.statusCode, 409);
    assert.equal(notOffered.json().code, 'ACTION_NOT_ALLOWED');
    const unknownAction = await act(clerk, t.id, 'teleport', { version: d.version });
    assert.equal(unknownAction.statusCode, 409);
    const stale = await act(clerk, t.id, 'register', { version: d.version - 1 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'STALE_VERSION');
    const badBody = await act(clerk, t.id, 'register', { version: 'one' });
    assert.equal(badBody.statusCode, 422);
    assert.equal(badBody.json().errors[0].path, '/version');
    assert.deepEqual(await snapshot(a.id), before, 'nothing changed');
  });

  test('two people act on one task at once: exactly one succeeds, the other gets 409', async () => {
    const a = await filed();
    const t = await taskOf(clerk, a.id);
    const d = await detail(clerk, t.id);
    const [x, y] = await Promise.all([act(clerk, t.id, 'register', { version: d.version }), act(clerk, t.id, 'register', { version: d.version })]);
    assert.deepEqual([x.statusCode, y.statusCode].sort(), [200, 409], `${x.body} / ${y.body}`);
    const lost = x.statusCode === 409 ? x : y;
    assert.ok(['STALE_VERSION', 'ACTION_NOT_ALLOWED'].includes(lost.json().code), lost.body);
    assert.equal((await ctx.db.query<{ n: number }>("SELECT count(*)::int n FROM audit_log WHERE subject_id = $1 AND event = 'task.register'", [a.id])).rows[0]!.n, 1);
  });

  test('only the assigned head signs, and only over the decision’s bytes', async () => {
    const a = await filed();
    const sign = await toSignature(a, 'approve');
    const bytes = Buffer.from((await app.inject({ url: `/api/v1/tasks/${sign.id}/signing-payload`, headers: auth(head) })).json().payload, 'base64');
    const d = await detail(head, sign.id);
    const before = await snapshot(a.id);
    const byOther = await act(otherHead, sign.id, 'sign', { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, bytes) } });
    assert.equal(byOther.statusCode, 403);
    assert.equal(byOther.json().code, 'SIGNER_NOT_ASSIGNED');
    const otherBytes = await act(head, sign.id, 'sign', { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, Buffer.from('something else')) } });
    assert.equal(otherBytes.statusCode, 422, otherBytes.body);
    assert.equal(otherBytes.json().code, 'SIGNED_OTHER_BYTES');
    const notHisKey = await act(head, sign.id, 'sign', { version: d.version, signature: { method: 'eds', cms: await cmsOf(executor, bytes) } });
    assert.equal(notHisKey.statusCode, 422, notHisKey.body);
    assert.deepEqual(await snapshot(a.id), before, 'nothing changed');
  });

  test('the timer warns at 75 % and escalates an overdue task to the head, through the pipeline, once', async () => {
    const a = await filed();
    const t = await taskOf(clerk, a.id);
    // (the clerk's step has no limit in this regulation: give it one that has run out)
    await ctx.db.query("UPDATE tasks SET warn_at = now() - interval '2 minutes', due_at = now() - interval '1 minute' WHERE id = $1", [t.id]);
    const fired = await Promise.all([sweepTaskTimers(ctx), sweepTaskTimers(ctx)]);
    assert.equal(fired[0] + fired[1], 2, 'one warning and one escalation in all');
    assert.equal(await sweepTaskTimers(ctx), 0, 'nothing fires twice');
    const row = (await ctx.db.query<{ warned_at: Date | null; escalated_at: Date | null }>('SELECT warned_at, escalated_at FROM tasks WHERE id = $1', [t.id])).rows[0]!;
    assert.ok(row.warned_at && row.escalated_at);
    const hist = (await ctx.db.query<{ reason: { event?: string }; actor_role: string }>('SELECT reason, actor_role FROM application_history WHERE application_id = $1 ORDER BY id', [a.id])).rows;
    assert.ok(hist.some((h) => h.reason?.event === 'escalated' && h.actor_role === 'timer'), 'the history shows the escalation');
    const jobs = (await ctx.db.query<{ kind: string }>("SELECT kind FROM jobs WHERE payload->>'taskId' = $1 ORDER BY id", [t.id])).rows.map((j) => j.kind);
    assert.deepEqual(jobs, ['notify.task-warning', 'notify.task-escalated']);
    // The head sees it in the inbox, marked overdue.
    const headTask = await taskOf(head, a.id);
    assert.equal(headTask.overdue, true);
    // Closing the task cancels its timers.
    await step(clerk, a.id, 'register');
    assert.equal((await ctx.db.query<{ state: string }>('SELECT state FROM tasks WHERE id = $1', [t.id])).rows[0]!.state, 'closed');
  });

  test('a timer turn escalates many tasks in one ledger statement; a task that cannot be worked is left, and the others still fire', async () => {
    const apps = [await filed(), await filed(), await filed()];
    const tasks = await Promise.all(apps.map((a) => taskOf(clerk, a.id)));
    const ids = tasks.map((t) => t.id);
    await ctx.db.query("UPDATE tasks SET warn_at = now() - interval '2 minutes', warned_at = now(), due_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])", [ids]);
    const escalated = async () =>
      (await ctx.db.query<{ id: string }>('SELECT id FROM tasks WHERE id = ANY($1::uuid[]) AND escalated_at IS NOT NULL', [ids])).rows.map((r) => r.id).sort();
    const history = async (id: string) =>
      (await ctx.db.query<{ n: number }>("SELECT count(*)::int n FROM application_history WHERE application_id = $1 AND reason->>'event' = 'escalated'", [id])).rows[0]!.n;
    // The first two escalate together; the third names a step its definition does not have.
    await ctx.db.query("UPDATE tasks SET step_id = 'no-such-step' WHERE id = $1", [ids[2]]);
    const logged: unknown[] = [];
    const error = console.error;
    console.error = (...m: unknown[]) => void logged.push(m);
    try {
      assert.equal(await sweepTaskTimers(ctx), 2, 'the two workable tasks fire, task by task after the batched turn failed');
    } finally {
      console.error = error;
    }
    assert.deepEqual(await escalated(), [ids[0], ids[1]].sort());
    assert.deepEqual([await history(apps[0]!.id), await history(apps[1]!.id), await history(apps[2]!.id)], [1, 1, 0]);
    assert.ok(logged.length >= 1, 'the broken task is logged');
    // Repaired, it fires in the next turn, once, batched: the warnings' claim, the breaches' claim, one ledger statement.
    await ctx.db.query('UPDATE tasks SET step_id = $2 WHERE id = $1', [ids[2], tasks[2]!.step.id]);
    const sent: string[] = [];
    const counted = { ...ctx, db: { ...ctx.db, tx: <T>(fn: (q: Queryable) => Promise<T>) => ctx.db.tx((q) => fn({ query: (sql, p, n) => (sent.push(sql), q.query(sql, p, n)), exec: (sql) => (sent.push(sql), q.exec(sql)) })) } };
    assert.equal(await sweepTaskTimers(counted as typeof ctx), 1);
    assert.equal(sent.length, 3, sent.map((x) => x.slice(0, 60)).join('\n'));
    assert.equal(await sweepTaskTimers(ctx), 0);
    assert.deepEqual(await escalated(), [...ids].sort());
    assert.equal(await history(apps[2]!.id), 1);
    for (const a of apps) await step(clerk, a.id, 'register');
    // The clerk's closed task shows where the application is now, not the step it was.
    const closed = (await app.inject({ url: `/api/v1/tasks/${ids[0]}`, headers: auth(clerk) })).json() as { process: Array<{ id: string; current: boolean }> };
    const now = (await ctx.db.query<{ current_step: string }>('SELECT current_step FROM applications WHERE id = $1', [apps[0]!.id])).rows[0]!.current_step;
    assert.notEqual(now, tasks[0]!.step.id);
    assert.deepEqual(closed.process.filter((p) => p.current).map((p) => p.id), [now]);
  });
  test('the task page reads the standard’s fetched data through the gateway under its legal basis; the applicant sees the read; other organisations get 403', async () => {
    const a = await filed();
    const t = await taskOf(clerk, a.id);
    const r = await app.inject({ url: `/api/v1/tasks/${t.id}/state-data`, headers: auth(clerk) });
    assert.equal(r.statusCode, 200, r.body);
    const items = r.json().items as Array<{ system: string; status: string; fields: Array<{ name: { en: string }; value: { en: string } }> }>;
    // The archival reference's example is an individual: the persons DB (its condition holds), not the legal-entities DB.
    assert.deepEqual(items.map((i) => i.system), ['persons']);
    assert.equal(items[0]!.status, 'ok');
    assert.equal(items[0]!.fields.find((f) => f.name.en === 'IIN')?.value.en, citizen.iin);
    await ctx.gateway.flush(); // the call log is written in batches
    const calls = (await ctx.db.query<{ system_id: string; actor_id: string | null; correlation_id: string }>("SELECT system_id, actor_id, correlation_id FROM gateway_calls WHERE correlation_id = $1 AND system_id = 'persons'", [a.id])).rows;
    assert.ok(calls.length >= 1, 'the read is in the call log under the application');
    const access = (await app.inject({ url: '/api/v1/me/data-access', headers: auth(citizen) })).json().items as Array<{ system: string; application: { id: string | null } | null }>;
    assert.ok(access.some((x) => x.system === 'persons' && x.application?.id === a.id), 'the applicant sees the provider’s read of their data');
    // Staff of another organisation cannot read it.
    const other = DEMO_ACCOUNTS.find((x) => x.role === 'provider-clerk' && x.orgId === 'astana-education')!;
    tokens.set(other.iin, await loginAs(other));
    assert.equal((await app.inject({ url: `/api/v1/tasks/${t.id}/state-data`, headers: auth(other) })).statusCode, 403);
  });
});
