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

// --- Issue 8 item 2: NUL, lone surrogates and extreme dates ------------------------------------

/** One "character": mostly ordinary, often NUL or half of a surrogate pair. */
const nastyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff') },
  { weight: 1, arbitrary: fc.constantFrom('\ufffd', '😀', 'ә', '\u0001', '\u007f', '%', '|', '/', '~') },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);
const nasty = fc.string({ unit: nastyUnit, minLength: 1, maxLength: 24 });
const nastyJson = fc.jsonValue({ maxDepth: 4, stringUnit: nastyUnit });

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD's bytes, as a browser sends it). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

test('NUL and lone surrogates in login, consent, signed form fields: never a 5xx', async () => {
  const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator')!;
  const opToken = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: operator.iin, password: operator.password } })).json().token;
  const { demoKeystore } = await import('../src/demo/demo.ts');
  const { signingPayload } = await import('../src/identity/payload.ts');
  const { signCms } = await import('../src/pki/sign.ts');
  const citizen = DEMO_ACCOUNTS[0]!;
  const p12 = (await demoKeystore(ctx.db, citizen.iin, 'sign'))!;
  await fc.assert(
    fc.asyncProperty(nasty, nasty, async (iin, password) => {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin, password } });
      assertNo5xx(r, { iin, password });
    }),
    { numRuns: 150 },
  );
  await fc.assert(
    fc.asyncProperty(nasty, fc.option(nasty), async (purpose, serviceCode) => {
      const body: Record<string, unknown> = { subjectIin: citizen.iin, purpose, systems: ['persons'] };
      if (serviceCode !== null) body.serviceCode = serviceCode;
      const r = await app.inject({ method: 'POST', url: '/api/v1/consents', headers: { authorization: `Bearer ${opToken}` }, payload: body });
      assertNo5xx(r, body);
    }),
    { numRuns: 150 },
  );
  // Signed for real: the signature is right, so only the characters can stop it.
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('address-reference', 'archival-reference', 'guardianship-reference'),
      fc.dictionary(fc.oneof(fc.constantFrom('subject', 'purpose', 'subjectIin', 'requestedInfo', 'phone'), nasty), nastyJson, { maxKeys: 4 }),
      async (serviceCode, form) => {
        const key = `fz-nasty-${Math.random()}`;
        const draft = { serviceCode, channel: 'portal', form };
        const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12, citizen.password, { detached: true })).toString('base64');
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/applications',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
          payload: JSON.stringify({ ...draft, signature: { method: 'eds', cms } }),
        });
        assertNo5xx(r, form);
      },
    ),
    { numRuns: 80 },
  );
});

test('NUL and lone surrogates anywhere in JSON bodies, query strings and path segments: never a 5xx', async () => {
  const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
  const adminToken = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: admin.iin, password: admin.password } })).json().token;
  const bodies = ['/api/v1/applications', '/api/v1/applications/signing-payload', '/api/v1/applications/signing-code', '/api/v1/auth/login/sms', '/api/v1/auth/login/eds', '/api/v1/signatures/verify'];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...bodies), nastyJson, async (url, body) => {
      const r = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'fz', 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      assertNo5xx(r, { url, body });
    }),
    { numRuns: 200 },
  );
  const gets = ['/api/v1/admin/gateway/messages?correlationId=', '/api/v1/services?q=', '/api/v1/applications?cursor=', '/api/v1/me/data-access?limit=', '/api/v1/services/archival-reference/deadline?filedAt='];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...gets), nasty, fc.boolean(), async (prefix, s, raw) => {
      // raw: NUL as %00 and the bytes of a lone surrogate's replacement; otherwise the same bytes, each percent-encoded
      const url = prefix + (raw ? s.split('\u0000').join('%00').replace(/[^\w%-]/gu, (c) => pct(c)) : pct(s));
      const r = await app.inject({ url, headers: { authorization: `Bearer ${adminToken}` } });
      assertNo5xx(r, url);
    }),
    { numRuns: 200 },
  );
  await fc.assert(
    fc.asyncProperty(nasty, async (seg) => {
      for (const p of ['/api/v1/services/', '/api/v1/applications/', '/api/v1/admin/gateway/messages/', '/api/v1/me/consents/', '/api/v1/calendar/']) {
        const r = await app.inject({ url: p + pct(seg), headers: { authorization: `Bearer ${adminToken}` } });
        assertNo5xx(r, p + pct(seg));
      }
    }),
    { numRuns: 100 },
  );
});

test('extreme dates in list cursors and date parameters: never a 5xx', async () => {
  const extreme = fc.oneof(
    fc.constantFrom('-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  await fc.assert(
    fc.asyncProperty(extreme, fc.oneof(fc.uuid(), nasty), async (ts, id) => {
      const cursor = Buffer.from(`${ts}|${id}`).toString('base64url');
      const r = await app.inject({ url: `/api/v1/applications?cursor=${cursor}`, headers: { authorization: `Bearer ${token}` } });
      assertNo5xx(r, { ts, id });
      const year = Number(/^([+-]?\d+)-/.exec(ts)?.[1]);
      if (!(year >= 1000 && year <= 9999)) assert.equal(r.json().code, 'INVALID_CURSOR', ts);
      for (const url of [
        `/api/v1/services/archival-reference/deadline?channel=portal&filedAt=${encodeURIComponent(ts)}`,
        `/api/v1/calendar/add-working-days?from=${encodeURIComponent(ts.slice(0, 10))}&days=1`,
        `/api/v1/services/archival-reference?at=${encodeURIComponent(ts)}`,
      ]) assertNo5xx(await app.inject({ url }), url);
    }),
    { numRuns: 200 },
  );
});
