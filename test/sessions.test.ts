/**
 * Sessions end when they should (issue 8 item 5): a logout ends every session it carries (bearer
 * and cookie), and a logout or revocation on one instance reaches the session cache of every
 * other instance on the same database at once (LISTEN/NOTIFY), while cache hits stay cache hits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { revokeUserSessions, SessionCache } from '../src/accounts/accounts.ts';
import { watchSessionRevocations } from '../src/accounts/session-events.ts';
import type { AppContext } from '../src/context.ts';
import { openPostgres } from '../src/db/db.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { engine, makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
/** Two app instances on one database, each with its own session cache (and, on PostgreSQL, its own pool). */
let A: FastifyInstance;
let B: FastifyInstance;
let ctxB: AppContext;
const stops: Array<() => Promise<void>> = [];
const citizen = DEMO_ACCOUNTS[0]!;

before(async () => {
  ctx = await makeTestContext();
  // A long cache time: without invalidation a revoked session would live on for a minute.
  ctx.sessions = new SessionCache(60_000);
  const dbB = ctx.dbUrl ? await openPostgres(ctx.dbUrl, 5) : ctx.db;
  if (ctx.dbUrl) stops.push(() => dbB.close());
  ctxB = { ...ctx, db: dbB, sessions: new SessionCache(60_000) };
  stops.push(await watchSessionRevocations(ctx.db, ctx.sessions));
  stops.push(await watchSessionRevocations(ctxB.db, ctxB.sessions));
  A = await buildApp(ctx);
  B = await buildApp(ctxB);
});
after(async () => {
  await A.close();
  await B.close();
  for (const s of stops.reverse()) await s();
  await ctx.close();
});

const login = async (app: FastifyInstance, who = citizen) => {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  return { token: r.json().token as string, cookie: r.cookies.find((c) => c.name === 'qz_sid')!.value, userId: r.json().user.id as string };
};
const me = (app: FastifyInstance, headers: Record<string, string>) => app.inject({ url: '/api/v1/me', headers });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const cookie = (t: string) => ({ cookie: `qz_sid=${t}` });

describe('logout', () => {
  test('a logout carrying a bearer token and the session cookie ends both sessions, and is audited under its actor', async () => {
    const s1 = await login(A);
    const s2 = await login(A);
    assert.equal((await me(A, bearer(s1.token))).statusCode, 200);
    assert.equal((await me(A, cookie(s2.token))).statusCode, 200);
    const out = await A.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...bearer(s1.token), ...cookie(s2.token) } });
    assert.equal(out.statusCode, 200);
    assert.equal((await me(A, bearer(s1.token))).statusCode, 401, 'the bearer session ended');
    assert.equal((await me(A, cookie(s2.token))).statusCode, 401, 'the cookie session ended too');
    assert.equal((await me(B, cookie(s2.token))).statusCode, 401, 'on every instance');
    const rows = await ctx.db.query<{ actor_id: string; data: { kind: string } }>("SELECT actor_id, data FROM audit_log WHERE event = 'auth.logout' AND actor_id = $1", [s1.userId]);
    assert.equal(rows.rows.length, 2, 'one audit row per ended session, naming the person');
  });

  test('a logout with nothing valid changes nothing and writes nothing', async () => {
    const before = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE event = 'auth.logout'")).rows[0]!.n;
    const r = await A.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer('not-a-session') });
    assert.equal(r.statusCode, 200);
    const afterN = (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE event = 'auth.logout'")).rows[0]!.n;
    assert.equal(afterN, before);
  });
});

describe(`two instances on one database (${engine})`, () => {
  test('logout on A, a request on B immediately after: 401 (20 rounds, B had the session cached)', async () => {
    for (let i = 0; i < 20; i++) {
      const s = await login(A);
      assert.equal((await me(B, bearer(s.token))).statusCode, 200);
      assert.equal((await me(B, bearer(s.token))).statusCode, 200, 'now served from B’s cache');
      assert.equal((await A.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(s.token) })).statusCode, 200);
      assert.equal((await me(B, bearer(s.token))).statusCode, 401, `round ${i}: B still accepted the token`);
      assert.equal((await me(A, bearer(s.token))).statusCode, 401);
    }
  });

  test('revoking all sessions of a person on B ends them in A’s cache at once', async () => {
    const s = await login(B);
    const t = await login(B);
    assert.equal((await me(A, bearer(s.token))).statusCode, 200);
    assert.equal((await me(A, cookie(t.token))).statusCode, 200);
    await revokeUserSessions(ctxB.db, s.userId, ctxB.sessions);
    assert.equal((await me(A, bearer(s.token))).statusCode, 401);
    assert.equal((await me(A, cookie(t.token))).statusCode, 401);
  });

  test('the cache keeps its speed: a cached session costs no query', async () => {
    const s = await login(A);
    assert.equal((await me(B, bearer(s.token))).statusCode, 200);
    let queries = 0;
    const db = ctxB.db;
    const counting = { ...db, query: ((...args: Parameters<typeof db.query>) => (queries++, db.query(...args))) as typeof db.query };
    const app = await buildApp({ ...ctxB, db: counting });
    try {
      for (let i = 0; i < 50; i++) assert.equal((await me(app, bearer(s.token))).statusCode, 200);
    } finally {
      await app.close();
    }
    assert.equal(queries, 0, 'served from the cache');
  });
});

describe('the listening connection', { skip: engine !== 'postgres' && 'PGlite: one process' }, () => {
  test('while B cannot listen it caches nothing, so it misses no logout; it listens again by itself', async () => {
    const s = await login(A);
    assert.equal((await me(B, bearer(s.token))).statusCode, 200);
    await ctx.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qyzmet-session-events' AND datname = current_database()");
    const until = Date.now() + 5000;
    while (ctxB.sessions.listening && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.equal(ctxB.sessions.listening, false, 'B noticed that it no longer listens');
    assert.equal((await A.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(s.token) })).statusCode, 200);
    assert.equal((await me(B, bearer(s.token))).statusCode, 401, 'nothing stale served meanwhile');
    const back = Date.now() + 15_000;
    while (!(ctxB.sessions.listening && ctx.sessions.listening) && Date.now() < back) await new Promise((r) => setTimeout(r, 50));
    assert.ok(ctxB.sessions.listening && ctx.sessions.listening, 'reconnected');
    const t = await login(A);
    assert.equal((await me(B, bearer(t.token))).statusCode, 200);
    await A.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(t.token) });
    assert.equal((await me(B, bearer(t.token))).statusCode, 401);
  });
});
