/**
 * Terms in the back office (issue 9 items 5 and 8): a birth registration lodged at a centre in
 * Oral is worked by the Oral civil-registry division. The executor extends the term within the
 * definition's maximum (beyond it 422, twice 409, nothing changed), which moves the whole-service
 * deadline and records the notice; the package goes back to the centre only within 3 working
 * days of acceptance (after that 422 RETURN_TOO_LATE), else it is returned with reasons.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const ORG = 'wko-oral-civil-registry';
const who = (role: string, org: string) => DEMO_ACCOUNTS.find((a) => a.role === role && a.orgId === org && !a.mfaSms)!;
const operator = who('centre-operator', 'psc-oral-01');
const clerk = who('provider-clerk', ORG);
const head = who('provider-head', ORG);
const executor = who('responsible-executor', ORG);
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen' && !a.mfaSms)!;

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();
const auth = (a: { iin: string }) => ({ authorization: `Bearer ${tokens.get(a.iin)}` });

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  for (const a of [operator, clerk, head, executor]) {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: a.iin, password: a.password } });
    assert.equal(r.statusCode, 200, r.body);
    tokens.set(a.iin, r.json().token);
  }
});
after(async () => {
  await app?.close();
  await ctx?.close();
});

/** A birth registration lodged at the Oral centre, delivered, registered and assigned: the executor's task. */
async function atExecutor(): Promise<{ appId: string; taskId: string }> {
  const example = (await app.inject(`/api/v1/services/birth-registration`)).json().form.example as Record<string, unknown>;
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: { ...auth(operator), 'idempotency-key': `terms-${engine}-${randomBytes(4).toString('hex')}` },
    payload: { serviceCode: 'birth-registration', channel: 'centre', form: example, intake: { applicantIin: citizen.iin } },
  });
  assert.equal(r.statusCode, 201, r.body);
  const appId = r.json().id as string;
  await runDueJobs(ctx, JOB_HANDLERS);
  const executorId = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [executor.iin])).rows[0]!.id;
  for (const [a, action, extra] of [
    [clerk, 'register', {}],
    [head, 'assign', { executorId }],
  ] as const) {
    const t = (await ctx.db.query<{ id: string }>("SELECT id FROM tasks WHERE application_id = $1 AND state = 'open'", [appId])).rows[0]!;
    const d = (await app.inject({ url: `/api/v1/tasks/${t.id}`, headers: auth(a) })).json();
    const res = await app.inject({ method: 'POST', url: `/api/v1/tasks/${t.id}/${action}`, headers: auth(a), payload: { ...d.examples[action], ...extra } });
    assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
  }
  const t = (await ctx.db.query<{ id: string; step_id: string }>("SELECT id, step_id FROM tasks WHERE application_id = $1 AND state = 'open'", [appId])).rows[0]!;
  assert.equal(t.step_id, 'executor');
  return { appId, taskId: t.id };
}

const detail = async (taskId: string) => (await app.inject({ url: `/api/v1/tasks/${taskId}`, headers: auth(executor) })).json() as { version: number; actions: string[]; examples: Record<string, Record<string, unknown>>; extensions: Array<{ id: string; maxAmount: number }> };
const act = (taskId: string, action: string, body: unknown) => app.inject({ method: 'POST', url: `/api/v1/tasks/${taskId}/${action}`, headers: auth(executor), payload: body as Record<string, unknown> });
const state = async (id: string) =>
  (await ctx.db.query<{ status: string; due_date: string; version: number; ext: number }>('SELECT status, due_date::text, version, (SELECT count(*)::int FROM application_extensions WHERE application_id = a.id) AS ext FROM applications a WHERE id = $1', [id])).rows[0]!;

describe(`terms in the back office (${engine})`, () => {
  test('an extension within the maximum moves the due date and owes a notice; beyond it or twice: refused, nothing changes', async () => {
    const { appId, taskId } = await atExecutor();
    const d = await detail(taskId);
    assert.ok(d.actions.includes('extend') && d.actions.includes('return'), d.actions.join());
    const ext = d.extensions[0]!;
    const before = await state(appId);
    const tooLong = await act(taskId, 'extend', { ...d.examples.extend, amount: ext.maxAmount + 1 });
    assert.equal(tooLong.statusCode, 422, tooLong.body);
    assert.equal(tooLong.json().code, 'EXTENSION_TOO_LONG');
    assert.equal(tooLong.json().path, '/amount');
    const unknown = await act(taskId, 'extend', { ...d.examples.extend, extensionId: 'no-such-extension' });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'EXTENSION_NOT_PROVIDED');
    assert.deepEqual(await state(appId), before, 'nothing changed');

    const ok = await act(taskId, 'extend', d.examples.extend);
    assert.equal(ok.statusCode, 200, ok.body);
    const after1 = await state(appId);
    assert.equal(after1.status, 'extended');
    assert.ok(after1.due_date > before.due_date, `${after1.due_date} after ${before.due_date}`);
    const row = (await ctx.db.query<{ notice_by: string; amount: number }>('SELECT notice_by::text, amount FROM application_extensions WHERE application_id = $1', [appId])).rows[0]!;
    assert.equal(row.amount, ext.maxAmount);
    assert.ok(row.notice_by, 'the notice date is recorded');
    const jobs = (await ctx.db.query<{ kind: string }>("SELECT kind FROM jobs WHERE kind = 'notify.extension' AND payload->>'applicationId' = $1", [appId])).rows;
    assert.equal(jobs.length, 1, 'the applicant is told (outbox)');

    const twice = await act(taskId, 'extend', { ...d.examples.extend, version: (await detail(taskId)).version });
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal(twice.json().code, 'EXTENSION_ALREADY_USED');
    assert.deepEqual(await state(appId), after1, 'nothing changed');
  });

  test('a return to the centre only within 3 working days of acceptance; in time, the package goes back with its reasons', async () => {
    const late = await atExecutor();
    await ctx.db.query("UPDATE applications SET acceptance_date = acceptance_date - 14 WHERE id = $1", [late.appId]);
    const before = await state(late.appId);
    const d = await detail(late.taskId);
    const r = await act(late.taskId, 'return', d.examples.return);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'RETURN_TOO_LATE');
    assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
    assert.deepEqual(await state(late.appId), before, 'nothing changed');

    const fresh = await atExecutor();
    const noReasons = await act(fresh.taskId, 'return', { version: (await detail(fresh.taskId)).version, reasons: '' });
    assert.equal(noReasons.statusCode, 422);
    assert.equal(noReasons.json().errors[0].path, '/reasons');
    const ok = await act(fresh.taskId, 'return', (await detail(fresh.taskId)).examples.return);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await state(fresh.appId)).status, 'returned');
    const hist = (await ctx.db.query<{ reason: { reasons?: string } }>("SELECT reason FROM application_history WHERE application_id = $1 AND to_status = 'returned'", [fresh.appId])).rows[0]!;
    assert.match(hist.reason.reasons ?? '', /incomplete/);
  });
});
