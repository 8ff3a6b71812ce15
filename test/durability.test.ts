/**
 * An acknowledged write survives kill -9: start the real server process, submit,
 * SIGKILL it the moment the 201 arrives, start it again on the same data, and the
 * application is there — and for an address reference (decided at once on registry reads)
 * so is the access record of every read it used ("who accessed my data").
 * Embedded PGlite by default; PostgreSQL with --pg.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openPostgres } from '../src/db/db.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { randomBytes } from 'node:crypto';

const dataDir = mkdtempSync(join(tmpdir(), 'qyzmet-durability-'));
let schemaUrl: string | null = null;
let schema: string | null = null;

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

async function start(port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'true', DEMO_POPULATION: '300', WORKERS: 'false', LOG_LEVEL: 'warn' };
  if (schemaUrl) env.DATABASE_URL = schemaUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 900; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become ready');
}

after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (schema && process.env.TEST_DATABASE_URL) {
    const a = await openPostgres(process.env.TEST_DATABASE_URL, 1);
    await a.exec(`DROP SCHEMA ${schema} CASCADE`);
    await a.close();
  }
});

test('acknowledged submissions survive kill -9 of the server', async () => {
  if (process.env.TEST_DATABASE_URL) {
    schema = `t_${randomBytes(5).toString('hex')}`;
    const a = await openPostgres(process.env.TEST_DATABASE_URL, 1);
    await a.exec(`CREATE SCHEMA ${schema}`);
    await a.close();
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.searchParams.set('options', `-c search_path=${schema}`);
    schemaUrl = u.toString();
  }
  const port = await freePort();
  let server = await start(port);
  const base = `http://127.0.0.1:${port}`;
  const accounts = (await (await fetch(`${base}/api/v1/demo/accounts`)).json()) as Array<{ role: string; iin: string; password: string }>;
  const c = accounts.find((a) => a.role === 'citizen')!;
  const login = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: c.iin, password: c.password }) })).json()) as { token: string };
  const svc = (await (await fetch(`${base}/api/v1/services/archival-reference`)).json()) as { form: { example: Record<string, unknown> } };
  const p12 = new Uint8Array(await (await fetch(`${base}/api/v1/demo/keystores/${c.iin}/sign`)).arrayBuffer());
  const draft = { serviceCode: 'archival-reference', channel: 'portal', form: svc.form.example };
  const bodies = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const k = `durable-${i}`;
      const cms = await signCms(signingPayload({ ...draft, region: null, applicantIin: c.iin, idempotencyKey: k }), p12, c.password, { detached: true });
      return [k, JSON.stringify({ ...draft, signature: { method: 'eds', cms: Buffer.from(cms).toString('base64') } })] as const;
    }),
  );
  // Address references too: each decided at once on two reads of the persons DB.
  const refs = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => {
      const k = `durable-ar-${i}`;
      const d = { serviceCode: 'address-reference', channel: 'portal', form: { subject: 'self', purpose: 'work' } };
      const cms = await signCms(signingPayload({ ...d, region: null, applicantIin: c.iin, idempotencyKey: k }), p12, c.password, { detached: true });
      return [k, JSON.stringify({ ...d, signature: { method: 'eds', cms: Buffer.from(cms).toString('base64') } })] as const;
    }),
  );
  const numbers: string[] = [];
  const refNumbers: string[] = [];
  // Several submissions in flight; kill the process as soon as the last one is acknowledged.
  const posts = bodies.map(([k, body]) =>
    fetch(`${base}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}`, 'idempotency-key': k },
      body,
    }).then(async (r) => {
      assert.equal(r.status, 201);
      numbers.push(((await r.json()) as { number: string }).number);
    }),
  );
  const refPosts = refs.map(([k, body]) =>
    fetch(`${base}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}`, 'idempotency-key': k },
      body,
    }).then(async (r) => {
      const j = (await r.json()) as { number: string; status: string };
      assert.equal(r.status, 201, JSON.stringify(j));
      assert.equal(j.status, 'result-ready');
      refNumbers.push(j.number);
    }),
  );
  await Promise.all([...posts, ...refPosts]);
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));

  server = await start(port);
  try {
    const relog = (await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: c.iin, password: c.password }) })).json()) as { token: string };
    const list = (await (await fetch(`${base}/api/v1/applications?limit=100`, { headers: { authorization: `Bearer ${relog.token}` } })).json()) as { items: Array<{ number: string }> };
    const stored = new Set(list.items.map((x) => x.number));
    for (const n of numbers) assert.ok(stored.has(n), `application ${n} was acknowledged but lost`);
    assert.equal(numbers.length, 20);
    // Every acknowledged address reference has the access records of its reads.
    const access = (await (await fetch(`${base}/api/v1/me/data-access?limit=200`, { headers: { authorization: `Bearer ${relog.token}` } })).json()) as {
      items: Array<{ service: string; application: { number: string } | null }>;
    };
    for (const n of refNumbers) {
      const reads = access.items.filter((x) => x.application?.number === n).map((x) => x.service).sort();
      assert.deepEqual(reads, ['getAddressHistory', 'getPerson'], `address reference ${n} was acknowledged but its reads are not in the access log`);
    }
    assert.equal(refNumbers.length, 12);
  } finally {
    server.kill('SIGKILL');
  }
});
