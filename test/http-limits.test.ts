/**
 * Issue 8 item 6: slow clients cannot hold the server. Raw sockets (node:net) against a listening
 * server with small limits: a body that never finishes, headers that never finish, a stalled body,
 * idle kept-alive connections, connections that never send a byte, and the per-process cap.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits, loadHttpLimits } from '../src/http/limits.ts';
import { makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
const servers: FastifyInstance[] = [];
const sockets: Socket[] = [];

before(async () => {
  ctx = await makeTestContext();
});
after(async () => {
  for (const s of sockets) s.destroy();
  for (const s of servers) await s.close();
  await ctx.close();
});

async function serve(limits: Partial<HttpLimits>): Promise<number> {
  const app = await buildApp({ ...ctx, config: { ...ctx.config, http: { ...DEFAULT_HTTP_LIMITS, ...limits } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  servers.push(app);
  return (app.server.address() as import('node:net').AddressInfo).port;
}

interface Conn {
  socket: Socket;
  /** Everything the server sent. */
  data: () => string;
  /** Resolves with ms since the connection opened when the server closes it. */
  closed: Promise<number>;
  isClosed: () => boolean;
}

function open(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let buf = '';
    let done = false;
    const closed = new Promise<number>((ok) => socket.on('close', () => ok(Date.now() - t0)));
    void closed.then(() => (done = true));
    socket.on('data', (d) => (buf += d.toString()));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, data: () => buf, closed, isClosed: () => done }));
    socket.once('error', reject);
  });
}

/** Writes one byte every `everyMs` until the socket closes (a slow client that never finishes). */
function drip(c: Conn, everyMs: number, byte = ' ') {
  const t = setInterval(() => {
    if (c.isClosed() || c.socket.destroyed) clearInterval(t);
    else c.socket.write(byte);
  }, everyMs);
  void c.closed.then(() => clearInterval(t));
}

const within = async (c: Conn, ms: number, what: string) => {
  const timer = new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what}: still open after ${ms} ms`)), ms).unref());
  return Promise.race([c.closed, timer]);
};
const status = (raw: string) => Number(raw.split(' ')[1]);
const body = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('timeouts', () => {
  let port = 0;
  before(async () => {
    port = await serve({ headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 3000, keepAliveTimeoutMs: 300 });
  });

  test('a request whose body never finishes is answered 408 and closed within the request timeout', async () => {
    const c = await open(port);
    c.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"iin":"');
    drip(c, 100, '1'); // keeps the socket busy: only the whole-request deadline can end it
    const ms = await within(c, 2500, 'never-ending body');
    assert.ok(ms >= 700, `closed after ${ms} ms, before the deadline`);
    assert.equal(status(c.data()), 408, c.data());
    assert.equal(body(c.data()).code, 'REQUEST_TIMEOUT');
  });

  test('headers that never finish are answered 408 and closed within the headers timeout', async () => {
    const c = await open(port);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    drip(c, 50, 'a');
    const ms = await within(c, 1500, 'never-ending headers');
    assert.ok(ms >= 350 && ms < 1500, `closed after ${ms} ms`);
    assert.equal(status(c.data()), 408, c.data());
  });

  test('connections that never send a byte are closed (many at once)', async () => {
    const conns = await Promise.all(Array.from({ length: 30 }, () => open(port)));
    const times = await Promise.all(conns.map((c) => within(c, 2000, 'silent connection')));
    assert.ok(Math.max(...times) < 2000, `all closed (slowest ${Math.max(...times)} ms)`);
  });

  test('an idle kept-alive connection is closed after the keep-alive timeout, and serves requests until then', async () => {
    const c = await open(port);
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(150);
    assert.equal(status(c.data()), 200, c.data());
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(150);
    assert.equal(c.data().split('HTTP/1.1 200').length - 1, 2, 'two answers on one connection');
    assert.equal(c.isClosed(), false);
    const ms = await within(c, 2000, 'idle keep-alive');
    assert.ok(ms >= 300 + 300, `closed ${ms} ms after opening`);
  });

  test('a body that stalls is closed after the idle timeout', async () => {
    const p = await serve({ headersTimeoutMs: 5000, requestTimeoutMs: 10_000, idleTimeoutMs: 400 });
    const c = await open(p);
    c.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"iin":');
    const ms = await within(c, 2000, 'stalled body');
    assert.ok(ms >= 350, `closed after ${ms} ms`);
  });
});

describe('connection cap', () => {
  test('beyond the cap a new connection is closed at once; a freed slot serves again', async () => {
    const cap = 5;
    const port = await serve({ maxConnections: cap, headersTimeoutMs: 8000, requestTimeoutMs: 8000, keepAliveTimeoutMs: 8000, idleTimeoutMs: 8000 });
    const held = [];
    for (let i = 0; i < cap; i++) held.push(await open(port));
    await sleep(100);
    const extra = await Promise.all(Array.from({ length: 3 }, () => open(port)));
    for (const c of extra) {
      c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await within(c, 1000, 'a connection over the cap');
      assert.equal(c.data(), '', 'refused before any answer');
    }
    assert.ok(held.every((c) => !c.isClosed()), 'the connections under the cap stay');
    held[0]!.socket.destroy();
    await sleep(100);
    const again = await open(port);
    again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await within(again, 1000, 'a connection in the freed slot');
    assert.equal(status(again.data()), 200, again.data());
  });
});

describe('configuration', () => {
  test('defaults, environment variables, and a bad value stops the start', () => {
    assert.deepEqual(loadConfig({}).http, DEFAULT_HTTP_LIMITS);
    const l = loadHttpLimits({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '4000', HTTP_IDLE_TIMEOUT_MS: '9000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000', HTTP_MAX_CONNECTIONS: '50', HTTP_BODY_LIMIT_BYTES: '2048', HTTP_UPLOAD_LIMIT_BYTES: '65536' });
    assert.deepEqual(l, { headersTimeoutMs: 2000, requestTimeoutMs: 4000, idleTimeoutMs: 9000, keepAliveTimeoutMs: 1000, maxConnections: 50, bodyLimitBytes: 2048, uploadLimitBytes: 65536 });
    // Headers are part of the request: their deadline is never later.
    assert.equal(loadHttpLimits({ HTTP_HEADERS_TIMEOUT_MS: '9000', HTTP_REQUEST_TIMEOUT_MS: '3000' }).headersTimeoutMs, 3000);
    for (const bad of ['0', '-1', '1.5', 'ten']) assert.throws(() => loadHttpLimits({ HTTP_MAX_CONNECTIONS: bad }), /HTTP_MAX_CONNECTIONS/);
  });

  test('the body limit is the configured one', async () => {
    const app = await buildApp({ ...ctx, config: { ...ctx.config, http: { ...DEFAULT_HTTP_LIMITS, bodyLimitBytes: 200 } } });
    servers.push(app);
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: '1'.repeat(12), password: 'x'.repeat(300) } });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().code, 'BODY_TOO_LARGE');
  });
});
