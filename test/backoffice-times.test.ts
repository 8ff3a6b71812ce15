/**
 * Step times in the back office: a task's due and warning times count only the working hours of
 * the organisation whose staff work it (a WKO civil-registry division declares none: 09:00–18:00
 * with lunch 13:00–14:00, seed digest §2.1), local time UTC+05:00; and a request for data that
 * pauses the timer (`requestDataPausesTimer`) gives the step back the working time it had left,
 * with the warning at 75 % of the step's whole working time. Driven through the one executor at
 * chosen instants. Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { atLocal, localIso } from '../src/calendar/time.ts';
import { execute } from '../src/actions/executor.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { officeHours } from '../src/organisations/organisations.ts';
import { type StaffActor, TASK_ACTIONS } from '../src/tasks/actions.ts';
import { taskHours } from '../src/tasks/runtime.ts';
import { sweepTaskTimers } from '../src/tasks/timers.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const SERVICE = 'adoption-registration';
const ORG = 'wko-oral-civil-registry';
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === ORG)!;
const head = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === ORG)!;
const executor = DEMO_ACCOUNTS.find((a) => a.role === 'responsible-executor' && a.orgId === ORG)!;

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;

/** Local time in Kazakhstan (UTC+05:00). */
const at = (local: string): Date => atLocal(local.slice(0, 10), local.slice(11));
const local = (d: Date | null) => (d ? localIso(d).slice(0, 16) : null);

async function actor(who: (typeof DEMO_ACCOUNTS)[number]): Promise<StaffActor> {
  const u = (await ctx.db.query<{ id: string; roles: string[] }>('SELECT id, roles FROM users WHERE iin = $1', [who.iin])).rows[0]!;
  return { id: u.id, role: who.role, orgId: ORG, roles: u.roles, iin: who.iin };
}

async function openTask(applicationId: string) {
  const r = await ctx.db.query<{ id: string; step_id: string; state: string; due_at: Date | null; warn_at: Date | null; paused_ms: string | null }>(
    "SELECT id, step_id, state, due_at, warn_at, paused_ms FROM tasks WHERE application_id = $1 AND state <> 'closed' ORDER BY opened_at DESC LIMIT 1",
    [applicationId],
  );
  return r.rows[0]!;
}

/** Take `action` on the application's open task as `who` at the instant `now`. */
async function act(applicationId: string, who: (typeof DEMO_ACCOUNTS)[number], action: string, now: Date, body: Record<string, unknown> = {}) {
  const t = await openTask(applicationId);
  const version = (await ctx.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [applicationId])).rows[0]!.version;
  await execute(ctx, TASK_ACTIONS[action]!, { actor: await actor(who), subjectId: t.id, body: { version, ...body }, now });
  return openTask(applicationId);
}

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
});
after(async () => {
  await app?.close();
  await ctx?.close();
});

describe(`step times on the organisation's working hours (${engine})`, () => {
  test('a 4-hour executor step skips the lunch hour; a paused request for data gives the time back, and the warning stays at 75 % of the step', async () => {
    // The division's clerk takes the application in at the office (channel provider); the delivery job opens the clerk's task.
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: clerk.iin, password: clerk.password } });
    const form = { ...(ctx.registry.inForce(SERVICE, new Date())!.form.example as Record<string, unknown>) };
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { authorization: `Bearer ${login.json().token}`, 'idempotency-key': `times-${engine}-${Date.now()}` },
      payload: { serviceCode: SERVICE, channel: 'provider', form },
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id as string;
    await runDueJobs(ctx, JOB_HANDLERS);
    assert.equal((await openTask(id)).step_id, 'clerk-register');
    assert.equal(taskHours(ctx, ORG), officeHours(null), 'the division declares no hours: the office day');

    // Mon 16 Nov 2026, 09:30: registered → the head's 2 hours end at 11:30 (warning at 75 %: 11:00).
    const assign = await act(id, clerk, 'register', at('2026-11-16T09:30'));
    assert.deepEqual([assign.step_id, local(assign.due_at), local(assign.warn_at)], ['head-assign', '2026-11-16T11:30', '2026-11-16T11:00']);
    // UTC+5: 11:30 local is 06:30Z.
    assert.equal(assign.due_at!.toISOString(), '2026-11-16T06:30:00.000Z');

    // 11:00: assigned → the executor's 4 working hours: 11:00–13:00, lunch, 14:00–16:00; warned after 3 of them, at 15:00.
    const executorId = (await actor(executor)).id;
    const decide = await act(id, head, 'assign', at('2026-11-16T11:00'), { executorId });
    assert.deepEqual([decide.step_id, local(decide.due_at), local(decide.warn_at)], ['executor', '2026-11-16T16:00', '2026-11-16T15:00']);

    // The regulation does not pause the timer: asking for data and receiving it changes neither time.
    const waiting = await act(id, executor, 'request-data', at('2026-11-16T13:30'), { to: 'Civil registry of Atyrau', text: 'Send the birth record' });
    assert.deepEqual([waiting.state, local(waiting.due_at), waiting.paused_ms], ['waiting', '2026-11-16T16:00', null]);
    const back = await act(id, executor, 'data-received', at('2026-11-16T13:45'));
    assert.deepEqual([back.state, local(back.due_at), local(back.warn_at)], ['open', '2026-11-16T16:00', '2026-11-16T15:00']);

    // Where the regulation pauses it (none of the seed's does: set on the loaded step for this test).
    const step = ctx.registry.versions(SERVICE).flatMap((d) => d.process.provider?.steps ?? []).filter((s) => s.id === 'executor');
    for (const s of step) s.requestDataPausesTimer = true;
    try {
      // Mon 14:00, 2 working hours left (14:00–16:00): the timer stops.
      const paused = await act(id, executor, 'request-data', at('2026-11-16T14:00'), { to: 'Civil registry of Atyrau', text: 'Send the court decision' });
      assert.deepEqual([paused.state, paused.due_at, paused.warn_at, Number(paused.paused_ms)], ['waiting', null, null, 2 * 3_600_000]);
      // The data come on Wed 18 Nov at 12:00: 2 working hours from then are 12:00–13:00 and 14:00–15:00;
      // the warning is where 75 % of the step's 4 hours are used — 1 hour before the end, at 13:00 (not at the due time).
      const resumed = await act(id, executor, 'data-received', at('2026-11-18T12:00'));
      assert.deepEqual([resumed.state, local(resumed.due_at), local(resumed.warn_at), resumed.paused_ms], ['open', '2026-11-18T15:00', '2026-11-18T13:00', null]);

      // Paused again at 14:30 with 30 minutes left — past the warning point: on resuming (Thu 09:40) the warning is due at once.
      await act(id, executor, 'request-data', at('2026-11-18T14:30'), { to: 'Civil registry of Atyrau', text: 'One more page' });
      const late = await act(id, executor, 'data-received', at('2026-11-19T09:40'));
      assert.deepEqual([local(late.due_at), local(late.warn_at)], ['2026-11-19T10:10', '2026-11-19T09:40']);
      // A sweep just after warns (and does not escalate): the warning comes before the breach.
      assert.equal(await sweepTaskTimers(ctx, at('2026-11-19T09:41')), 1);
      const swept = (await ctx.db.query<{ warned_at: Date | null; escalated_at: Date | null }>('SELECT warned_at, escalated_at FROM tasks WHERE id = $1', [late.id])).rows[0]!;
      assert.ok(swept.warned_at && !swept.escalated_at);
      const history = await ctx.db.query<{ event: string }>("SELECT reason->>'event' AS event FROM application_history WHERE application_id = $1 AND reason->>'event' IN ('request-data', 'data-received') ORDER BY id", [id]);
      assert.deepEqual(history.rows.map((h) => h.event), ['request-data', 'data-received', 'request-data', 'data-received', 'request-data', 'data-received']);
    } finally {
      for (const s of step) delete s.requestDataPausesTimer;
    }
  });

  test('a front office’s task counts the front office’s own hours (a six-day centre until 20:00)', () => {
    const centre = ctx.orgs.get('psc-oral-01')!;
    assert.deepEqual(taskHours(ctx, centre.id), { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '20:00' } });
    assert.notDeepEqual(taskHours(ctx, centre.id), taskHours(ctx, ORG));
  });
});
