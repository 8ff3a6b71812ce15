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
