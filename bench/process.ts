/**
 * bench/process — complete archival-reference processes per second (issue 9 item 7), p50/p99 per
 * process, against the same six-step model run by bpmn-engine (npm) with its state saved to the
 * same PostgreSQL database after each step, in the same run, at the same concurrency.
 *
 *   npm run bench:process                   # 3 rounds × 5 s each, 16 concurrent clients
 *   npm run bench:process -- --rounds 5 --seconds 10 --clients 64 --processes 2 --lean
 *   --scans 1 attaches the optional scan (the portal requires none for this service)
 *   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default); a fresh database per run, dropped after
 *   BENCH_PROFILE=/tmp/prof npm run bench:process    # the server(s) write a V8 CPU profile there
 *
 * Qyzmet: the server runs as separate process(es) (src/main.ts, like production, its job worker
 * on), and `--clients` loops in this process each run complete processes over loopback HTTP:
 *   1. the applicant uploads the scans the portal requires (POST /api/v1/uploads), signs the
 *      request with their SIGN key and submits it (POST /api/v1/applications);
 *   2. the server's job worker delivers it (the application.deliver job starts the process) —
 *      the clerk's client polls the inbox until the task is there (every 10–50 ms);
 *   3–6. register (clerk) → assign (head) → approve (executor) → sign (head): each as a person's
 *      screen does it — the inbox (GET /api/v1/tasks), the task (GET /api/v1/tasks/:id: version,
 *      example bodies), the action (POST /api/v1/tasks/:id/:action); for the signature the head
 *      reads GET /api/v1/tasks/:id/signing-payload and signs those bytes with his demo SIGN key.
 *   `--lean` skips the inbox and task reads of steps 3–6 (the action's answer gives the next
 *   task's id and version): the pipeline's own cost.
 * Both signatures (the applicant's CMS over the request, the head's over the decision) are made
 * here, on the client, and that CPU is the client's: counted in "client" below, not the server's.
 * The server verifies both in full (chain, validity, revocation).
 *
 * bpmn-engine: the same six steps as a BPMN model (a start event for the submission, a service
 * task for the delivery, user tasks register → assign → approve → sign, an end event), run in this
 * process by `--clients` loops the way an integrator runs it behind an API: the submission starts
 * an engine (the model parsed once at start-up and handed over as its `sourceContext`), the
 * delivery service task runs, the state (`engine.getState()`, as jsonb) is INSERTed when the
 * submission is taken and UPDATEd when the engine waits at register; then for each user task: load
 * the state (SELECT), `new Engine().recover(state)`, `resume()`, `signal()` the waiting task with
 * its data, wait for the next task (or the end), `getState()`, UPDATE it (with a version check),
 * stop the engine. Six saves per process. No HTTP, no sign-in, no signatures, no audit, no
 * history, no task rows: the engine and its persistence only — the baseline a team would start from.
 *
 * Rounds alternate (bpmn-engine, then Qyzmet) and the ratio is taken per round, since this
 * machine's speed drifts (it is shared). A round: every client starts at once, the first
 * `--ramp` seconds are not counted, then the steps finished in the next `--seconds` are counted
 * and processes/s is steps / 6 / seconds — the steady rate of complete processes, which does not
 * depend on how many happen to end inside a window shorter than a process under load (the count
 * of those that did, and their p50/p99 from start to signed decision, are shown beside). No
 * process starts after the window; the in-flight ones finish before the next round. CPU lines show where each process's time goes (server, client,
 * PostgreSQL).
 *
 * Until routing by organisation lands, the bench database gives applications.provider_org the
 * default 'pavlodar-archives' (as test/backoffice.test.ts sets it), so the worker can deliver.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { Engine } from 'bpmn-engine';
import pg from 'pg';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { hashPassword } from '../src/accounts/password.ts';
import { DEMO_ACCOUNTS, seedDemo, seedDemoKeystores } from '../src/demo/demo.ts';
import { makeIin } from '../src/ids/iin.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { type Keystore, loadPkcs12 } from '../src/pki/pkcs12.ts';
import { createPki } from '../src/pki/service.ts';
import { signWithKeystore } from '../src/pki/sign.ts';
import { evaluateCondition } from '../src/registry/conditions.ts';
import type { Condition } from '../src/registry/types.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { syncDefinitions } from '../src/registry/sync.ts';
import { tinyPdf } from '../test/helpers/files.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '5'));
const RAMP = Number(arg('ramp', '2'));
const ROUNDS = Math.max(1, Number(arg('rounds', '3')));
const CLIENTS = Number(arg('clients', '16'));
const PROCESSES = Number(arg('processes', '1'));
const LEAN = process.argv.includes('--lean');
const ONLY = arg('only', 'both'); // both | qyzmet | bpmn
/** Optional scans attached to each application besides the required ones (the archival reference requires none on the portal). */
const SCANS = Number(arg('scans', '0'));
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVICE = 'archival-reference';
const ORG = 'pavlodar-archives';

const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === ORG)!;
const head = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === ORG)!;
const executor = DEMO_ACCOUNTS.find((a) => a.role === 'responsible-executor' && a.orgId === ORG)!;

/** One applicant per client (a person's uploads are serialised, as they should be). */
const BENCH_USERS = Array.from({ length: Math.max(CLIENTS, 1) }, (_, i) => ({
  iin: makeIin(`19${String(50 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`, i % 2 ? 'male' : 'female', 7000 + i),
  password: 'bench-password',
}));

// ------------------------------------------------------------------ set-up

async function createDatabase() {
  const name = `qyzmet_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c2 = new pg.Client({ connectionString: ADMIN });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c2.end();
    },
  };
}

/** Schema, definitions, demo accounts and keystores, the bench applicants with their SIGN keystores, the bpmn-engine table. */
async function prepareDatabase(url: string) {
  const db = await openDb({ databaseUrl: url, dataDir: null, poolSize: 4 });
  await migrate(db);
  await syncDefinitions(db, await loadRegistry('services'));
  await seedDemo(db);
  const pki = await createPki({ db, config: loadPkiConfig({ ...process.env, PKI_KEYSTORE_ITERATIONS: '1000' }) });
  if (!pki.ca) throw new Error('bench/process needs the demo CA (DEMO on) or PKI_CA_SECRET');
  await seedDemoKeystores(db, pki);
  const hash = await hashPassword('bench-password');
  for (const u of BENCH_USERS)
    await db.query(`INSERT INTO users (id, iin, surname, given_name, password_hash, roles) VALUES ($1, $2, 'Bench', 'User', $3, '{citizen}') ON CONFLICT (iin) DO NOTHING`, [uuid7(), u.iin, hash]);
  const ca = pki.ca;
  const keystores = await Promise.all(
    BENCH_USERS.map(async (u) => {
      const it = await ca.issue({ iin: u.iin, name: 'Bench User', usage: 'sign', algorithm: 'ecdsa', password: u.password }, { reason: 'bench keystore' });
      return loadPkcs12(Buffer.from(it.pkcs12, 'base64'), u.password);
    }),
  );
  const headP12 = (await db.query<{ pkcs12: Buffer }>("SELECT pkcs12 FROM demo_keystores WHERE iin = $1 AND usage = 'sign'", [head.iin])).rows[0]?.pkcs12;
  if (!headP12) throw new Error('no demo SIGN keystore for the head');
  const headKeystore = await loadPkcs12(Buffer.from(headP12), head.password);
  // Routing by organisation has not landed: the archival reference goes to the Pavlodar archives.
  await db.query(`ALTER TABLE applications ALTER COLUMN provider_org SET DEFAULT '${ORG}'`);
  await db.query('CREATE TABLE bench_bpmn_processes (id uuid PRIMARY KEY, state jsonb NOT NULL, version int NOT NULL DEFAULT 1, updated_at timestamptz NOT NULL DEFAULT now())');
  await db.close();
  return { keystores, headKeystore };
}

async function startServers(env: Record<string, string>, count: number, basePort: number): Promise<{ ports: number[]; procs: ChildProcess[] }> {
  const procs: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const port = basePort + i;
    const p = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), '--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKERS: 'true', DEMO: 'true', DEMO_POPULATION: '1000', PKI_KEYSTORE_ITERATIONS: '1000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    procs.push(p);
    ports.push(port);
    let up = false;
    for (let t = 0; t < 600 && !up; t++) {
      try {
        up = (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
      } catch {}
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    if (!up) throw new Error(`server on ${port} did not come up`);
  }
  return { ports, procs };
}

// ------------------------------------------------------------------ Qyzmet over HTTP

class HttpError extends Error {}
/** Requests by route and their wall time, over the counted Qyzmet rounds (where each process's time goes, seen from the client). */
const TALLY = new Map<string, { n: number; ms: number }>();
const QZ_DONE = { n: 0 };
/** From the submission's answer to the task in the clerk's inbox (the job worker's delivery), ms. */
const DELIVERY_WAITS: number[] = [];

async function call<T = unknown>(base: string, method: 'GET' | 'POST', path: string, opts: { token?: string; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Blob | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body) body = new Blob([new Uint8Array(opts.body)]);
  const t0 = performance.now();
  const r = await fetch(`${base}${path}`, { method, headers, body });
  const text = await r.text();
  const route = `${method} ${path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
  const t = TALLY.get(route) ?? { n: 0, ms: 0 };
  t.n++;
  t.ms += performance.now() - t0;
  TALLY.set(route, t);
  if (!r.ok) throw new HttpError(`${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

type Who = { iin: string; password: string; phone?: string };
async function login(base: string, who: Who): Promise<string> {
  const r = await call<{ token?: string; mfaRequired?: boolean; otpId?: string }>(base, 'POST', '/api/v1/auth/login', { json: { iin: who.iin, password: who.password } });
  if (!r.mfaRequired) return r.token!;
  const sms = await call<{ items: Array<{ body: string }> }>(base, 'GET', `/api/v1/demo/sms?phone=${encodeURIComponent(who.phone ?? '')}`);
  const code = /\b(\d{6})\b/.exec(sms.items[0]?.body ?? '')?.[1];
  const r2 = await call<{ token: string }>(base, 'POST', '/api/v1/auth/login/sms', { json: { otpId: r.otpId, code } });
  return r2.token;
}

interface Server {
  base: string;
  example: Record<string, unknown>;
  fileFields: string[];
  staff: { clerk: string; head: string; executor: string };
  /** The user id of the executor who signs in here: the head assigns him (the task screen's example names the first executor of the organisation, who may be someone else). */
  executorId: string;
  /** The example bodies of each action as the task screen gave them (`--lean` reuses them with the version the last action returned). */
  examples: Record<string, Record<string, unknown>>;
}

async function prepareServer(port: number): Promise<Server> {
  const base = `http://127.0.0.1:${port}`;
  const svc = await call<{ form: { example: Record<string, unknown>; fields: Array<{ name: string; type: string; required: boolean; condition?: { when: Condition } }> } }>(base, 'GET', `/api/v1/services/${SERVICE}`);
  const example = svc.form.example;
  // The file fields the portal requires (a definition's example carries no files: each is an upload of the applicant).
  const fileFields = svc.form.fields
    .filter((f) => f.type === 'file' && example[f.name] === undefined)
    .filter((f, i) => f.required || i < SCANS)
    .filter((f) => !f.condition || evaluateCondition(f.condition.when, { values: { ...example, $channel: 'portal', $filedAt: new Date().toISOString() } }))
    .map((f) => f.name);
  const staff = { clerk: await login(base, clerk), head: await login(base, head), executor: await login(base, executor) };
  const executorId = (await call<{ id: string }>(base, 'GET', '/api/v1/me', { token: staff.executor })).id;
  return { base, example, fileFields, staff, executorId, examples: {} };
}

type TaskItem = { id: string; application: { id: string }; step: { kind: string }; version: number };
type TaskResult = { status: string; version: number; nextTaskId: string | null };

/** One complete process: signed submit → delivery by the worker → register → assign → approve → sign. */
async function qyzmetProcess(s: Server, applicant: { iin: string; token: string; keystore: Keystore }, pdf: Buffer, done: () => void): Promise<void> {
  const { base, staff } = s;
  const form: Record<string, unknown> = { ...s.example, applicantIin: applicant.iin };
  for (const name of s.fileFields) {
    const up = await call(base, 'POST', '/api/v1/uploads', { token: applicant.token, body: pdf, headers: { 'content-type': 'application/pdf', 'x-file-name': `${name}.pdf` } });
    form[name] = [up];
  }
  const key = `bp-${randomBytes(8).toString('hex')}`;
  const draft = { serviceCode: SERVICE, channel: 'portal', form };
  const cms = await signWithKeystore(signingPayload({ ...draft, region: null, applicantIin: applicant.iin, idempotencyKey: key }), applicant.keystore, { detached: true });
  const app = await call<{ id: string }>(base, 'POST', '/api/v1/applications', {
    token: applicant.token,
    headers: { 'idempotency-key': key },
    json: { ...draft, signature: { method: 'eds', cms: Buffer.from(cms).toString('base64') } },
  });
  done();

  const find = async (token: string, status: string): Promise<TaskItem | undefined> =>
    (await call<{ items: TaskItem[] }>(base, 'GET', `/api/v1/tasks?status=${status}&limit=200`, { token })).items.find((t) => t.application.id === app.id);
  // The worker delivers it: the clerk's inbox shows the task.
  let task: TaskItem | undefined;
  const submittedAt = performance.now();
  for (let wait = 10; !(task = await find(staff.clerk, 'delivered')); wait = Math.min(50, wait * 2)) await new Promise((r) => setTimeout(r, wait));
  DELIVERY_WAITS.push(performance.now() - submittedAt);
  done();

  type Detail = { version: number; examples: Record<string, Record<string, unknown>> };
  const act = (token: string, taskId: string, action: string, body: unknown) => call<TaskResult>(base, 'POST', `/api/v1/tasks/${taskId}/${action}`, { token, json: body });
  const examples = s.examples;
  let last: TaskResult | null = null;
  const step = async (token: string, status: string, action: string): Promise<{ taskId: string; version: number }> => {
    let taskId: string;
    let body: Record<string, unknown>;
    if (LEAN && last && examples[action]) {
      taskId = last.nextTaskId!;
      body = { ...(examples[action] ?? {}), version: last.version };
    } else {
      const t = task ?? (await find(token, status));
      task = undefined;
      if (!t) throw new Error(`no ${action} task for ${app.id} in the inbox`);
      taskId = t.id;
      const d = await call<Detail>(base, 'GET', `/api/v1/tasks/${t.id}`, { token });
      Object.assign(examples, d.examples);
      body = d.examples[action] ?? { version: d.version };
    }
    if (action === 'assign') body = { ...body, executorId: s.executorId };
    if (action !== 'sign') {
      last = await act(token, taskId, action, body);
      done();
    }
    return { taskId, version: body.version as number };
  };
  await step(staff.clerk, 'delivered', 'register');
  await step(staff.head, 'registered', 'assign');
  await step(staff.executor, 'in-progress', 'approve');
  const { taskId: signId, version } = await step(staff.head, 'in-progress', 'sign');
  const payload = await call<{ payload: string }>(base, 'GET', `/api/v1/tasks/${signId}/signing-payload`, { token: staff.head });
  const headCms = await signWithKeystore(Buffer.from(payload.payload, 'base64'), HEAD_KEYSTORE!, { detached: true });
  const signed = await act(staff.head, signId, 'sign', { version, signature: { method: 'eds', cms: Buffer.from(headCms).toString('base64') } });
  if (!['result-ready', 'issued'].includes(signed.status)) throw new Error(`signed, but the application is ${signed.status}`);
  done();
  QZ_DONE.n++;
}
let HEAD_KEYSTORE: Keystore | null = null;

// ------------------------------------------------------------------ bpmn-engine

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="archivalReference" targetNamespace="http://qyzmet.kz/bench">
  <process id="archivalReferencePortal" isExecutable="true">
    <startEvent id="submit" name="The applicant signs and sends the request" />
    <sequenceFlow id="toDeliver" sourceRef="submit" targetRef="deliver" />
    <serviceTask id="deliver" name="Delivered to the provider" implementation="\${environment.services.deliver}" />
    <sequenceFlow id="toRegister" sourceRef="deliver" targetRef="register" />
    <userTask id="register" name="The clerk registers" />
    <sequenceFlow id="toAssign" sourceRef="register" targetRef="assign" />
    <userTask id="assign" name="The head assigns an executor" />
    <sequenceFlow id="toApprove" sourceRef="assign" targetRef="approve" />
    <userTask id="approve" name="The executor prepares the reference" />
    <sequenceFlow id="toSign" sourceRef="approve" targetRef="sign" />
    <userTask id="sign" name="The head signs" />
    <sequenceFlow id="toEnd" sourceRef="sign" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** The delivery service task: the provider's system takes the request at once. */
const SERVICES = { deliver: (_ctx: unknown, next: (err: unknown, out?: unknown) => void) => next(null, { delivered: true }) };

// bpmn-engine's typings describe the engine but not every callback's arguments.
type AnyEngine = InstanceType<typeof Engine> & { execution: { getState: () => unknown; signal: (m: unknown) => void } };
type Api = { id: string };

/** The next user task the engine waits at, or 'end'. */
function nextStop(engine: AnyEngine, listener: EventEmitter): Promise<string> {
  return new Promise((resolve, reject) => {
    const onWait = (api: Api) => {
      engine.removeListener('end', onEnd);
      resolve(api.id);
    };
    const onEnd = () => {
      listener.removeListener('wait', onWait);
      resolve('end');
    };
    listener.once('wait', onWait);
    engine.once('end', onEnd);
    engine.once('error', reject);
  });
}

let SOURCE_CONTEXT: unknown = null;
async function parseModelOnce() {
  const [def] = await new Engine({ source: BPMN }).getDefinitions();
  // The parsed, serialized model (what the engine builds from the XML), reused for every instance.
  SOURCE_CONTEXT = (def as unknown as { environment: { options: { source: unknown } } }).environment.options.source;
}

const USER_STEPS: Array<{ id: string; data: (k: number) => Record<string, unknown> }> = [
  { id: 'register', data: () => ({ registeredBy: clerk.iin }) },
  { id: 'assign', data: () => ({ executorIin: executor.iin, headIin: head.iin }) },
  { id: 'approve', data: () => ({ decision: 'approve', text: 'Шешім / Решение / Decision' }) },
  { id: 'sign', data: () => ({ signedBy: head.iin }) },
];

async function bpmnProcess(pool: pg.Pool, k: number, form: Record<string, unknown>, done: () => void): Promise<void> {
  const id = uuid7();
  // 1–2. Submission: a new instance; the delivery service task runs; state saved when the submission is taken, and when it waits at register.
  const listener = new EventEmitter();
  const engine = new Engine({ name: id, sourceContext: SOURCE_CONTEXT as never, services: SERVICES }) as AnyEngine;
  let submitted: unknown = null;
  listener.on('activity.start', (api: Api) => {
    if (api.id === 'deliver') submitted = engine.execution.getState();
  });
  const first = nextStop(engine, listener);
  await engine.execute({ listener, variables: { applicationId: id, form } } as never);
  let at = await first;
  const delivered = await engine.getState();
  await engine.stop();
  await pool.query('INSERT INTO bench_bpmn_processes (id, state) VALUES ($1, $2::jsonb)', [id, JSON.stringify(submitted)]);
  done();
  await pool.query('UPDATE bench_bpmn_processes SET state = $2::jsonb, version = version + 1, updated_at = now() WHERE id = $1', [id, JSON.stringify(delivered)]);
  done();
  // 3–6. Each person's step: load, recover, resume, signal the waiting task, save.
  for (const s of USER_STEPS) {
    if (at !== s.id) throw new Error(`bpmn-engine waits at ${at}, not ${s.id}`);
    const row = (await pool.query<{ state: unknown; version: number }>('SELECT state, version FROM bench_bpmn_processes WHERE id = $1', [id])).rows[0]!;
    const l = new EventEmitter();
    const e = new Engine({ services: SERVICES }).recover(row.state as never) as AnyEngine;
    const resumed = new Promise<void>((r) => l.once('wait', () => r()));
    const execution = await e.resume({ listener: l } as never);
    await resumed;
    const next = nextStop(e, l);
    execution.signal({ id: s.id, data: s.data(k) });
    at = await next;
    const state = await e.getState();
    const u = await pool.query('UPDATE bench_bpmn_processes SET state = $2::jsonb, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3', [id, JSON.stringify(state), row.version]);
    if (u.rowCount !== 1) throw new Error('lost update');
    done();
    if (at !== 'end') await e.stop();
  }
  if (at !== 'end') throw new Error(`bpmn-engine did not end: ${at}`);
}

// ------------------------------------------------------------------ rounds

/** CPU seconds (user + system) used so far by each process given by pid. */
function cpuByPid(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(rest[11]) + Number(rest[12])) / 100);
    } catch {}
  }
  return out;
}
const postgresPids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
/** CPU between two snapshots, per pid (a backend that ended in between takes its CPU with it; one that started counts from 0). */
const cpuDelta = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((t, [pid, s]) => t + Math.max(0, s - (a.get(pid) ?? 0)), 0);

interface RoundResult {
  /** Processes per second in the window: steps done in it / 6 (robust when a process takes longer than the window). */
  rate: number;
  /** Processes that ended inside the window. */
  n: number;
  p50: number;
  p99: number;
  errors: number;
  firstError: string | null;
  cpu: { client: number; server: number; postgres: number };
}

/** A process reports each of its six steps as it finishes it. */
type One = (k: number, step: () => void) => Promise<void>;

/**
 * `clients` loops running `one` from the start; the steps and processes finished within
 * [ramp, ramp + seconds] are counted; no process starts after the window.
 */
async function round(clients: number, seconds: number, ramp: number, one: One, serverPids: number[]): Promise<RoundResult> {
  const start = performance.now();
  const from = start + ramp * 1000;
  const to = from + seconds * 1000;
  const lat: number[] = [];
  let steps = 0;
  let errors = 0;
  let firstError: string | null = null;
  const snap = () => ({ self: process.cpuUsage(), server: cpuByPid(serverPids), postgres: cpuByPid(postgresPids()) });
  let c0 = snap();
  let c1: ReturnType<typeof snap> | null = null;
  const t0Timer = setTimeout(() => (c0 = snap()), ramp * 1000);
  const t1Timer = setTimeout(() => (c1 = snap()), (ramp + seconds) * 1000);
  const step = () => {
    const t = performance.now();
    if (t >= from && t <= to) steps++;
  };
  const loop = async (k: number) => {
    while (performance.now() < to) {
      const t0 = performance.now();
      try {
        await one(k, step);
        const t1 = performance.now();
        if (t1 >= from && t1 <= to) lat.push(t1 - t0);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, k) => loop(k)));
  clearTimeout(t0Timer);
  clearTimeout(t1Timer);
  const end = c1 ?? snap();
  lat.sort((x, y) => x - y);
  const processes = steps / 6;
  const per = (s: number) => (s * 1e3) / Math.max(1, processes); // CPU ms per process
  return {
    rate: processes / seconds,
    n: lat.length,
    p50: lat[Math.floor(lat.length * 0.5)] ?? 0,
    p99: lat[Math.floor(lat.length * 0.99)] ?? 0,
    errors,
    firstError,
    cpu: {
      client: per((end.self.user - c0.self.user + end.self.system - c0.self.system) / 1e6),
      server: per(cpuDelta(c0.server, end.server)),
      postgres: per(cpuDelta(c0.postgres, end.postgres)),
    },
  };
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[], f = (x: number) => x.toFixed(1)) => (xs.length ? `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '—');

const dbase = await createDatabase();
let children: ChildProcess[] = [];
let pool: pg.Pool | null = null;
try {
  const { keystores, headKeystore } = await prepareDatabase(dbase.url);
  HEAD_KEYSTORE = headKeystore;
  await parseModelOnce();
  pool = new pg.Pool({ connectionString: dbase.url, max: CLIENTS });
  // DROP DATABASE … WITH (FORCE) at the end terminates idle connections: not an error of the run.
  pool.on('error', () => {});
  const started = await startServers({ DATABASE_URL: dbase.url, DB_POOL_SIZE: String(Math.max(10, Math.ceil(CLIENTS / PROCESSES))) }, PROCESSES, 4100 + Math.floor(Math.random() * 50) * 4);
  children = started.procs;
  const serverPids = children.map((c) => c.pid as number);
  const servers = await Promise.all(started.ports.map(prepareServer));
  const applicants = await Promise.all(
    BENCH_USERS.map(async (u, k) => ({ iin: u.iin, keystore: keystores[k]!, token: await login(servers[k % servers.length]!.base, u) })),
  );
  const pdf = tinyPdf('Qyzmet bench scan');
  const ours: One = (k, step) => qyzmetProcess(servers[k % servers.length]!, applicants[k]!, pdf, step);
  const form = { ...servers[0]!.example };
  const theirs: One = (k, step) => bpmnProcess(pool!, k, form, step);
  console.log(`bench/process: ${ROUNDS} rounds × ${SECONDS} s (+${RAMP} s ramp), ${CLIENTS} clients, ${PROCESSES} server process(es)${LEAN ? ', lean clients' : ''}; ${servers[0]!.fileFields.length} upload(s) per application`);
  // Warm-up (not counted): the JIT, the pools, the certificate and revocation caches.
  if (ONLY !== 'qyzmet') await round(CLIENTS, 2, 0, theirs, []);
  if (ONLY !== 'bpmn') await round(CLIENTS, 3, 0, ours, serverPids);
  TALLY.clear();
  QZ_DONE.n = 0;
  DELIVERY_WAITS.length = 0;
  const bp: RoundResult[] = [];
  const qz: RoundResult[] = [];
  const row = (name: string, r: RoundResult) =>
    `  ${name.padEnd(12)} ${r.rate.toFixed(1).padStart(7)}/s  p50 ${r.p50.toFixed(0).padStart(5)} ms  p99 ${r.p99.toFixed(0).padStart(5)} ms  ${String(r.n).padStart(5)} ended in the window ${r.errors ? `${r.errors} failed (${r.firstError})` : ''}` +
    `  CPU/process: client ${r.cpu.client.toFixed(1)} ms, server ${r.cpu.server.toFixed(1)} ms, postgres ${r.cpu.postgres.toFixed(1)} ms`;
  for (let r = 0; r < ROUNDS; r++) {
    console.log(`round ${r + 1}`);
    if (ONLY !== 'qyzmet') {
      bp.push(await round(CLIENTS, SECONDS, RAMP, theirs, []));
      console.log(row('bpmn-engine', bp[r]!));
    }
    if (ONLY !== 'bpmn') {
      qz.push(await round(CLIENTS, SECONDS, RAMP, ours, serverPids));
      console.log(row('Qyzmet', qz[r]!));
    }
    const b = bp[r];
    const q = qz[r];
    if (b && q) console.log(`  ratio Qyzmet / bpmn-engine: ${(q.rate / b.rate).toFixed(2)}×`);
  }
  console.log(`\nsummary (median, range over ${ROUNDS} rounds)`);
  console.log('  engine         processes/s             p50 ms   p99 ms   CPU ms per process (client / server / postgres)');
  for (const [name, rs] of [['bpmn-engine', bp], ['Qyzmet', qz]] as const) {
    if (!rs.length) continue;
    console.log(
      `  ${name.padEnd(12)}   ${spread(rs.map((x) => x.rate)).padEnd(22)}  ${median(rs.map((x) => x.p50)).toFixed(0).padStart(6)}   ${median(rs.map((x) => x.p99)).toFixed(0).padStart(6)}   ` +
        `${median(rs.map((x) => x.cpu.client)).toFixed(1)} / ${median(rs.map((x) => x.cpu.server)).toFixed(1)} / ${median(rs.map((x) => x.cpu.postgres)).toFixed(1)}`,
    );
  }
  if (qz.length) {
    const processes = Math.max(1, QZ_DONE.n);
    const all = [...TALLY].sort((x, y) => y[1].ms - x[1].ms);
    console.log(`\nQyzmet requests per process (all rounds, wall time as the client saw it): ${(all.reduce((a, [, t]) => a + t.n, 0) / processes).toFixed(1)}`);
    const w = [...DELIVERY_WAITS].sort((x, y) => x - y);
    console.log(`  waiting for the delivery (submitted → in the clerk's inbox): p50 ${(w[Math.floor(w.length / 2)] ?? 0).toFixed(0)} ms, p99 ${(w[Math.floor(w.length * 0.99)] ?? 0).toFixed(0)} ms`);
    for (const [route, t] of all) console.log(`  ${route.padEnd(40)} ${(t.n / processes).toFixed(2).padStart(6)} × ${(t.ms / t.n).toFixed(1).padStart(7)} ms`);
  }
  if (bp.length && qz.length) console.log(`  ratio Qyzmet / bpmn-engine, per round: ${spread(qz.map((q, k) => q.rate / bp[k]!.rate), (x) => `${x.toFixed(2)}×`)}  (target ≥ 5×)`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 800));
  await pool?.end();
  await dbase.drop();
}
