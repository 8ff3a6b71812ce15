/** No request of any shape yields a 5xx (property tests with generated inputs). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
let token = '';

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  const c = DEMO_ACCOUNTS[0]!;
  token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: c.iin, password: c.password } })).json().token;
});
after(async () => {
  await app.close();
  await ctx.close();
});

const anyJson = fc.jsonValue({ maxDepth: 4 });
const codes = fc.constantFrom('archival-reference', 'address-reference', 'birth-registration', 'marriage-registration', 'nope', '', '../x', 'ä');

function assertNo5xx(r: { statusCode: number; body: string }, what: unknown) {
  assert.ok(r.statusCode < 500, `${r.statusCode} for ${JSON.stringify(what).slice(0, 300)}: ${r.body.slice(0, 300)}`);
  if (r.statusCode >= 400) {
    const e = JSON.parse(r.body);
    assert.equal(typeof e.code, 'string');
    assert.ok(e.message?.kk && e.message?.ru && e.message?.en);
  }
}

test('POST /api/v1/applications with arbitrary bodies', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        anyJson,
        fc.record({ serviceCode: codes, channel: fc.constantFrom('portal', 'centre', 'provider', 'x'), form: fc.dictionary(fc.string(), anyJson) }, { requiredKeys: [] }),
      ),
      fc.option(fc.string({ maxLength: 300 })),
      async (body, k) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        if (k !== null) headers['idempotency-key'] = k;
        const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers, payload: JSON.stringify(body) });
        assertNo5xx(r, body);
      },
    ),
    { numRuns: 300 },
  );
});

test('arbitrary form contents for real services', async () => {
  await fc.assert(
    fc.asyncProperty(codes, fc.dictionary(fc.constantFrom('birthDate', 'subject', 'subjectIin', 'phone', 'email', 'requestedInfo', 'secondApplicantIin', 'x'), anyJson), async (serviceCode, form) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': `fz-${Math.random()}` },
        payload: { serviceCode, channel: 'portal', form },
      });
      assertNo5xx(r, form);
    }),
    { numRuns: 300 },
  );
});

test('raw bytes as a body, any content type', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 200 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', ''), async (raw, ct) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'idempotency-key': 'raw' };
      if (ct) headers['content-type'] = ct;
      const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers, payload: raw });
      assertNo5xx(r, raw);
    }),
    { numRuns: 200 },
  );
});

test('query strings and path parameters of the public API', async () => {
  const paths = ['/api/v1/services', '/api/v1/services/archival-reference/deadline', '/api/v1/calendar/add-working-days', '/api/v1/applications', '/api/v1/services/archival-reference'];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...paths),
      fc.dictionary(fc.constantFrom('q', 'channel', 'filedAt', 'region', 'from', 'days', 'limit', 'cursor', 'at', 'version', 'lang', 'zz'), fc.string({ maxLength: 40 })),
      async (path, query) => {
        const r = await app.inject({ url: path, query, headers: { authorization: `Bearer ${token}` } });
        assertNo5xx(r, { path, query });
      },
    ),
    { numRuns: 400 },
  );
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 80 }), async (seg) => {
      for (const p of [`/api/v1/services/${encodeURIComponent(seg)}`, `/api/v1/calendar/${encodeURIComponent(seg)}`, `/api/v1/applications/${encodeURIComponent(seg)}`]) {
        const r = await app.inject({ url: p, headers: { authorization: `Bearer ${token}` } });
        assertNo5xx(r, p);
      }
    }),
    { numRuns: 200 },
  );
});

/** Sends raw bytes over TCP and returns the status and the body of the answer. */
async function rawRequest(port: number, bytes: Buffer): Promise<{ statusCode: number; body: string }> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1', () => s.end(bytes));
    s.on('data', (c) => chunks.push(c));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ statusCode: Number(head.split(' ')[1]), body });
    });
  });
}

test('requests that are not valid HTTP get the same error shape (raw sockets)', async () => {
  const server = await buildApp(ctx);
  await server.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = (server.server.address() as import('node:net').AddressInfo).port;
    // A raw UTF-8 address (curl without --data-urlencode): Node's parser refuses it.
    const utf8 = await rawRequest(port, Buffer.from('GET /api/v1/services?q=қызмет HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
    assert.equal(utf8.statusCode, 400);
    assert.equal(JSON.parse(utf8.body).code, 'MALFORMED_HTTP');
    assertNo5xx(utf8, 'utf8 url');
    // A path fastify cannot decode.
    const badPath = await rawRequest(port, Buffer.from('GET /api/v1/services/%%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(badPath.statusCode, 400);
    assert.equal(JSON.parse(badPath.body).code, 'MALFORMED_URL');
    assertNo5xx(badPath, 'bad percent-encoding');
    const big = await rawRequest(port, Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    assert.equal(big.statusCode, 431);
    assert.equal(JSON.parse(big.body).code, 'HEADERS_TOO_LARGE');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (junk) => {
        const r = await rawRequest(port, Buffer.concat([Buffer.from('GET /'), Buffer.from(junk), Buffer.from('\r\n\r\n')]));
        if (Number.isNaN(r.statusCode)) return; // the server may simply close the connection
        assertNo5xx(r, Buffer.from(junk).toString('hex'));
      }),
      { numRuns: 60 },
    );
  } finally {
    await server.close();
  }
});
