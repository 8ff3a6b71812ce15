/**
 * bench/address-reference — the address reference (S4) end to end over HTTP on PostgreSQL:
 * a signed portal application (CMS verified: chain, validity, revocation cached, IIN), consent
 * recorded, three gateway reads (civil registry relationship or none for "self", person, address
 * history) with their call-log rows, and one transaction writing the application, its history and
 * the result document. Same-run baseline: signed submissions of a service that only files the
 * application (the archival reference), so the ratio shows what the registry reads cost.
 *
 *   npx tsx bench/address-reference.ts [--seconds 10] [--connections 32] [--users 100]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../src/accounts/password.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { loadPkcs12 } from '../src/pki/pkcs12.ts';
import { signWithKeystore } from '../src/pki/sign.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '10'));
const CONNECTIONS = Number(arg('connections', '32'));
const USERS = Number(arg('users', '100'));
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'bench-password-1';

const name = `qyzmet_bench_ar_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN);
url.pathname = `/${name}`;
const port = 3950 + Math.floor(Math.random() * 40);
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess | null = null;

try {
  server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WORKERS: 'false', DEMO: 'true', DEMO_POPULATION: '10000', PKI_KEYSTORE_ITERATIONS: '1000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  // Citizens from the synthetic population (adults with a current registration) get portal accounts.
  const people = (
    await db.query<{ iin: string; surname: string; given_name: string }>(
      `SELECT p.iin, p.surname, p.given_name FROM gbdfl_persons p
        WHERE p.death_date IS NULL AND p.birth_date < '2005-01-01' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.iin = p.iin)
          AND EXISTS (SELECT 1 FROM gbdfl_registrations r WHERE r.iin = p.iin AND r.registered_to IS NULL)
        ORDER BY p.iin LIMIT $1`,
      [USERS],
    )
  ).rows;
  const json = (r: Response) => r.json() as Promise<Record<string, unknown>>;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const accounts = (await json(await fetch(`${base}/api/v1/demo/accounts`))) as unknown as Array<{ role: string; iin: string; password: string }>;
  const adm = accounts.find((a) => a.role === 'admin')!;
  const adminToken = (await json(await post('/api/v1/auth/login', { iin: adm.iin, password: adm.password }))).token as string;

  // Their SIGN certificates first, while they have no account yet (for a person with an account the
  // admin's issuance waits for that person's SMS code: src/pki/issuance.ts); then their accounts.
  const keystores = await Promise.all(
    people.map(async (p) => {
      const issued = await json(await post('/api/v1/admin/pki/certificates', { iin: p.iin, name: `${p.surname} ${p.given_name}`, usage: 'sign', algorithm: 'ecdsa', password: PASSWORD, reason: 'bench' }, { authorization: `Bearer ${adminToken}` }));
      return loadPkcs12(Buffer.from(issued.pkcs12 as string, 'base64'), PASSWORD);
    }),
  );
  const hash = await hashPassword(PASSWORD);
  for (const p of people)
    await db.query(`INSERT INTO users (id, iin, surname, given_name, password_hash, roles) VALUES ($1,$2,$3,$4,$5,'{citizen}')`, [uuid7(), p.iin, p.surname, p.given_name, hash]);
  await db.end();

  const users = await Promise.all(
    people.map(async (p, i) => {
      const token = (await json(await post('/api/v1/auth/login', { iin: p.iin, password: PASSWORD }))).token as string;
      return { iin: p.iin, token, keystore: keystores[i]! };
    }),
  );
  const archivalExample = ((await json(await fetch(`${base}/api/v1/services/archival-reference`))).form as { example: Record<string, unknown> }).example;

  async function bodies(serviceCode: string, form: Record<string, unknown>, count: number) {
    const out: Array<{ token: string; key: string; body: string }> = [];
    const prefix = randomBytes(4).toString('hex');
    for (let i = 0; i < count; i++) {
      const u = users[i % users.length]!;
      const key = `${prefix}-${i}`;
      // On the portal the applicant named in the form is the signer (bindsTo: signer-iin).
      const draft = { serviceCode, channel: 'portal', form: 'applicantIin' in form ? { ...form, applicantIin: u.iin } : form };
      const cms = await signWithKeystore(signingPayload({ ...draft, region: null, applicantIin: u.iin, idempotencyKey: key }), u.keystore, { detached: true });
      out.push({ token: u.token, key, body: JSON.stringify({ ...draft, signature: { method: 'eds', cms: Buffer.from(cms).toString('base64') } }) });
    }
    return out;
  }

  const cursors = new WeakMap<object, { i: number }>();
  async function run(label: string, list: Array<{ token: string; key: string; body: string }>, seconds = SECONDS) {
    const cursor = cursors.get(list) ?? { i: 0 };
    cursors.set(list, cursor);
    const statuses = new Map<string, number>();
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/applications',
          setupRequest: (req) => {
            const b = list[cursor.i++ % list.length]!;
            return { ...req, body: b.body, headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}`, 'idempotency-key': b.key } };
          },
          onResponse: (status: number, body: string) => {
            const s = status === 201 ? String((JSON.parse(body) as { status: string }).status) : String(status);
            statuses.set(s, (statuses.get(s) ?? 0) + 1);
          },
        },
      ],
    });
    console.log(`  ${label.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms   ${JSON.stringify(Object.fromEntries(statuses))}`);
    if (cursor.i > list.length) console.log(`  (note: ${cursor.i - list.length} requests replayed an already used key: generate more bodies)`);
    return r.requests.average;
  }

  const WARMUP = 3;
  const need = Math.ceil((SECONDS + WARMUP) * 1600);
  console.log(`\nPostgreSQL, ${SECONDS}s, ${CONNECTIONS} connections, 1 server process, ${users.length} citizens; signing ${need} bodies per scenario…`);
  const ar = await bodies('address-reference', { subject: 'self', purpose: 'bench' }, need);
  const arch = await bodies('archival-reference', archivalExample, need);
  // Warm-up (not counted): JIT, pools, certificate and revocation caches.
  await run('(warm-up, archival)', arch, WARMUP);
  await run('(warm-up, address reference)', ar, WARMUP);
  const base1 = await run('baseline: signed archival filing', arch);
  const s4 = await run('address reference end to end', ar);
  console.log(`  ratio address reference / baseline: ${((s4 / base1) * 100).toFixed(1)} %`);
} finally {
  server?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 800));
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
