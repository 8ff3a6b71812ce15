/**
 * The electronic queue (issue 11 item 2), over HTTP on both engines: kiosk tickets numbered per
 * group and day, priority, call-next / recall / start / no-show / redirect / done with one period row
 * per state against the 20-minute norms, bookings and check-in, the live-queue switch, bad input
 * answered with specific codes and nothing changed, two windows calling at once never getting the
 * same ticket, and the display board receiving a call by server-sent events.
 */
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { ActorRef } from '../src/actions/ledger.ts';
import { atLocal } from '../src/calendar/time.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { openPostgres } from '../src/db/db.ts';
import { buildApp } from '../src/http/app.ts';
import { callNext, queueClock } from '../src/queue/queue.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const B = 'psc-pavlodar-01';
let clock = atLocal('2026-12-07', '10:00');
queueClock.now = () => clock;
const at = (day: string, hm: string) => (clock = atLocal(day, hm));

describe(`the electronic queue (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const operators = DEMO_ACCOUNTS.filter((a) => a.orgId === B && a.role === 'centre-operator');
  const head = DEMO_ACCOUNTS.find((a) => a.orgId === B && a.role === 'branch-head')!;
  const astanaOperator = DEMO_ACCOUNTS.find((a) => a.orgId === 'psc-astana-01' && a.role === 'centre-operator')!;
  const citizen = DEMO_ACCOUNTS[0]!;
  const login = async (a: (typeof DEMO_ACCOUNTS)[number]) => {
    if (!tokens.has(a.iin)) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: a.iin, password: a.password } });
      assert.equal(r.statusCode, 200, r.body);
      tokens.set(a.iin, r.json().token);
    }
    return { authorization: `Bearer ${tokens.get(a.iin)}` };
  };
  const kiosk = (body: Record<string, unknown>, branch = B) => app.inject({ method: 'POST', url: `/api/v1/branches/${branch}/tickets`, payload: body });
  const call = async (window: string, who = operators[0]!, branch = B) => app.inject({ method: 'POST', url: `/api/v1/branches/${branch}/windows/${window}/call-next`, headers: await login(who) });
  const act = async (ticket: string, action: string, body: Record<string, unknown> = {}, who = operators[0]!) =>
    app.inject({ method: 'POST', url: `/api/v1/branches/${B}/tickets/${ticket}/${action}`, headers: await login(who), payload: body });
  const count = async (sql: string, params: unknown[] = []) => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  test('booking: a slot on a working day within the hours; one active booking per group; outside hours, a holiday, a Saturday, off-slot → specific 422/409, nothing written', async () => {
    at('2026-12-07', '10:00');
    const h = await login(citizen);
    const bookIt = (slotAt: string, serviceGroup = 'civil-status') => app.inject({ method: 'POST', url: `/api/v1/branches/${B}/bookings`, headers: h, payload: { serviceGroup, slotAt } });
    const before = await count('queue_bookings');
    const bad: Array<[string, string, number]> = [
      ['2026-12-12T10:00', 'BOOKING_HOLIDAY', 422], // a Saturday: the duty branch is open, but bookings are for working days
      ['2026-12-16T10:00', 'BOOKING_HOLIDAY', 422], // Independence Day
      ['2026-12-08T08:45', 'BOOKING_OUTSIDE_HOURS', 422],
      ['2026-12-08T20:00', 'BOOKING_OUTSIDE_HOURS', 422], // the branch closes at 20:00
      ['2026-12-08T10:07', 'BOOKING_SLOT', 422],
      ['2026-12-07T09:15', 'BOOKING_IN_PAST', 422],
      ['2027-02-01T10:00', 'BOOKING_TOO_FAR', 422],
      ['tomorrow', 'INVALID_DATE', 422],
    ];
    for (const [slot, code, status] of bad) {
      const r = await bookIt(slot);
      assert.equal(r.statusCode, status, `${slot}: ${r.body}`);
      assert.equal(r.json().code, code, slot);
      assert.equal(r.json().path, '/slotAt');
    }
    assert.equal((await bookIt('2026-12-08T10:15', 'astrology')).json().code, 'UNKNOWN_SERVICE_GROUP');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/bookings`, payload: { serviceGroup: 'civil-status', slotAt: '2026-12-08T10:15' } })).statusCode, 401);
    assert.equal(await count('queue_bookings'), before, 'nothing written');

    const ok = await bookIt('2026-12-08T10:15');
    assert.equal(ok.statusCode, 201, ok.body);
    const again = await bookIt('2026-12-09T11:00');
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'DOUBLE_BOOKING');
    // Another group is another booking.
    const other = await bookIt('2026-12-09T11:00', 'identity');
    assert.equal(other.statusCode, 201);
    assert.equal(await count('queue_bookings'), before + 2);

    // Check-in on its day, on time: a ticket with priority; twice → 409; on another day → 409; unknown → 404.
    at('2026-12-08', '09:30');
    const early = await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/tickets`, payload: { serviceGroup: 'civil-status', lang: 'ru' } });
    assert.equal(early.statusCode, 201);
    at('2026-12-08', '10:05');
    const ci = await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/bookings/${ok.json().id}/check-in`, payload: { lang: 'kk' } });
    assert.equal(ci.statusCode, 201, ci.body);
    assert.equal(ci.json().onTime, true);
    assert.equal(ci.json().priority, 'booked');
    assert.equal(ci.json().position, 1, 'the booked visitor on time goes before the earlier ordinary ticket');
    const twice = await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/bookings/${ok.json().id}/check-in`, payload: { lang: 'kk' } });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'ALREADY_CHECKED_IN');
    const notToday = await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/bookings/${other.json().id}/check-in`, payload: { lang: 'kk' } });
    assert.equal(notToday.json().code, 'BOOKING_NOT_TODAY');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/bookings/00000000-0000-7000-8000-000000000000/check-in`, payload: { lang: 'kk' } })).json().code, 'UNKNOWN_BOOKING');
    // Booked elsewhere: not this branch's booking.
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/psc-pavlodar-02/bookings/${other.json().id}/check-in`, payload: { lang: 'kk' } })).json().code, 'UNKNOWN_BOOKING');
    const called = await call('1');
    assert.equal(called.statusCode, 200, called.body);
    assert.equal(called.json().id, ci.json().id, 'called first');
    assert.equal((await act(called.json().id, 'done')).statusCode, 200);
  });

  test('kiosk tickets on a Saturday at the duty branch: numbered per group and day, priority first, bad input refused', async () => {
    at('2026-12-12', '09:05');
    const a1 = await kiosk({ serviceGroup: 'civil-status', lang: 'kk' });
    assert.equal(a1.statusCode, 201, a1.body);
    assert.equal(a1.json().number, 'A001');
    assert.equal(a1.json().position, 1);
    const a2 = await kiosk({ serviceGroup: 'civil-status', lang: 'ru' });
    assert.equal(a2.json().number, 'A002');
    assert.equal(a2.json().position, 2);
    assert.equal((await kiosk({ serviceGroup: 'identity', lang: 'ru' })).json().number, 'B001');
    clock = new Date(clock.getTime() + 60_000);
    const elderly = await kiosk({ serviceGroup: 'civil-status', lang: 'kk', priority: 'elderly' });
    assert.equal(elderly.json().number, 'A003');
    assert.equal(elderly.json().position, 1, 'priority goes first');

    const n = await count('queue_tickets');
    for (const [body, code, status, branch] of [
      [{ serviceGroup: 'astrology', lang: 'kk' }, 'UNKNOWN_SERVICE_GROUP', 422, B],
      [{ serviceGroup: 'civil-status', lang: 'en' }, 'VALIDATION_FAILED', 422, B],
      [{ serviceGroup: 'civil-status', lang: 'kk' }, 'UNKNOWN_BRANCH', 404, 'gov4c'],
      [{ serviceGroup: 'civil-status', lang: 'kk' }, 'BRANCH_CLOSED', 409, 'psc-pavlodar-02'], // an ordinary branch on Saturday
    ] as const) {
      const r = await kiosk(body, branch);
      assert.equal(r.statusCode, status, r.body);
      assert.equal(r.json().code, code);
    }
    assert.equal(await count('queue_tickets'), n, 'nothing written');
  });

  test('operators: call-next, recall, start, done; no-show; redirect; periods one row per state against the 20-minute norm; another branch’s operator refused', async () => {
    at('2026-12-12', '09:30');
    const r = await call('1');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().number, 'A003', 'the elderly visitor first');
    assert.equal(r.json().priority, 'elderly');
    const busy = await call('1');
    assert.equal(busy.statusCode, 409);
    assert.equal(busy.json().code, 'WINDOW_BUSY');
    assert.equal((await act(r.json().id, 'recall')).json().state, 'called');
    at('2026-12-12', '09:32');
    assert.equal((await act(r.json().id, 'start')).json().state, 'serving');
    assert.equal((await act(r.json().id, 'recall')).json().code, 'TICKET_STATE');
    at('2026-12-12', '09:55');
    assert.equal((await act(r.json().id, 'done')).json().state, 'done');
    const v = (await app.inject(`/api/v1/branches/${B}/tickets/${r.json().id}`)).json();
    assert.deepEqual(v.periods.map((p: { state: string }) => p.state), ['waiting', 'called', 'serving']);
    assert.ok(v.periods.every((p: { endedAt: string | null }) => p.endedAt));
    assert.equal(v.waitedSeconds, 30 * 60 - 6 * 60 + 2 * 60, 'waiting 09:06–09:30 and called 09:30–09:32');
    assert.equal(v.servedSeconds, 23 * 60);
    assert.equal(v.waitOverNorm, true);
    assert.equal(v.serviceOverNorm, true);

    // Another branch's operator, or a citizen, or nobody: refused, nothing called.
    const waiting = await count(`queue_tickets WHERE branch_id = $1 AND state = 'waiting'`, [B]);
    const foreign = await call('2', astanaOperator);
    assert.equal(foreign.statusCode, 403);
    assert.equal(foreign.json().code, 'NOT_THIS_BRANCH');
    assert.equal((await call('2', citizen)).statusCode, 403);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/windows/2/call-next` })).statusCode, 401);
    assert.equal((await call('99')).json().code, 'UNKNOWN_WINDOW');
    assert.equal(await count(`queue_tickets WHERE branch_id = $1 AND state = 'waiting'`, [B]), waiting);

    // A no-show; a redirect to the window for identity with the group changed; that window calls it first.
    const a1 = (await call('1')).json();
    assert.equal(a1.number, 'A001');
    assert.equal((await act(a1.id, 'no-show')).json().state, 'no-show');
    const a2 = (await call('1')).json();
    assert.equal(a2.number, 'A002');
    assert.equal((await act(a2.id, 'redirect', { window: '6' })).json().code, 'REDIRECT_WINDOW_GROUP');
    assert.equal((await act(a2.id, 'redirect', { window: '1' })).json().code, 'REDIRECT_SAME_WINDOW');
    const red = await act(a2.id, 'redirect', { window: '3', serviceGroup: 'identity' });
    assert.equal(red.statusCode, 200, red.body);
    assert.deepEqual(red.json(), { id: a2.id, number: 'A002', state: 'waiting', window: '3' });
    const at3 = (await call('3', operators[1]!)).json();
    assert.equal(at3.id, a2.id, 'redirected to window 3: called there before B001');
    assert.equal((await act(a2.id, 'done', {}, operators[1]!)).statusCode, 200);
    assert.equal((await call('3', operators[1]!)).json().number, 'B001');
    const empty = await call('1');
    assert.equal(empty.statusCode, 404);
    assert.equal(empty.json().code, 'QUEUE_EMPTY');
    assert.equal((await act('00000000-0000-7000-8000-000000000000', 'done')).json().code, 'UNKNOWN_TICKET');
    assert.equal((await act('not-a-ticket', 'done')).json().code, 'UNKNOWN_TICKET');

    // Every change is audited.
    assert.ok((await count(`audit_log WHERE event = 'queue.ticket.called'`)) >= 5);
    assert.ok((await count(`audit_log WHERE event = 'queue.ticket.no-show'`)) === 1);

    // The head's day report.
    const rep = await app.inject({ url: `/api/v1/branches/${B}/queue/report?day=2026-12-12`, headers: await login(head) });
    assert.equal(rep.statusCode, 200, rep.body);
    assert.equal(rep.json().noShows, 1);
    assert.ok(rep.json().waitOverNorm >= 1);
    assert.equal((await app.inject({ url: `/api/v1/branches/${B}/queue/report`, headers: await login(astanaOperator) })).json().code, 'NOT_THIS_BRANCH');

    // The next day, yesterday's called ticket has expired.
    const b1 = (await app.inject(`/api/v1/branches/${B}/tickets/${(await ctx.db.query<{ id: string }>(`SELECT id FROM queue_tickets WHERE number = 'B001' AND day = '2026-12-12'`)).rows[0]!.id}`)).json();
    at('2026-12-14', '09:10');
    const exp = await act(b1.id, 'done', {}, operators[1]!);
    assert.equal(exp.statusCode, 410);
    assert.equal(exp.json().code, 'TICKET_EXPIRED');
    assert.equal((await app.inject(`/api/v1/branches/${B}/tickets/${b1.id}`)).json().state, 'expired');
  });

  test('two windows calling at the same moment never get the same ticket', async () => {
    at('2026-12-14', '10:00');
    for (let i = 0; i < 30; i++) assert.equal((await kiosk({ serviceGroup: 'civil-status', lang: 'kk' })).statusCode, 201);
    const actors: ActorRef[] = operators.slice(0, 2).map((o) => ({ id: null, role: 'centre-operator', orgId: B, iin: o.iin }) as ActorRef);
    const seen = new Set<string>();
    for (let round = 0; round < 15; round++) {
      const [x, y] = await Promise.all([callNext(ctx, actors[0]!, B, '1'), callNext(ctx, actors[1]!, B, '2')]);
      assert.notEqual(x.id, y.id);
      for (const t of [x, y]) {
        assert.ok(!seen.has(t.id), 'called once');
        seen.add(t.id);
        await ctx.db.query(`UPDATE queue_tickets SET state = 'done' WHERE id = $1`, [t.id]);
      }
    }
    assert.equal(seen.size, 30);
    await assert.rejects(callNext(ctx, actors[0]!, B, '1'), /QUEUE_EMPTY/);
  });

  /** A display board connected to `server`: its frames, and a wait for an event. */
  async function connectBoard(server: FastifyInstance) {
    const { port } = server.server.address() as { port: number };
    const res = await new Promise<IncomingMessage>((ok, fail) => get({ host: '127.0.0.1', port, path: `/api/v1/branches/${B}/board/events` }, ok).on('error', fail));
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    let buf = '';
    const frames: Array<{ event: string; data: Record<string, unknown> }> = [];
    const waitFor = (event: string) =>
      new Promise<Record<string, unknown>>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${event} event; got ${buf}`)), 5000);
        const check = () => {
          const f = frames.find((x) => x.event === event);
          if (f) {
            clearTimeout(timer);
            ok(f.data);
          } else setTimeout(check, 10);
        };
        check();
      });
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (ev && data) frames.push({ event: ev, data: JSON.parse(data) });
      }
    });
    return { res, frames, waitFor };
  }

  test('the display board receives a call by server-sent events (LISTEN/NOTIFY)', async () => {
    at('2026-12-14', '11:00');
    const t = (await kiosk({ serviceGroup: 'archives', lang: 'ru' })).json();
    const { res, waitFor } = await connectBoard(app);
    assert.equal((await waitFor('board')).branch, B);
    const c = await call('5');
    assert.equal(c.statusCode, 200, c.body);
    const ev = await waitFor('called');
    assert.equal(ev.number, t.number);
    assert.equal(ev.window, '5');
    assert.equal(ev.ticket, t.id);
    res.destroy();
    assert.equal((await act(c.json().id, 'done')).statusCode, 200);
  });

  test('several server processes: a call made through one reaches a board connected to another (PostgreSQL)', { skip: engine !== 'postgres' }, async () => {
    at('2026-12-14', '11:30');
    const db2 = await openPostgres(ctx.dbUrl!, 2);
    const app2 = await buildApp({ ...ctx, db: db2 });
    await app2.listen({ port: 0, host: '127.0.0.1' });
    let board2: IncomingMessage | null = null;
    try {
      const t = (await kiosk({ serviceGroup: 'archives', lang: 'kk' })).json();
      const { res, frames, waitFor } = await connectBoard(app2);
      board2 = res;
      await waitFor('board');
      const c = await call('5');
      assert.equal(c.statusCode, 200, c.body);
      const ev = await waitFor('called');
      assert.equal(ev.number, t.number);
      assert.equal(frames.filter((f) => f.event === 'called').length, 1);
      res.destroy();
      await act(c.json().id, 'done');
    } finally {
      board2?.destroy();
      await app2.close();
      await db2.close();
    }
  });

  test('a system failure: the branch switches to a live queue, recorded; no tickets meanwhile; back to electronic', async () => {
    at('2026-12-14', '12:00');
    const h = await login(head);
    const live = await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/queue/mode`, headers: h, payload: { mode: 'live', reason: 'the queue server is down' } });
    assert.equal(live.statusCode, 200, live.body);
    assert.equal(live.json().mode, 'live');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/queue/mode`, headers: h, payload: { mode: 'live', reason: 'again' } })).json().code, 'QUEUE_MODE_SAME');
    const refused = await kiosk({ serviceGroup: 'civil-status', lang: 'kk' });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'QUEUE_LIVE');
    const audit = await ctx.db.query<{ reason: string; data: { from: string; to: string } }>(`SELECT reason, data FROM audit_log WHERE event = 'queue.mode' ORDER BY id`);
    assert.deepEqual(audit.rows.map((r) => [r.reason, r.data.to]), [['the queue server is down', 'live']]);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/queue/mode`, headers: await login(astanaOperator), payload: { mode: 'electronic', reason: 'x' } })).json().code, 'NOT_THIS_BRANCH');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/branches/${B}/queue/mode`, headers: h, payload: { mode: 'electronic', reason: 'restored' } })).statusCode, 200);
    assert.equal((await kiosk({ serviceGroup: 'civil-status', lang: 'kk' })).statusCode, 201);
  });
});
