/**
 * Every regulation runs (issue 9 item 2 and item 6's contract): each service with a portal
 * channel is submitted with its example form, then driven by a client that knows nothing of the
 * process — it reads the open task, takes the action the task offers (approve before anything
 * else, never a refusal, return or extension) with the task's own example body, and for a
 * signature signs the signing payload with the head's SIGN key. Staff are found (or made, with a
 * keystore) in the task's organisation with the task's role. A two-party request (marriage,
 * divorce, the deposit reference) is first co-signed by the second applicant the example names,
 * in their own cabinet (an account and a SIGN key made for them). Every process reaches its end:
 * the application is issued, with the decision its head signed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser, findUserByIin } from '../src/accounts/accounts.ts';
import { coSigningBytes, requiredCoSigners, signCoSignRequest } from '../src/applications/cosign.ts';
import { DEMO_ACCOUNTS, demoKeystore, ensureDemoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { makeIin } from '../src/ids/iin.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { signCms } from '../src/pki/sign.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { withRequiredFiles } from './helpers/files.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen')!;
const PASSWORD = 'Staff-pass-2026';
interface Staff {
  iin: string;
  token: string;
  p12: Buffer | null;
  password: string;
}
const staff = new Map<string, Staff>();
let made = 0;

async function login(iin: string, password: string): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin, password } });
  assert.equal(r.statusCode, 200, r.body);
  assert.ok(!r.json().mfaRequired, 'staff in this test sign in with a password');
  return r.json().token as string;
}

/** Someone of `org` with `role`: a demo account when there is one, else a new employee with a SIGN keystore. */
async function staffOf(org: string, role: string): Promise<Staff> {
  const key = `${org}/${role}`;
  const have = staff.get(key);
  if (have) return have;
  const demo = DEMO_ACCOUNTS.find((a) => a.orgId === org && a.role === role && !a.mfaSms);
  let s: Staff;
  if (demo) {
    s = { iin: demo.iin, token: await login(demo.iin, demo.password), p12: await demoKeystore(ctx.db, demo.iin, 'sign'), password: demo.password };
  } else {
    const iin = makeIin('1985-06-15', made % 2 ? 'female' : 'male', 700 + made++);
    await createUser(ctx.db, { iin, surname: 'Қызметкер', givenName: role, patronymic: null, password: PASSWORD, roles: [role as never, 'citizen'], orgId: org, phone: `+7702${String(made).padStart(7, '0')}` });
    s = { iin, token: await login(iin, PASSWORD), p12: null, password: PASSWORD };
  }
  if (!s.p12 && role === 'provider-head') {
    const issued = await ctx.pki.ca!.issue({ iin: s.iin, name: { surname: 'Басшы', givenName: 'Тест' }, usage: 'sign', algorithm: 'ecdsa', password: s.password });
    s.p12 = Buffer.from(issued.pkcs12, 'base64');
  }
  staff.set(key, s);
  return s;
}

async function staffByIin(iin: string, org: string, role: string): Promise<Staff> {
  const known = [...staff.values()].find((s) => s.iin === iin);
  if (known) return known;
  const demo = DEMO_ACCOUNTS.find((a) => a.iin === iin);
  assert.ok(demo, `the assignee ${iin} is a demo account or one this test made`);
  const s: Staff = { iin, token: await login(iin, demo.password), p12: await demoKeystore(ctx.db, iin, 'sign'), password: demo.password };
  staff.set(`${org}/${role}/${iin}`, s);
  return s;
}

/** The second applicants a filing names sign it in their own cabinets (cosign.ts): the application is then submitted. */
async function coSign(id: string, code: string, form: Record<string, unknown>): Promise<void> {
  for (const c of requiredCoSigners(ctx.registry.inForce(code, new Date())!, 'portal', form)) {
    const demo = DEMO_ACCOUNTS.find((a) => a.iin === c.iin);
    const password = demo?.password ?? PASSWORD;
    const user = (await findUserByIin(ctx.db, c.iin)) ?? (await createUser(ctx.db, { iin: c.iin, surname: 'Екінші', givenName: 'Өтініш беруші', patronymic: null, password, roles: ['citizen'] }));
    const p12 = demo
      ? (await ensureDemoKeystore(ctx.db, ctx.pki, c.iin, 'sign'))!
      : Buffer.from((await ctx.pki.ca!.issue({ iin: c.iin, name: { surname: 'Екінші', givenName: 'Өтініш беруші' }, usage: 'sign', algorithm: 'ecdsa', password })).pkcs12, 'base64');
    const bytes = Buffer.from((await coSigningBytes(ctx, user, id)).payload, 'base64');
    const cms = Buffer.from(await signCms(bytes, p12, password, { detached: true })).toString('base64');
    await signCoSignRequest(ctx, user, id, { method: 'eds', cms });
  }
}

const PREFERRED = ['approve', 'register', 'assign', 'sign', 'forward', 'dispatch', 'issue', 'data-received'];

before(async () => {
  // A synthetic population: the demo citizen's own act records are in the civil registry (the portal's record check).
  ctx = await makeTestContext({ population: 300 });
  app = await buildApp(ctx);
});
after(async () => {
  await app?.close();
  await ctx?.close();
});

test(`every portal service runs from submission to its end through the task API's examples (${engine})`, async () => {
  const token = await login(citizen.iin, citizen.password);
  const list = (await app.inject('/api/v1/services')).json().items as Array<{ code: string; channels: string[] }>;
  const codes = list.filter((s) => s.channels.includes('portal')).map((s) => s.code);
  assert.ok(codes.length >= 8, codes.join());
  const ran: string[] = [];
  for (const code of codes) {
    const def = ctx.registry.inForce(code, new Date())!;
    if (def.automation === 'fully-automated') continue; // decided at once (own tests)
    const example = (await app.inject(`/api/v1/services/${code}`)).json().form.example as Record<string, unknown>;
    const form = await withRequiredFiles(app.inject.bind(app) as never, token, code, example);
    const region = ctx.orgs.providersOf(code).find((o) => o.region)?.region ?? null;
    const key = `run-${engine}-${randomBytes(4).toString('hex')}`;
    const draft = { serviceCode: code, channel: 'portal', form, ...(region ? { region } : {}) };
    const p12 = (await demoKeystore(ctx.db, citizen.iin, 'sign'))!;
    const cms = Buffer.from(await signCms(signingPayload({ ...draft, region, applicantIin: citizen.iin, idempotencyKey: key }), p12, citizen.password, { detached: true })).toString('base64');
    const sub = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
    assert.equal(sub.statusCode, 201, `${code}: ${sub.body}`);
    const id = sub.json().id as string;
    if (sub.json().status === 'awaiting-second-applicant') {
      await coSign(id, code, form);
      const st = (await ctx.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [id])).rows[0]!.status;
      assert.equal(st, 'submitted', `${code}: submitted once the second applicant signed`);
    }
    const taken: string[] = [];
    let signed = false;
    for (let turn = 0; turn < 30; turn++) {
      await runDueJobs(ctx, JOB_HANDLERS);
      const open = (
        await ctx.db.query<{ id: string; org_id: string; role: string; assignee: string | null }>(
          "SELECT t.id, t.org_id, t.role, u.iin AS assignee FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id WHERE t.application_id = $1 AND t.state = 'open'",
          [id],
        )
      ).rows[0];
      if (!open) {
        // No task: the process ended, or an automatic step's connector call is queued (the next turn's jobs run it).
        const cur = (await ctx.db.query<{ current_step: string | null; status: string }>('SELECT current_step, status FROM applications WHERE id = $1', [id])).rows[0]!;
        if (cur.current_step === null && cur.status !== 'submitted') break;
        continue;
      }
      // A task assigned to someone is theirs (the executor the head chose, the head who assigned).
      const who = open.assignee ? await staffByIin(open.assignee, open.org_id, open.role) : await staffOf(open.org_id, open.role);
      const t = await app.inject({ url: `/api/v1/tasks/${open.id}`, headers: { authorization: `Bearer ${who.token}` } });
      assert.equal(t.statusCode, 200, `${code}: ${t.body}`);
      const task = t.json() as { actions: string[]; examples: Record<string, Record<string, unknown>>; step: { id: string } };
      const action = PREFERRED.find((a) => task.actions.includes(a));
      assert.ok(action, `${code} ${task.step.id}: nothing to take among ${task.actions.join()}`);
      let body = task.examples[action]!;
      if (action === 'assign' && !body.executorId) {
        // An organisation with no executor yet (the demo seeds staff for a few): one joins, and the example names them.
        await staffOf(open.org_id, 'responsible-executor');
        body = ((await app.inject({ url: `/api/v1/tasks/${open.id}`, headers: { authorization: `Bearer ${who.token}` } })).json() as typeof task).examples.assign!;
      }
      if (action === 'sign') {
        const p = (await app.inject({ url: `/api/v1/tasks/${open.id}/signing-payload`, headers: { authorization: `Bearer ${who.token}` } })).json().payload as string;
        body = { ...body, signature: { method: 'eds', cms: Buffer.from(await signCms(Buffer.from(p, 'base64'), who.p12!, who.password, { detached: true })).toString('base64') } };
        signed = true;
      }
      const r = await app.inject({ method: 'POST', url: `/api/v1/tasks/${open.id}/${action}`, headers: { authorization: `Bearer ${who.token}` }, payload: body });
      assert.equal(r.statusCode, 200, `${code} ${task.step.id} ${action}: ${r.body}`);
      taken.push(`${task.step.id}:${action}`);
    }
    const a = (await ctx.db.query<{ status: string; current_step: string | null }>('SELECT status, current_step FROM applications WHERE id = $1', [id])).rows[0]!;
    // The portal's record check may refuse at once (no act record of this citizen in the civil registry): that is an end too.
    const jobs = (await ctx.db.query<{ kind: string; state: string; last_error: string | null }>("SELECT kind, state, last_error FROM jobs WHERE payload->>'applicationId' = $1", [id])).rows;
    assert.ok(['issued', 'result-ready', 'refused'].includes(a.status), `${code}: ended ${a.status} after ${taken.join(' → ')}; jobs ${JSON.stringify(jobs)}`);
    assert.equal(a.current_step, null, `${code}: the process ended (${taken.join(' → ')})`);
    assert.ok(signed, `${code}: a head signed the decision (${taken.join(' → ')})`);
    {
      const d = (await ctx.db.query<{ kind: string; signed_at: Date | null; data: { grounds?: string[] } }>('SELECT kind, signed_at, data FROM application_decisions WHERE application_id = $1', [id])).rows[0];
      // The examples' approvals are approvals, unless the civil registry refused the act (an example's person with no electronic record): a reasoned refusal naming that ground.
      if (d?.kind === 'refuse') assert.ok(d.data.grounds?.some((g) => g === 'act-record-not-found' || g === 'act-record-exists'), `${code}: refused on ${JSON.stringify(d.data.grounds)}`);
      else assert.equal(d?.kind, 'approve', code);
      assert.ok(d?.signed_at, `${code}: the decision is signed`);
    }
    ran.push(`${code}: ${taken.length} actions → ${a.status}`);
  }
  assert.ok(ran.length >= 6, ran.join('\n'));
  console.log(ran.join('\n'));
});
