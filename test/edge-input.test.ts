/**
 * Issue 8 item 2: no input gives a 5xx. Strings PostgreSQL cannot store (NUL) or that are not
 * Unicode (a lone surrogate) are refused at the edge, in one place, for every string the API
 * accepts (body, query, path parameters, cookies), with 400 INVALID_CHARACTERS and the JSON path
 * of the first offending value — before any handler, database or state-registry read runs.
 * A list cursor holding a date the database cannot hold is 400 INVALID_CURSOR.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS[0]!;
const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator')!;
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
const tokens: Record<string, string> = {};

const login = async (a: (typeof DEMO_ACCOUNTS)[number]) => {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: a.iin, password: a.password } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().token as string;
};

/** Gateway reads made while `fn` runs (every read of a state registry goes through gateway.send). */
async function gatewayReadsDuring(fn: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const gw = ctx.gateway as unknown as { send: (...a: unknown[]) => Promise<unknown> };
  const orig = gw.send;
  gw.send = (...a: unknown[]) => {
    reads++;
    return orig.apply(ctx.gateway, a);
  };
  try {
    await fn();
  } finally {
    gw.send = orig;
  }
  return reads;
}

before(async () => {
  ctx = await makeTestContext({ population: 60 });
  app = await buildApp(ctx);
  tokens.citizen = await login(citizen);
  tokens.operator = await login(operator);
  tokens.admin = await login(admin);
});
after(async () => {
  await app.close();
  await ctx.close();
});

function assertInvalidCharacters(r: { statusCode: number; body: string }, path: string) {
  assert.equal(r.statusCode, 400, r.body);
  const e = JSON.parse(r.body);
  assert.equal(e.code, 'INVALID_CHARACTERS');
  assert.equal(e.path, path);
  assert.ok(e.message.kk && e.message.ru && e.message.en);
}

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

describe('NUL and lone surrogates are refused at the edge', () => {
  test('login iin and password with NUL', async () => {
    assertInvalidCharacters(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: `${citizen.iin}\u0000`, password: 'x' } }), '/iin');
    assertInvalidCharacters(await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: 'a\u0000b' } }), '/password');
    // Nothing was counted against the account: the right password still works at once.
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).statusCode, 200);
  });

  test('a consent purpose and a service code with NUL', async () => {
    const body = { subjectIin: citizen.iin, purpose: 'application\u0000', systems: ['persons'] };
    assertInvalidCharacters(await app.inject({ method: 'POST', url: '/api/v1/consents', headers: auth('operator'), payload: body }), '/purpose');
    const n = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consents');
    assert.equal(n.rows[0]!.n, 0, 'no consent request was written');
  });

  test('a form field of a signed application with NUL, and a lone surrogate', async () => {
    const p12 = await demoKeystore(ctx.db, citizen.iin, 'sign');
    for (const [form, path] of [
      [{ subject: 'self', purpose: 'work', note: 'a\u0000b' }, '/form/note'],
      [{ subject: 'self', purpose: 'work\ud800' }, '/form/purpose'],
      [{ subject: 'self', purpose: 'work', 'k\u0000': 'v' }, '/form/k\u0000'],
      [{ subject: 'self', purpose: 'work', list: ['ok', '\udc00x'] }, '/form/list/1'],
    ] as const) {
      const key = `edge-${Math.random()}`;
      const draft = { serviceCode: 'address-reference', channel: 'portal', form };
      const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12!, citizen.password, { detached: true })).toString('base64');
      let r: Awaited<ReturnType<typeof app.inject>> | undefined;
      // The address reference reads the state registries while deciding: validation comes before any read.
      const reads = await gatewayReadsDuring(async () => {
        r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...auth('citizen'), 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
      });
      assertInvalidCharacters(r!, path.replace('\u0000', '\\u0000'));
      assert.equal(reads, 0, 'no state registry was read');
    }
    const n = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications');
    assert.equal(n.rows[0]!.n, 0, 'nothing was filed');
  });

  test('signing payload and SMS signing code with a lone surrogate in the form', async () => {
    for (const url of ['/api/v1/applications/signing-payload', '/api/v1/applications/signing-code']) {
      const r = await app.inject({ method: 'POST', url, headers: { ...auth('citizen'), 'idempotency-key': 'k1' }, payload: { serviceCode: 'archival-reference', channel: 'portal', form: { x: '\ud83d' } } });
      assertInvalidCharacters(r, '/form/x');
    }
  });

  test('query strings: the gateway admin correlationId=%00', async () => {
    const r = await app.inject({ url: '/api/v1/admin/gateway/messages?correlationId=%00', headers: auth('admin') });
    assertInvalidCharacters(r, '/querystring/correlationId');
    assertInvalidCharacters(await app.inject({ url: '/api/v1/services?q=a%00b' }), '/querystring/q');
    // A lone surrogate cannot arrive percent-encoded (it is not UTF-8): its bytes decode to U+FFFD, which is fine.
    assert.equal((await app.inject({ url: '/api/v1/services?q=%ED%A0%80' })).statusCode, 200);
  });

  test('path parameters with NUL', async () => {
    assertInvalidCharacters(await app.inject({ url: '/api/v1/applications/%00', headers: auth('citizen') }), '/params/id');
    assertInvalidCharacters(await app.inject({ url: '/api/v1/services/a%00b' }), '/params/code');
    assertInvalidCharacters(await app.inject({ url: '/api/v1/admin/gateway/messages/%00', headers: auth('admin') }), '/params/messageId');
  });

  test('a session cookie with NUL is refused, not looked up', async () => {
    const r = await app.inject({ url: '/api/v1/me', headers: { cookie: 'qz_sid=ab%00cd' } });
    assertInvalidCharacters(r, '/cookies/qz_sid');
  });

  test('the check runs before authentication: an anonymous request with NUL gets 400, not 401', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { 'idempotency-key': 'x' }, payload: { serviceCode: '\u0000', channel: 'portal', form: {} } });
    assertInvalidCharacters(r, '/serviceCode');
  });

  test('absurd nesting is refused before anything walks it', async () => {
    const deep = `${'['.repeat(20_000)}"x"${']'.repeat(20_000)}`;
    const r = await app.inject({ method: 'POST', url: '/api/v1/applications/signing-payload', headers: { ...auth('citizen'), 'idempotency-key': 'k', 'content-type': 'application/json' }, payload: `{"serviceCode":"archival-reference","channel":"portal","form":{"deep":${deep}}}` });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().code, 'INPUT_TOO_DEEP');
  });

  test('ordinary text in every script still passes', async () => {
    const r = await app.inject({ url: `/api/v1/services?q=${encodeURIComponent('мұрағат 🙂 ЗАГС')}` });
    assert.equal(r.statusCode, 200, r.body);
  });
});

describe('list cursor', () => {
  const cursor = (ts: string, id = '0190f5a2-0000-7000-8000-000000000000') => Buffer.from(`${ts}|${id}`).toString('base64url');

  test('extreme and impossible dates → 400 INVALID_CURSOR', async () => {
    for (const ts of ['-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '1', 'yesterday']) {
      const r = await app.inject({ url: `/api/v1/applications?cursor=${cursor(ts)}`, headers: auth('citizen') });
      assert.equal(r.statusCode, 400, `${ts}: ${r.body}`);
      assert.equal(r.json().code, 'INVALID_CURSOR', ts);
      assert.equal(r.json().path, '/querystring/cursor');
    }
    for (const raw of ['%00', '!!!', cursor('2026-01-01T00:00:00.000Z', 'nope')]) {
      const r = await app.inject({ url: `/api/v1/applications?cursor=${raw}`, headers: auth('citizen') });
      assert.ok(r.statusCode === 400, `${raw}: ${r.body}`);
    }
  });

  test('a cursor the server handed out still pages', async () => {
    const r = await app.inject({ url: `/api/v1/applications?cursor=${cursor('2026-01-01T10:00:00.000Z')}`, headers: auth('citizen') });
    assert.equal(r.statusCode, 200, r.body);
  });
});
