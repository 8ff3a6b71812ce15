/**
 * Issue 8 item 16, the server parts:
 * (a) a 503 or 429 says in Retry-After how long is really left (the open circuit's cool-down);
 * (b) the client's x-request-id is taken only in a safe form, otherwise ours is used; both logged;
 * (c) trustProxy is configurable (TRUST_PROXY) and off by default;
 * (d) demo mode listens on 127.0.0.1 unless HOST is set, and says so at start-up;
 * (e) two instances started together on one fresh PostgreSQL database both come up (seeding under
 *     the migration lock); needs TEST_DATABASE_URL, skipped otherwise;
 * (f) the demo SMS endpoint accepts `+`, `%2B` and a space-prefixed number.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { DEMO_ACCOUNTS, eagerDemoKeystores } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { makeTestContext } from './helpers/context.ts';

const ROOT = resolve(import.meta.dirname, '..');
let ctx: Awaited<ReturnType<typeof makeTestContext>>;
const apps: FastifyInstance[] = [];

before(async () => {
  ctx = await makeTestContext();
});
after(async () => {
  for (const a of apps) await a.close();
  await ctx.close();
});

async function appWith(config: Partial<typeof ctx.config> = {}, logger?: object) {
  const app = await buildApp({ ...ctx, config: { ...ctx.config, ...config } }, logger ? { logger } : {});
  apps.push(app);
  return app;
}

describe('(a) Retry-After tells the real time left', () => {
  test('the open circuit: Retry-After counts down from the cool-down, not a fixed 5', async () => {
    const app = await appWith();
    app.get('/t/entity', async () => ctx.gateway.send('legal-entities', 'getEntity', { bin: '000000000000' }, { sender: 'test', purpose: 'test' }));
    ctx.gateway.configure('legal-entities', { retries: 0, breaker: { failureThreshold: 1, cooldownMs: 12_000, halfOpenMaxCalls: 1 } });
    ctx.gateway.faults.set('legal-entities', { errorRate: 1 });
    try {
      // The failure that opens the circuit already knows how long it stays open.
      const secs = (r: { headers: Record<string, unknown> }) => Number(r.headers['retry-after']);
      const first = await app.inject({ url: '/t/entity' });
      assert.equal(first.statusCode, 503, first.body);
      assert.equal(first.json().code, 'GATEWAY_ERROR');
      assert.equal(secs(first), 12);
      const open = await app.inject({ url: '/t/entity' });
      assert.equal(open.statusCode, 503);
      assert.equal(open.json().code, 'GATEWAY_UNAVAILABLE');
      assert.equal(secs(open), Math.ceil(open.json().details.retryAfterMs / 1000));
      assert.ok(secs(open) >= 11 && secs(open) <= 12, `${secs(open)}`);
      await new Promise((r) => setTimeout(r, 2100));
      const later = await app.inject({ url: '/t/entity' });
      assert.equal(secs(later), Math.ceil(later.json().details.retryAfterMs / 1000));
      assert.ok(secs(later) <= secs(open) - 2 && secs(later) >= 8, `it counts down: ${secs(open)} → ${secs(later)}`);
    } finally {
      ctx.gateway.faults.clear('legal-entities');
      ctx.gateway.breaker('legal-entities').reset();
    }
  });

  test('a 503 without a known time still says a few seconds; the readiness 503 too', async () => {
    const app = await appWith();
    app.get('/t/timeout', async () => {
      const { GatewayError } = await import('../src/gateway/errors.ts');
      throw new GatewayError('GATEWAY_TIMEOUT', { systemId: 'x', serviceId: 'y', correlationId: 'z' });
    });
    const r = await app.inject({ url: '/t/timeout' });
    assert.equal(r.statusCode, 503);
    assert.equal(r.headers['retry-after'], '5');
  });
});

describe('(b) x-request-id', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
        done();
      },
    });
    return { lines, logger: { level: 'info', stream } };
  }

  test('a safe client id is kept end to end; an unsafe one is replaced by ours, and both are logged', async () => {
    const log = capture();
    const app = await appWith({}, log.logger);
    app.get('/t/boom', async () => {
      throw new Error('boom');
    });
    const safe = await app.inject({ url: '/t/boom', headers: { 'x-request-id': 'lb-1234.abc:Z_9' } });
    assert.equal(safe.statusCode, 500);
    assert.equal(safe.headers['x-request-id'], 'lb-1234.abc:Z_9');
    assert.equal(safe.json().details.correlationId, 'lb-1234.abc:Z_9');

    for (const bad of ['<script>alert(1)</script>', 'a'.repeat(65), 'x y', '', 'тест', '../../etc/passwd', '${jndi:ldap://x}']) {
      const r = await app.inject({ url: '/t/boom', headers: { 'x-request-id': bad } });
      assert.equal(r.statusCode, 500);
      const id = r.json().details.correlationId as string;
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, `ours, not ${JSON.stringify(bad)}`);
      assert.equal(r.headers['x-request-id'], id);
      if (bad) {
        // Both ids in the log: ours on every line, the client's next to it.
        const line = log.lines.find((l) => l.reqId === id && l.clientRequestId !== undefined);
        assert.ok(line, `a log line with both ids for ${JSON.stringify(bad)}`);
        assert.equal(line.clientRequestId, bad.slice(0, 200));
      }
    }
    const none = await app.inject({ url: '/t/boom' });
    assert.match(none.json().details.correlationId, /^[0-9a-f-]{36}$/);
  });
});

describe('(c) trustProxy', () => {
  async function ipOf(trustProxy: string | undefined, xff: string) {
    const cfg = loadConfig(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
    const app = await appWith({ trustProxy: cfg.trustProxy });
    app.get('/t/ip', async (req) => ({ ip: req.ip, protocol: req.protocol }));
    const r = await app.inject({ url: '/t/ip', headers: { 'x-forwarded-for': xff, 'x-forwarded-proto': 'https' }, remoteAddress: '10.0.0.5' });
    return r.json() as { ip: string; protocol: string };
  }

  test('off by default: X-Forwarded-For from any client is ignored', async () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.deepEqual(await ipOf(undefined, '1.2.3.4'), { ip: '10.0.0.5', protocol: 'http' });
    assert.deepEqual(await ipOf('false', '1.2.3.4'), { ip: '10.0.0.5', protocol: 'http' });
  });

  test('true, a hop count, or a list of proxy addresses', async () => {
    assert.equal((await ipOf('true', '1.2.3.4')).ip, '1.2.3.4');
    assert.equal((await ipOf('1', '9.9.9.9, 1.2.3.4')).ip, '1.2.3.4');
    assert.equal((await ipOf('10.0.0.5', '1.2.3.4')).ip, '1.2.3.4');
    assert.equal((await ipOf('10.0.0.0/8, 192.168.1.1', '1.2.3.4')).ip, '1.2.3.4');
    // A proxy that is not ours: its header is not believed.
    assert.equal((await ipOf('192.168.1.1', '1.2.3.4')).ip, '10.0.0.5');
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8,192.168.1.1' }).trustProxy, ['10.0.0.0/8', '192.168.1.1']);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  });

  test('a value that is none of these stops the start', () => {
    for (const bad of ['yes please', '1.2.3', '10.0.0.0/99', '-1']) assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY/);
  });
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

const canConnect = (host: string, port: number) =>
  new Promise<boolean>((ok) => {
    const s = connect(port, host);
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });

/** Starts src/main.ts; resolves when it logs that it is running (or fails with its output). */
function startServer(env: NodeJS.ProcessEnv, timeoutMs = 240_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const running = new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`not running within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.includes('Qyzmet is running'));
      if (line) {
        clearTimeout(timer);
        ok(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited with code ${code}:\n${out}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return { child, running, stop, output: () => out };
}

describe('(d) demo mode listens on loopback only unless HOST is set', () => {
  test('configuration: demo → 127.0.0.1; HOST wins; production → all interfaces', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ DEMO: 'true' }).host, '127.0.0.1');
    assert.equal(loadConfig({ DEMO: 'true', HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ DEMO: 'false' }).host, '0.0.0.0');
    assert.equal(loadConfig({ DEMO: 'false', HOST: '10.1.2.3' }).host, '10.1.2.3');
  });

  test('npm start defaults: reachable on 127.0.0.1, not on the machine’s other addresses, and the start-up line says so', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'qyzmet-host-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO: 'true', DEMO_POPULATION: '50', WORKERS: 'false', LOG_LEVEL: 'info', PKI_KEYSTORE_ITERATIONS: '2048' };
    delete env.HOST;
    delete env.DATABASE_URL;
    const s = startServer(env);
    try {
      const line = await s.running;
      const log = JSON.parse(line);
      assert.equal(log.host, '127.0.0.1');
      assert.match(log.msg, /127\.0\.0\.1/);
      assert.match(log.msg, /demo/i);
      assert.match(log.msg, /HOST/);
      assert.equal(await canConnect('127.0.0.1', port), true);
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && i.family === 'IPv4' && !i.internal)
        .map((i) => i!.address);
      for (const addr of others) assert.equal(await canConnect(addr, port), false, `not reachable on ${addr}`);
    } finally {
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('(e) two instances started together on one fresh database', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL (PGlite cannot be shared across processes)' }, () => {
  test('both come up; demo data seeded once', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    for (let round = 0; round < 2; round++) {
      const schema = `t_boot_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const servers = [];
      try {
        for (let i = 0; i < 2; i++) {
          const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: u.toString(), DEMO: 'true', DEMO_POPULATION: '300', WORKERS: 'false', LOG_LEVEL: 'info', PKI_KEYSTORE_ITERATIONS: '2048' };
          servers.push(startServer(env));
        }
        const lines = await Promise.allSettled(servers.map((s) => s.running));
        for (const [i, l] of lines.entries()) assert.equal(l.status, 'fulfilled', `instance ${i + 1}: ${l.status === 'rejected' ? String(l.reason) : ''}`);
        const users = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.users`);
        assert.equal(users.rows[0].n, DEMO_ACCOUNTS.length);
        const keys = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.demo_keystores`);
        assert.equal(keys.rows[0].n, eagerDemoKeystores(), 'the keystores issued at seeding (the others on first download)');
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    }
  });
});

describe('(f) demo SMS link', () => {
  test('+7…, %2B7… and " 7…" (a + decoded as a space) all read the same phone', async () => {
    const app = await appWith();
    const phone = DEMO_ACCOUNTS[0]!.phone;
    const digits = phone.slice(1);
    const plain = await app.inject({ url: `/api/v1/demo/sms?phone=%2B${digits}` });
    assert.equal(plain.statusCode, 200, plain.body);
    for (const q of [`+${digits}`, `%20${digits}`, `${encodeURIComponent(phone)}`]) {
      const r = await app.inject({ url: `/api/v1/demo/sms?phone=${q}` });
      assert.equal(r.statusCode, 200, `${q}: ${r.body}`);
      assert.deepEqual(r.json(), plain.json());
    }
    for (const q of ['7701', `++${digits}`, `${digits}x`, `+8${digits.slice(1)}`]) {
      const r = await app.inject({ url: `/api/v1/demo/sms?phone=${q}` });
      assert.ok(r.statusCode === 422 || r.statusCode === 404, `${q}: ${r.statusCode}`);
    }
  });
});
