/**
 * bench/submit — authenticated, EDS-signed HTTP submissions per second (p50/p99) on PGlite and
 * on PostgreSQL (each request's signature verified in full), against the raw-SQL floor: the same
 * rows (application, status history, audit event, idempotency key, delivery job, signature)
 * inserted by plain SQL straight through the driver — one statement per application — on the
 * same database, in the same run.
 *
 *   npm run bench:submit                    # both engines, 3 rounds × 5 s each
 *   npm run bench:submit -- --rounds 5 --seconds 10 --connections 64 --engines postgres
 *   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 *
 * The server runs as separate process(es) (like production), autocannon drives it over loopback
 * HTTP. Load generator, server and database share this machine's cores, and this machine's speed
 * drifts from minute to minute, so on PostgreSQL floor and HTTP rounds alternate and the ratio is
 * taken per round (the table gives the median and the range). PGlite is single-process: its floor
 * rounds run before the server opens the data directory.
 *
 * The server groups submissions that arrive together into one statement (applications/batch.ts);
 * the floor does not, as one would not by hand. Its CPU lines show where each request's time goes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { hashPassword } from '../src/accounts/password.ts';
import { formatApplicationNumber, NumberAllocator } from '../src/applications/numbering.ts';
import { seedDemo } from '../src/demo/demo.ts';
import { makeIin } from '../src/ids/iin.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { type Keystore, loadPkcs12 } from '../src/pki/pkcs12.ts';
import { createPki } from '../src/pki/service.ts';
import { signWithKeystore } from '../src/pki/sign.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { syncDefinitions } from '../src/registry/sync.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '5'));
const ROUNDS = Math.max(1, Number(arg('rounds', '3')));
const WARMUP = 3;
const CONNECTIONS = Number(arg('connections', '50'));
const PROCESSES = Number(arg('processes', '1'));
const ENGINES = arg('engines', 'pglite,postgres').split(',');
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Distinct citizens, as in real traffic (thousands of people, not two). */
const BENCH_USERS = Array.from({ length: 200 }, (_, i) => ({ iin: makeIin(`19${String(50 + (i % 50)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`, i % 2 ? 'male' : 'female', 7000 + i), password: 'bench-password' }));

async function seedBenchUsers(db: Awaited<ReturnType<typeof openDb>>) {
  const hash = await hashPassword('bench-password');
  for (const u of BENCH_USERS)
    await db.query(
      `INSERT INTO users (id, iin, surname, given_name, password_hash, roles) VALUES ($1, $2, 'Bench', 'User', $3, '{citizen}') ON CONFLICT (iin) DO NOTHING`,
      [uuid7(), u.iin, hash],
    );
}

/**
 * SIGN keystores for the bench users, issued by the deployment's CA (the one the servers load from
 * pki_ca) as the system, like demo keystores at seeding: the admin API would ask each bench user
 * for an SMS confirmation (src/pki/issuance.ts).
 */
async function benchKeystores(db: Awaited<ReturnType<typeof openDb>>): Promise<Keystore[]> {
  const pki = await createPki({ db, config: loadPkiConfig({ ...process.env, PKI_KEYSTORE_ITERATIONS: '1000' }) });
  if (!pki.ca) throw new Error('bench/submit needs the demo CA (DEMO on) or PKI_CA_SECRET');
  const ca = pki.ca;
  return Promise.all(
    BENCH_USERS.map(async (u) => {
      const it = await ca.issue({ iin: u.iin, name: 'Bench User', usage: 'sign', algorithm: 'ecdsa', password: u.password }, { reason: 'bench keystore' });
      return loadPkcs12(Buffer.from(it.pkcs12, 'base64'), u.password);
    }),
  );
}

/**
 * The floor's statement: one application per statement (application, status history, audit
 * event, delivery job, signature, idempotency key) with plain parameters — how one would insert
 * these rows by hand. The server writes the same rows (applications/batch.ts), grouping the
 * submissions that arrive together into one statement.
 */
const FLOOR_SQL = `
WITH idem AS (
  INSERT INTO idempotency_keys (user_id, key, request_hash, application_id)
  VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING application_id
), app AS (
  INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status,
                            form, region, filed_at, acceptance_date, due_date, deadline_basis)
  SELECT application_id, $16, $5, $6, $7, $1, $8, 'submitted', $9, $11, $10, $12, $13, $14 FROM idem
  RETURNING id, number, status, due_date
), hist AS (
  INSERT INTO application_history (application_id, at, actor_id, actor_role, from_status, to_status)
  SELECT id, $10, $1, $15, NULL, 'submitted' FROM app
), aud AS (
  INSERT INTO audit_log (event, actor_id, actor_role, subject_type, subject_id, data)
  SELECT 'application.submitted', $1, $15, 'application', id::text, jsonb_build_object('service', $5::text, 'version', $6::int, 'channel', $7::text) FROM app
), job AS (
  INSERT INTO jobs (kind, payload) SELECT 'application.deliver', jsonb_build_object('applicationId', id) FROM app
), sig AS (
  INSERT INTO application_signatures (application_id, method, payload_sha256, cms, signer_serial, signer_iin, otp_id)
  SELECT id, $17, $18, $19, $20, $8, $21 FROM app WHERE $17::text IS NOT NULL
)
SELECT id, number, status, due_date FROM app`;

/** A signature-sized blob: the floor stores the same signature row the HTTP path does (without verifying). */
const SAMPLE_CMS = randomBytes(620);

/** The floor's database side, opened once per engine (the schema, the demo data and the bench users). */
async function openFloor(dbOpts: { databaseUrl: string | null; dataDir: string | null }, concurrency: number) {
  const db = await openDb({ ...dbOpts, poolSize: concurrency });
  await migrate(db);
  const registry = await loadRegistry('services');
  await syncDefinitions(db, registry);
  await seedDemo(db);
  await seedBenchUsers(db);
  const keystores = await benchKeystores(db);
  const def = registry.inForce('archival-reference')!;
  const users = (await db.query<{ id: string; iin: string }>('SELECT id, iin FROM users WHERE iin = ANY($1)', [BENCH_USERS.map((u) => u.iin)])).rows;
  return { db, def, users, keystores, numbers: new NumberAllocator(db) };
}

/** One floor round: `concurrency` loops inserting one application per statement for `seconds`. */
async function floorRound(f: Awaited<ReturnType<typeof openFloor>>, seconds: number, concurrency: number) {
  const { db, def, users, numbers } = f;
  const form = JSON.stringify(def.form.example);
  let n = 0;
  const lat: number[] = [];
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const u = users[n % users.length]!;
      const t0 = performance.now();
      const now = new Date();
      const number = formatApplicationNumber(await numbers.next(), now);
      await db.query(
        FLOOR_SQL,
        [u.id, `floor-${randomBytes(8).toString('hex')}`, 'h', uuid7(), def.code, def.version, 'portal', u.iin, form, now, null, '2026-11-23', '2026-12-14', null, 'citizen', number,
         'eds', 'f'.repeat(64), SAMPLE_CMS, 'abcdef0123456789', null],
        'floor_submit',
      );
      lat.push(performance.now() - t0);
      n++;
    }
  };
  const t0 = Date.now();
  const { self, postgres } = await withCpu([], () => Promise.all(Array.from({ length: concurrency }, worker)));
  const elapsed = (Date.now() - t0) / 1000;
  lat.sort((x, y) => x - y);
  return { rps: n / elapsed, p50: lat[Math.floor(lat.length * 0.5)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0, n, cpu: { client: (self * 1e6) / n, postgres: (postgres * 1e6) / n } };
}

async function startServers(env: Record<string, string>, count: number, basePort: number): Promise<{ ports: number[]; procs: ChildProcess[] }> {
  const procs: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const port = basePort + i;
    const p = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), '--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKERS: 'false', DEMO_POPULATION: '1000', PKI_KEYSTORE_ITERATIONS: '1000' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    procs.push(p);
    ports.push(port);
    for (let t = 0; t < 200; t++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (r.ok) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { ports, procs };
}

/** Sign in the bench users and pre-sign `count` distinct requests (the load generator then only sends). */
async function prepareHttp(port: number, count: number, keystores: Keystore[]) {
  const base = `http://127.0.0.1:${port}`;
  const tokens = await Promise.all(
    BENCH_USERS.map(async (c) => {
      const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: c.iin, password: c.password }) });
      return ((await r.json()) as { token: string }).token;
    }),
  );
  const svc = (await (await fetch(`${base}/api/v1/services/archival-reference`)).json()) as { form: { example: Record<string, unknown> } };
  // Portal applications are signed (issue 4): every request carries its own CMS over its own bytes
  // (the Idempotency-Key is part of them), made before the run so the load generator only sends.
  const prefix = randomBytes(4).toString('hex');
  const signed: Array<{ token: string; key: string; body: string }> = [];
  for (let k = 0; k < count; k++) {
    const u = k % BENCH_USERS.length;
    const key = `${prefix}-${k}`;
    // On the portal the applicant named in the form is the signer.
    const draft = { serviceCode: 'archival-reference', channel: 'portal', form: { ...svc.form.example, applicantIin: BENCH_USERS[u]!.iin } };
    const cms = await signWithKeystore(signingPayload({ ...draft, region: null, applicantIin: BENCH_USERS[u]!.iin, idempotencyKey: key }), keystores[u]!, { detached: true });
    signed.push({ token: tokens[u]!, key, body: JSON.stringify({ ...draft, signature: { method: 'eds', cms: Buffer.from(cms).toString('base64') } }) });
  }
  return { base, signed };
}

type Prepared = Awaited<ReturnType<typeof prepareHttp>>;
/** Requests of the prepared set handed out so far (each Idempotency-Key is sent once). */
const sent = new WeakMap<Prepared, { i: number }>();

/** One HTTP round of `seconds` (or an uncounted warm-up). */
async function httpRound(p: Prepared, seconds: number, connections: number, serverPids: number[] = []) {
  const { base, signed } = p;
  const cursor = sent.get(p) ?? { i: 0 };
  sent.set(p, cursor);
  const run = (duration: number) => autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/applications',
        setupRequest: (req) => {
          const b = signed[cursor.i++ % signed.length]!;
          return { ...req, body: b.body, headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}`, 'idempotency-key': b.key } };
        },
      },
    ],
  });
  const { r: result, self, others, postgres } = await withCpu(serverPids, () => run(seconds));
  const non2xx = result.non2xx + result.errors + result.timeouts;
  const per = (x: number) => (x * 1e6) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx, cpu: { server: per(others), postgres: per(postgres), loadgen: per(self) } };
}

/** CPU seconds (user + system) used so far by processes: by pid, or all whose command is `name`. */
function cpuSeconds(pids: number[]): number {
  const tick = 100; // USER_HZ
  let t = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      t += (Number(rest[11]) + (process.env.BENCH_CPU === 'user' ? 0 : Number(rest[12])) - (process.env.BENCH_CPU === 'sys' ? Number(rest[11]) : 0)) / tick;
    } catch {}
  }
  return t;
}
const pidsOf = (name: string) =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
/** CPU used during `fn` by this process, the given pids and the PostgreSQL server processes. */
async function withCpu<T>(pids: number[], fn: () => Promise<T>): Promise<{ r: T; self: number; others: number; postgres: number }> {
  const s0 = process.cpuUsage();
  const o0 = cpuSeconds(pids);
  const pg0 = cpuSeconds(pidsOf('postgres'));
  const r = await fn();
  const s1 = process.cpuUsage(s0);
  return { r, self: (s1.user + s1.system) / 1e6, others: cpuSeconds(pids) - o0, postgres: cpuSeconds(pidsOf('postgres')) - pg0 };
}

const fmt = (x: number) => x.toFixed(0).padStart(6);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[], f = (x: number) => x.toFixed(0)) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
type HttpResult = Awaited<ReturnType<typeof httpRound>>;
type FloorResult = Awaited<ReturnType<typeof floorRound>>;

for (const engine of ENGINES) {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let dbOpts: { databaseUrl: string | null; dataDir: string | null };
  if (engine === 'postgres') {
    const name = `qyzmet_bench_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: ADMIN });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(ADMIN);
    u.pathname = `/${name}`;
    dbOpts = { databaseUrl: u.toString(), dataDir: null };
    env = { DATABASE_URL: u.toString(), DB_POOL_SIZE: String(Math.max(10, Math.ceil(CONNECTIONS / PROCESSES))) };
    cleanup = async () => {
      const c2 = new pg.Client({ connectionString: ADMIN });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c2.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'qyzmet-bench-'));
    dbOpts = { databaseUrl: null, dataDir: dir };
    env = { DATA_DIR: dir, DATABASE_URL: '' };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const concurrency = engine === 'postgres' ? CONNECTIONS : 1;
  const floors: FloorResult[] = [];
  const https: HttpResult[] = [];
  const fl = await openFloor(dbOpts, concurrency);
  await floorRound(fl, Math.min(2, SECONDS), concurrency); // warm-up
  if (engine !== 'postgres') {
    // PGlite: one process owns the data directory — all floor rounds first.
    for (let r = 0; r < ROUNDS; r++) floors.push(await floorRound(fl, SECONDS, concurrency));
    await fl.db.close();
  }
  const procs = engine === 'postgres' ? PROCESSES : 1;
  const { ports, procs: children } = await startServers(env, procs, 3900 + Math.floor(Math.random() * 50) * 4);
  try {
    const perServer = Math.ceil((ROUNDS * SECONDS + WARMUP) * 1800 / ports.length);
    const prepared = await Promise.all(ports.map((p) => prepareHttp(p, perServer, fl.keystores)));
    const round = async (seconds: number): Promise<HttpResult> => {
      const parts = await Promise.all(prepared.map((p, k) => httpRound(p, seconds, Math.ceil(CONNECTIONS / ports.length), [children[k]?.pid as number])));
      if (parts.length === 1) return parts[0]!;
      return {
        rps: parts.reduce((a, b) => a + b.rps, 0),
        p50: Math.max(...parts.map((p) => p.p50)),
        p99: Math.max(...parts.map((p) => p.p99)),
        total: parts.reduce((a, b) => a + b.total, 0),
        non2xx: parts.reduce((a, b) => a + b.non2xx, 0),
        cpu: { server: parts.reduce((a, b) => a + b.cpu.server, 0) / parts.length, postgres: parts[0]!.cpu.postgres, loadgen: parts.reduce((a, b) => a + b.cpu.loadgen, 0) / parts.length },
      };
    };
    // Warm-up (not counted): the JIT, the connection pool, the certificate and revocation caches,
    // as in a server that has been up for a while.
    await round(WARMUP);
    for (let r = 0; r < ROUNDS; r++) {
      if (engine === 'postgres') floors.push(await floorRound(fl, SECONDS, concurrency));
      https.push(await round(SECONDS));
    }
  } finally {
    if (engine === 'postgres') await fl.db.close();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await cleanup();
  }
  const ratios = https.map((h, k) => (h.rps / (floors[k]?.rps ?? Number.NaN)) * 100);
  const pct = (x: number) => `${x.toFixed(1)} %`;
  console.log(`\n${engine} (${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, ${procs} server process(es))`);
  console.log(`  raw SQL floor  ${spread(floors.map((f) => f.rps))} rows/s   p50 ${median(floors.map((f) => f.p50)).toFixed(1)} ms  p99 ${median(floors.map((f) => f.p99)).toFixed(1)} ms`);
  console.log(`  HTTP submit    ${spread(https.map((h) => h.rps))} req/s    p50 ${median(https.map((h) => h.p50))} ms  p99 ${median(https.map((h) => h.p99))} ms   (${https.reduce((a, h) => a + h.total, 0)} requests, ${https.reduce((a, h) => a + h.non2xx, 0)} not 2xx)`);
  if (engine === 'postgres') {
    console.log(`  CPU per row, floor: driver ${fmt(median(floors.map((f) => f.cpu.client)))} µs, postgres ${fmt(median(floors.map((f) => f.cpu.postgres)))} µs`);
    console.log(`  CPU per request, HTTP: server ${fmt(median(https.map((h) => h.cpu.server)))} µs, postgres ${fmt(median(https.map((h) => h.cpu.postgres)))} µs, load generator ${fmt(median(https.map((h) => h.cpu.loadgen)))} µs`);
    console.log(`  ratio HTTP / floor, per round: ${spread(ratios, pct)}`);
  } else {
    console.log(`  ratio HTTP / floor (medians): ${pct((median(https.map((h) => h.rps)) / median(floors.map((f) => f.rps))) * 100)}`);
  }
}
