/**
 * bench/queue — the electronic queue of one branch with 50 windows (issue 11 item 8):
 *
 *   issue        kiosk tickets per second (issueTicket through the action pipeline: counter, ticket,
 *                period, audit in one transaction), `--concurrency` at a time
 *   call-next    50 windows, each calling its next ticket and finishing it, until the queue is empty:
 *                calls per second, call-next p50/p99 (target < 10 ms)
 *   baseline     a primary-key read of a ticket at the same concurrency, in the same run; and, alone,
 *                a one-row insert transaction — the durable commit every action pays
 *   fan-out      1,000 display boards connected by server-sent events to the HTTP server; a call's
 *                NOTIFY reaches every one: the largest delay from the call's commit to a board's receipt
 *
 *   npm run bench:queue                                   # PGlite, 3000 tickets
 *   npm run bench:queue -- --tickets 5000 --boards 1000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/db npm run bench:queue
 *
 * The queue's clock is set to 10:00 of a working day (the branch is open whatever the hour of the run).
 */
import { get, type IncomingMessage, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ActorRef } from '../src/actions/ledger.ts';
import { atLocal } from '../src/calendar/time.ts';
import { buildApp } from '../src/http/app.ts';
import { type Organisation, Organisations } from '../src/organisations/organisations.ts';
import { callNext, issueTicket, queueClock, ticketAction } from '../src/queue/queue.ts';
import { loadServiceGroups } from '../src/queue/groups.ts';
import { makeTestContext } from '../test/helpers/context.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const TICKETS = Number(arg('tickets', '3000'));
const CONCURRENCY = Number(arg('concurrency', '16'));
const WINDOWS = 50;
const BOARDS = Number(arg('boards', '1000'));
const CALLS = Number(arg('calls', '5'));
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

const ctx = await makeTestContext({ demo: false });
const BRANCH = 'bench-psc';
const groups = loadServiceGroups().list.map((g) => g.id);
const base = ctx.orgs.get('psc-pavlodar-01')!;
const bench: Organisation = {
  ...base,
  id: BRANCH,
  // Window i serves every group: any window may call any ticket (the hardest case for the lock).
  branch: { timetable: 'duty', windows: Array.from({ length: WINDOWS }, (_, i) => ({ id: String(i + 1), groups })), route: [] },
};
ctx.orgs = new Organisations([...ctx.orgs.list, bench]);
const deps = { ctx, groups: loadServiceGroups({ orgs: ctx.orgs }) };

// A working day at 10:00, ticking 1 ms per reading so that arrival order is the order of issue.
const day = ctx.calendar.addWorkingDays(new Date().toISOString().slice(0, 10), 1);
let t = atLocal(day, '10:00').getTime();
queueClock.now = () => new Date(t++);

async function pool(n: number, c: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: c }, async () => {
    while (next < n) await fn(next++);
  }));
}

console.log(`bench/queue — ${ctx.db.engine}, one branch with ${WINDOWS} windows, ${TICKETS} tickets, concurrency ${CONCURRENCY}`);

// 1. Issue.
const ids: string[] = [];
let t0 = performance.now();
await pool(TICKETS, CONCURRENCY, async (i) => {
  const r = await issueTicket(deps, BRANCH, { serviceGroup: groups[i % groups.length], lang: i % 2 ? 'kk' : 'ru' });
  ids.push(r.id);
});
const issueSecs = (performance.now() - t0) / 1000;
console.log(`issue        ${(TICKETS / issueSecs).toFixed(0)} tickets/s`);

// 2. Baseline: a primary-key read, 50 at a time, as many as there are calls.
const readLat: number[] = [];
t0 = performance.now();
await pool(TICKETS, WINDOWS, async (i) => {
  const s = performance.now();
  await ctx.db.query('SELECT id, number, state FROM queue_tickets WHERE id = $1', [ids[i]], 'bench_pk_read');
  readLat.push(performance.now() - s);
});
const readSecs = (performance.now() - t0) / 1000;

// 3. Call next and finish, 50 windows at once.
const callLat: number[] = [];
const seen = new Set<string>();
let dup = 0;
t0 = performance.now();
await Promise.all(
  Array.from({ length: WINDOWS }, async (_, w) => {
    const actor: ActorRef = { id: null, role: 'centre-operator', orgId: BRANCH };
    for (;;) {
      const s = performance.now();
      let called;
      try {
        called = await callNext(ctx, actor, BRANCH, String(w + 1));
      } catch (e) {
        if ((e as { code?: string }).code === 'QUEUE_EMPTY') return;
        throw e;
      }
      callLat.push(performance.now() - s);
      if (seen.has(called.id)) dup++;
      seen.add(called.id);
      await ticketAction(deps, 'done', actor, BRANCH, called.id, {});
    }
  }),
);
const callSecs = (performance.now() - t0) / 1000;
console.log(`call-next    ${(seen.size / callSecs).toFixed(0)} calls/s (each followed by done: ${((2 * seen.size) / callSecs).toFixed(0)} actions/s); p50 ${ms(pct(callLat, 50))}, p99 ${ms(pct(callLat, 99))} (target < 10 ms); called ${seen.size}/${TICKETS}, twice ${dup}`);
console.log(`baseline     primary-key read ${(TICKETS / readSecs).toFixed(0)} reads/s; p50 ${ms(pct(readLat, 50))}, p99 ${ms(pct(readLat, 99))}`);

// 3b. One window calling while the others are idle: the latency of call-next itself, not of the queue of 50 in front of it.
const SOLO = 300;
for (let i = 0; i < SOLO; i++) await issueTicket(deps, BRANCH, { serviceGroup: groups[i % groups.length], lang: 'kk' });
const soloLat: number[] = [];
const soloReadLat: number[] = [];
{
  const actor: ActorRef = { id: null, role: 'centre-operator', orgId: BRANCH };
  for (let i = 0; i < SOLO; i++) {
    let s = performance.now();
    const c = await callNext(ctx, actor, BRANCH, '7');
    soloLat.push(performance.now() - s);
    s = performance.now();
    await ctx.db.query('SELECT id, number, state FROM queue_tickets WHERE id = $1', [c.id], 'bench_pk_read');
    soloReadLat.push(performance.now() - s);
    await ticketAction(deps, 'done', actor, BRANCH, c.id, {});
  }
}
// The floor of any action: one durable commit of a one-row insert, alone.
await ctx.db.exec('CREATE TABLE IF NOT EXISTS bench_commit (a int)');
const commitLat: number[] = [];
for (let i = 0; i < SOLO; i++) {
  const s = performance.now();
  await ctx.db.tx(async (q) => {
    await q.query('INSERT INTO bench_commit VALUES (1)', [], 'bench_commit');
  });
  commitLat.push(performance.now() - s);
}
await ctx.db.exec('DROP TABLE bench_commit');
console.log(`baseline     one-row insert transaction alone (a durable commit): p50 ${ms(pct(commitLat, 50))}, p99 ${ms(pct(commitLat, 99))}`);
console.log(`call-next    one window alone: p50 ${ms(pct(soloLat, 50))}, p99 ${ms(pct(soloLat, 99))} (target < 10 ms); primary-key read alone p50 ${ms(pct(soloReadLat, 50))}, p99 ${ms(pct(soloReadLat, 99))}`);

// 4. Fan-out to display boards over HTTP.
const app = await buildApp(ctx);
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as { port: number };
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
const received = new Map<string, number[]>();
const receipts = (n: string) => received.get(n) ?? (received.set(n, []), received.get(n)!);
let connected = 0;
const responses: IncomingMessage[] = [];
await pool(BOARDS, 100, async () => {
  const res = await new Promise<IncomingMessage>((ok, fail) => get({ host: '127.0.0.1', port, path: `/api/v1/branches/${BRANCH}/board/events`, agent }, ok).on('error', fail));
  responses.push(res);
  res.setEncoding('utf8');
  let buf = '';
  await new Promise<void>((ok) => {
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (frame.includes('event: board')) {
          connected++;
          ok();
        }
        const m = /"number"\s*:\s*"([A-Z]\d+)"/.exec(frame);
        if (frame.includes('event: called') && m) receipts(m[1]!).push(performance.now());
      }
    });
  });
});
for (let i = 0; i < CALLS; i++) await issueTicket(deps, BRANCH, { serviceGroup: groups[0], lang: 'kk' });
const delays: number[] = [];
const actor: ActorRef = { id: null, role: 'centre-operator', orgId: BRANCH };
for (let i = 0; i < CALLS; i++) {
  const s = performance.now();
  const c = await callNext(ctx, actor, BRANCH, '1');
  const committed = performance.now();
  const got = receipts(c.number);
  const deadline = committed + 5000;
  while (got.length < BOARDS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  delays.push(got.length ? Math.max(...got) - s : Number.POSITIVE_INFINITY);
  console.log(`fan-out      call ${i + 1}: ${got.length}/${BOARDS} boards, last received ${ms(Math.max(...got) - s)} after the call was sent (${ms(Math.max(...got) - committed)} after it returned)`);
  await ticketAction(deps, 'done', actor, BRANCH, c.id, {});
}
console.log(`fan-out      ${connected} boards connected; max delay ${ms(Math.max(...delays))} (target < 1000 ms)`);
for (const r of responses) r.destroy();
await app.close();
agent.destroy();
await ctx.close();
