/**
 * bench/statements — the SQL statements (database round trips) of one archival-reference process,
 * request by request: the signed submission, the delivery job, register → assign → approve → sign,
 * each as the task screen does it (inbox, task, action). Runs in this process (PGlite, or
 * TEST_DATABASE_URL's PostgreSQL) with a counting wrapper around the database.
 *
 *   npx tsx bench/statements.ts            # counts per request
 *   npx tsx bench/statements.ts --sql      # and every statement's first line
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { SubmitBatcher } from '../src/applications/batch.ts';
import type { Db, Queryable } from '../src/db/db.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { signCms } from '../src/pki/sign.ts';
import { makeTestContext } from '../test/helpers/context.ts';

const SHOW_SQL = process.argv.includes('--sql');
const ORG = 'pavlodar-archives';
let log: string[] = [];

function counting(db: Db): Db {
  const wrap = (q: Queryable, inTx: boolean): Queryable => ({
    query: (sql, params, name) => {
      log.push(`${inTx ? '  tx ' : '     '}${sql.replace(/\s+/g, ' ').trim().slice(0, 150)}`);
      return q.query(sql, params, name);
    },
    exec: (sql) => {
      log.push(`     exec ${sql.slice(0, 80)}`);
      return q.exec(sql);
    },
  });
  const base = wrap(db, false);
  return {
    ...db,
    engine: db.engine,
    query: base.query,
    exec: base.exec,
    tx: (fn) => {
      log.push('     BEGIN');
      return db.tx((q) => fn(wrap(q, true))).finally(() => log.push('     COMMIT'));
    },
    listen: db.listen.bind(db),
    close: db.close.bind(db),
  };
}

const ctx = await makeTestContext({ population: 50 });
const raw = ctx.db;
const db = counting(raw);
Object.assign(ctx, { db, submits: new SubmitBatcher(db) });
await raw.query(`ALTER TABLE applications ALTER COLUMN provider_org SET DEFAULT '${ORG}'`);
const app: FastifyInstance = await buildApp(ctx);
const rows: Array<[string, number]> = [];
const measure = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
  log = [];
  const out = await fn();
  const n = log.filter((l) => !/^\s+(BEGIN|COMMIT)$/.test(l)).length + log.filter((l) => /BEGIN/.test(l)).length * 2;
  rows.push([what, n]);
  if (SHOW_SQL) console.log(`${what}: ${n} round trips\n${log.join('\n')}\n`);
  return out;
};

const inject = async (what: string, opts: InjectOptions) =>
  measure(what, async () => {
    const r = await app.inject(opts);
    if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
    return r.json();
  });

const login = async (iin: string, password: string) => ((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin, password } })).json() as { token: string }).token;
const person = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role && (role === 'citizen' || a.orgId === ORG))!;
const citizen = person('citizen');
const clerk = person('provider-clerk');
const head = person('provider-head');
const executor = person('responsible-executor');
const tok = { citizen: await login(citizen.iin, citizen.password), clerk: await login(clerk.iin, clerk.password), head: await login(head.iin, head.password), executor: await login(executor.iin, executor.password) };
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const executorId = ((await app.inject({ url: '/api/v1/me', headers: auth(tok.executor) })).json() as { id: string }).id;

async function oneProcess() {
  const example = ((await app.inject('/api/v1/services/archival-reference')).json() as { form: { example: Record<string, unknown> } }).form.example;
  const key = `st-${Math.random().toString(36).slice(2)}`;
  const draft = { serviceCode: 'archival-reference', channel: 'portal', form: { ...example, applicantIin: citizen.iin } };
  const p12 = (await demoKeystore(raw, citizen.iin, 'sign'))!;
  const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12, citizen.password, { detached: true })).toString('base64');
  const sub = (await inject('POST /applications (submit)', { method: 'POST', url: '/api/v1/applications', headers: { ...auth(tok.citizen), 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } })) as { id: string };
  await measure('job application.deliver (runDueJobs)', () => runDueJobs(ctx, JOB_HANDLERS));
  const steps: Array<[keyof typeof tok, string, string]> = [
    ['clerk', 'delivered', 'register'],
    ['head', 'registered', 'assign'],
    ['executor', 'in-progress', 'approve'],
    ['head', 'in-progress', 'sign'],
  ];
  for (const [who, status, action] of steps) {
    const list = (await inject(`GET /tasks (${who})`, { url: `/api/v1/tasks?status=${status}&limit=200`, headers: auth(tok[who]) })) as { items: Array<{ id: string; application: { id: string } }> };
    const t = list.items.find((x) => x.application.id === sub.id);
    if (!t) throw new Error(`no ${action} task`);
    const d = (await inject(`GET /tasks/:id (${action})`, { url: `/api/v1/tasks/${t.id}`, headers: auth(tok[who]) })) as { examples: Record<string, Record<string, unknown>> };
    let body = d.examples[action]!;
    if (action === 'assign') body = { ...body, executorId };
    if (action === 'sign') {
      const p = ((await inject('GET /tasks/:id/signing-payload', { url: `/api/v1/tasks/${t.id}/signing-payload`, headers: auth(tok.head) })) as { payload: string }).payload;
      const hp12 = (await demoKeystore(raw, head.iin, 'sign'))!;
      body = { ...body, signature: { method: 'eds', cms: Buffer.from(await signCms(Buffer.from(p, 'base64'), hp12, head.password, { detached: true })).toString('base64') } };
    }
    await inject(`POST /tasks/:id/${action}`, { method: 'POST', url: `/api/v1/tasks/${t.id}/${action}`, headers: auth(tok[who]), payload: body });
  }
}

try {
  await oneProcess(); // warm (caches)
  rows.length = 0;
  await oneProcess();
  let total = 0;
  console.log(`round trips per request (${raw.engine}; BEGIN and COMMIT count as one each):`);
  for (const [what, n] of rows) {
    total += n;
    console.log(`  ${what.padEnd(40)} ${String(n).padStart(4)}`);
  }
  console.log(`  ${'total'.padEnd(40)} ${String(total).padStart(4)}`);
} finally {
  await app.close();
  await ctx.close();
}
