/**
 * The job queue (issue 9 item 4; src/jobs/README.md): one lease per job with an owner token,
 * completion only by the owner, failed distinct from done, the dedup key, typed payloads, and the
 * admin's list and replay. Both engines (TEST_DATABASE_URL for PostgreSQL). Several processes on one
 * database: jobs-two-processes.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../src/db/db.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { JOB_PAYLOADS } from '../src/jobs/kinds.ts';
import { enqueue, queueFor } from '../src/jobs/queue.ts';
import { jobHandler, newJobStats, PermanentJobError, runDueJobs, startWorker, type AnyJobHandler, type JobStats, type WorkerOptions } from '../src/jobs/worker.ts';
import { engine, makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Test kinds of their own: the workers here claim only these, never the application's jobs. */
const TEST_PAYLOADS = {
  'test.effect': z.object({ n: z.number().int() }).strict(),
  'test.slow': z.object({ n: z.number().int() }).strict(),
  'test.flaky': z.object({ failTimes: z.number().int() }).strict(),
  'test.other': z.object({}).strict(),
};
const enqueueTest = queueFor(TEST_PAYLOADS);

interface JobDbRow {
  id: number;
  state: string;
  attempts: number;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  lease_token: string | null;
}
const jobRow = async (id: number) => (await ctx.db.query<JobDbRow>('SELECT id, state, attempts, done_at, failed_at, last_error, lease_token FROM jobs WHERE id = $1', [id])).rows[0]!;
const effects = async (n: number) => (await ctx.db.query<{ worker: string }>('SELECT worker FROM test_effects WHERE n = $1 ORDER BY worker', [n])).rows.map((r) => r.worker);

/** A transactional handler recording which worker ran it, in the job's transaction. */
const effectHandler = (worker: string) =>
  jobHandler(TEST_PAYLOADS['test.effect'], async (_c: unknown, q, p) => {
    await q.query('INSERT INTO test_effects (n, worker) VALUES ($1, $2)', [p.n, worker]);
  });

function worker(name: string, handlers: Record<string, AnyJobHandler<{ db: Db }>>, opts: WorkerOptions = {}) {
  const stats: JobStats = newJobStats();
  return { stats, run: (db: Db = ctx.db) => runDueJobs({ db }, handlers, { backoffSeconds: () => 0, ...opts, stats }), name };
}

/** Clears the test kinds between tests (the application's seeded jobs stay). */
async function clearTestJobs() {
  await ctx.db.query("DELETE FROM jobs WHERE kind LIKE 'test.%'");
  await ctx.db.query('DELETE FROM test_effects');
}

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  await ctx.db.exec('CREATE TABLE test_effects (n int NOT NULL, worker text NOT NULL)');
});

after(async () => {
  await app?.close();
  await ctx?.close();
});

describe(`leases (${engine})`, () => {
  test('a job whose lease ran out while it waited in its batch is taken over; the first worker then changes nothing', async () => {
    await clearTestJobs();
    const gate = deferred();
    // Worker A claims both jobs at once; the first one (slow) holds it up past the second one's lease.
    const a = worker('A', {
      'test.slow': jobHandler(TEST_PAYLOADS['test.slow'], async () => gate.promise, { ownTransactions: true }),
      'test.effect': effectHandler('A'),
    }, { leaseSeconds: 0.2, heartbeatMs: 0 });
    const b = worker('B', { 'test.effect': effectHandler('B') }, { leaseSeconds: 30 });
    await enqueueTest(ctx.db, 'test.slow', { n: 1 });
    const id = await enqueueTest(ctx.db, 'test.effect', { n: 2 });
    const aRun = a.run();
    await sleep(350);
    assert.equal(await b.run(), 1, 'B takes over the lapsed job');
    assert.deepEqual(await effects(2), ['B']);
    gate.resolve();
    await aRun;
    assert.deepEqual(await effects(2), ['B'], 'A did not run it as well');
    assert.equal((await jobRow(id)).state, 'done');
    assert.equal(b.stats.done, 1);
    assert.equal(a.stats.lost, 1, 'A lost exactly the job B took');
    // The slow job's lease lapsed too, but nobody took it (B does not handle its kind): A still owned it and finished it.
    assert.equal(a.stats.done, 1);
  });

  test("a transactional handler whose lease is taken over just before its transaction: the owned completion matches no row, nothing of A's is written", async () => {
    await clearTestJobs();
    const id = await enqueueTest(ctx.db, 'test.effect', { n: 3 });
    const b = worker('B', { 'test.effect': effectHandler('B') });
    // A's database: before A's job transaction begins, the lease lapses and B takes the job over and completes it.
    let takenOver = false;
    const aDb: Db = Object.assign(Object.create(ctx.db) as Db, {
      tx: async <T>(fn: Parameters<Db['tx']>[0]): Promise<T> => {
        if (!takenOver) {
          takenOver = true;
          await ctx.db.query("UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = $1", [id]);
          assert.equal(await b.run(), 1);
        }
        return ctx.db.tx(fn) as Promise<T>;
      },
    });
    const a = worker('A', { 'test.effect': effectHandler('A') });
    assert.equal(await a.run(aDb), 1);
    assert.ok(takenOver);
    assert.deepEqual(await effects(3), ['B']);
    assert.equal(a.stats.lost, 1);
    assert.equal(a.stats.done, 0);
    const row = await jobRow(id);
    assert.equal(row.state, 'done');
    assert.equal(row.attempts, 2, 'one start each');
  });

  test('a long handler renews its lease (heartbeat): nobody takes it over while it runs; a forced takeover aborts its signal and its completion is ignored', async () => {
    await clearTestJobs();
    const gate = deferred();
    let signal: AbortSignal | undefined;
    const slow = jobHandler(
      TEST_PAYLOADS['test.slow'],
      async (_c: unknown, _q, _p, run) => {
        signal = run?.signal;
        await gate.promise;
      },
      { ownTransactions: true },
    );
    const a = worker('A', { 'test.slow': slow }, { leaseSeconds: 0.3, heartbeatMs: 60 });
    const bDone = jobHandler(TEST_PAYLOADS['test.slow'], async (_c: unknown) => {});
    const b = worker('B', { 'test.slow': bDone }, { leaseSeconds: 30 });
    const id = await enqueueTest(ctx.db, 'test.slow', { n: 4 });
    const aRun = a.run();
    await sleep(700);
    assert.equal(await b.run(), 0, 'the heartbeat kept the lease: nothing to take over after twice the lease');
    assert.equal((await jobRow(id)).state, 'running');
    // As if A's heartbeats had stopped (a paused process): the lease lapses and B takes over.
    await ctx.db.query("UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = $1", [id]);
    assert.equal(await b.run(), 1);
    assert.equal(b.stats.done, 1);
    await sleep(200);
    assert.equal(signal?.aborted, true, "A's next heartbeat found the lease gone and aborted its signal");
    gate.resolve();
    await aRun;
    assert.equal(a.stats.lost, 1);
    assert.equal(a.stats.done, 0);
    const row = await jobRow(id);
    assert.equal(row.state, 'done');
    assert.equal(row.lease_token, null);
  });

  test('a job of a kind this worker does not handle is not claimed (another process may know it)', async () => {
    await clearTestJobs();
    const id = await enqueueTest(ctx.db, 'test.other', {});
    const w = worker('W', { 'test.effect': effectHandler('W') });
    assert.equal(await w.run(), 0);
    assert.equal((await jobRow(id)).state, 'pending');
  });
});

describe(`failed is not done (${engine})`, () => {
  const flaky = (calls: { n: number }) =>
    jobHandler(TEST_PAYLOADS['test.flaky'], async (_c: unknown, q, p) => {
      calls.n++;
      await q.query('INSERT INTO test_effects (n, worker) VALUES ($1, $2)', [calls.n, 'flaky']);
      if (calls.n <= p.failTimes) throw new Error(`failure number ${calls.n}`);
    });

  test('a job failing every attempt is failed after maxAttempts, with its last error; its effects rolled back each time', async () => {
    await clearTestJobs();
    const calls = { n: 0 };
    const w = worker('W', { 'test.flaky': flaky(calls) }, { maxAttempts: 3 });
    const id = await enqueueTest(ctx.db, 'test.flaky', { failTimes: 99 });
    while ((await w.run()) > 0);
    const row = await jobRow(id);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 3);
    assert.equal(row.done_at, null, 'failed is not done');
    assert.ok(row.failed_at);
    assert.equal(row.last_error, 'failure number 3');
    assert.equal(calls.n, 3);
    assert.deepEqual(w.stats, { claimed: 3, done: 0, retried: 2, failed: 1, lost: 0 });
    assert.deepEqual(await effects(1), [], 'the failed transactions wrote nothing');
  });

  test('a job that fails and then succeeds is done, its last error cleared', async () => {
    await clearTestJobs();
    const calls = { n: 0 };
    const w = worker('W', { 'test.flaky': flaky(calls) }, { maxAttempts: 3 });
    const id = await enqueueTest(ctx.db, 'test.flaky', { failTimes: 1 });
    while ((await w.run()) > 0);
    const row = await jobRow(id);
    assert.equal(row.state, 'done');
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
    assert.ok(row.done_at);
  });

  test('a retry waits for its backoff', async () => {
    await clearTestJobs();
    const calls = { n: 0 };
    const w = worker('W', { 'test.flaky': flaky(calls) }, { backoffSeconds: (n) => 60 * n });
    const id = await enqueueTest(ctx.db, 'test.flaky', { failTimes: 1 });
    assert.equal(await w.run(), 1);
    assert.equal(await w.run(), 0, 'not due for a minute');
    const r = (await ctx.db.query<{ s: number; state: string }>('SELECT extract(epoch FROM run_at - now())::float8 AS s, state FROM jobs WHERE id = $1', [id])).rows[0]!;
    assert.equal(r.state, 'pending');
    assert.ok(r.s > 50 && r.s <= 60, String(r.s));
  });

  test('PermanentJobError fails the job at once', async () => {
    await clearTestJobs();
    const w = worker('W', {
      'test.effect': jobHandler(TEST_PAYLOADS['test.effect'], async () => {
        throw new PermanentJobError('the application does not exist');
      }),
    });
    const id = await enqueueTest(ctx.db, 'test.effect', { n: 1 });
    assert.equal(await w.run(), 1);
    const row = await jobRow(id);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'the application does not exist');
  });

  test('a job whose workers all died mid-run (the lease lapsed each time) is failed once its attempts are used up, not run again', async () => {
    await clearTestJobs();
    const id = await enqueueTest(ctx.db, 'test.effect', { n: 7 });
    await ctx.db.query("UPDATE jobs SET state = 'running', lease_token = gen_random_uuid(), locked_until = now() - interval '1 second', attempts = 3 WHERE id = $1", [id]);
    const w = worker('W', { 'test.effect': effectHandler('W') }, { maxAttempts: 3 });
    assert.equal(await w.run(), 1);
    const row = await jobRow(id);
    assert.equal(row.state, 'failed');
    assert.match(row.last_error!, /lease ran out 3 times/);
    assert.deepEqual(await effects(7), []);
  });
});

describe(`typed payloads (${engine})`, () => {
  test('a stored payload that does not parse fails its job at once (no retries, handler never called); the batch goes on', async () => {
    await clearTestJobs();
    const bad = (await ctx.db.query<{ id: number }>(`INSERT INTO jobs (kind, payload) VALUES ('test.effect', '{"n": "five"}') RETURNING id`)).rows[0]!.id;
    const good = await enqueueTest(ctx.db, 'test.effect', { n: 5 });
    const w = worker('W', { 'test.effect': effectHandler('W') });
    assert.equal(await w.run(), 2);
    const row = await jobRow(bad);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error!, /payload of test\.effect does not parse: n: /);
    assert.equal((await jobRow(good)).state, 'done');
    assert.deepEqual(await effects(5), ['W']);
    assert.equal(await w.run(), 0, 'not retried');
  });

  test('enqueue checks the payload and writes nothing for a bad one', async () => {
    await clearTestJobs();
    await assert.rejects(enqueueTest(ctx.db, 'test.effect', { n: 1.5 }), /does not parse/);
    await assert.rejects(enqueue(ctx.db, 'application.deliver', { applicationId: '' }), /does not parse/);
    // @ts-expect-error: the payload type follows the kind
    await assert.rejects(enqueue(ctx.db, 'gateway.deliver', { applicationId: 'x' }), /does not parse/);
    const written = await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE kind LIKE 'test.%' OR payload->>'applicationId' IN ('', 'x')");
    assert.equal(written.rows[0]!.n, 0);
  });

  test('every application job kind has a handler with its schema; the group-commit payload shape parses', () => {
    assert.deepEqual(Object.keys(JOB_HANDLERS).sort(), Object.keys(JOB_PAYLOADS).sort());
    for (const [k, h] of Object.entries(JOB_HANDLERS)) assert.equal(h.payload, JOB_PAYLOADS[k as keyof typeof JOB_PAYLOADS]);
    // batch.ts writes jsonb_build_object('applicationId', app.id): a uuid string.
    assert.ok(JOB_PAYLOADS['application.deliver'].safeParse({ applicationId: '01890a5d-ac96-774b-bcce-b302099a8057' }).success);
    assert.ok(!JOB_PAYLOADS['application.deliver'].safeParse({ applicationId: '01890a5d-ac96-774b-bcce-b302099a8057', extra: 1 }).success);
    // The outbox events of the action pipeline (src/tasks/actions.ts, tasks/runtime.ts), as they are written there.
    const app = '01890a5d-ac96-774b-bcce-b302099a8057';
    const outbox: Array<[keyof typeof JOB_PAYLOADS, unknown]> = [
      ['process.automatic', { applicationId: app, stepId: 'p-registry-check' }],
      ['notify.extension', JSON.parse(JSON.stringify({ applicationId: app, dueDate: '2027-01-15', noticeBy: '2027-01-05', extensionId: 'late-registration' }))],
      ['notify.returned', { applicationId: app }],
      ['notify.decision-signed', { applicationId: app, decision: 'approve' }],
      ['notify.task-warning', { taskId: app, assigneeId: null, orgId: 'pavlodar-archives', role: 'responsible-executor' }],
      ['notify.task-escalated', { taskId: app, orgId: 'pavlodar-archives', role: 'provider-head' }],
    ];
    for (const [kind, payload] of outbox) assert.ok(JOB_PAYLOADS[kind].safeParse(payload).success, kind);
  });
});

describe(`dedup key (${engine})`, () => {
  test('at most one open job per (kind, dedup key): a duplicate returns the open id; once done, a new one is made', async () => {
    await clearTestJobs();
    const first = await enqueueTest(ctx.db, 'test.effect', { n: 1 }, { dedupKey: 'k1' });
    assert.equal(await enqueueTest(ctx.db, 'test.effect', { n: 2 }, { dedupKey: 'k1' }), first, 'a no-op returning the open job');
    const otherKey = await enqueueTest(ctx.db, 'test.effect', { n: 3 }, { dedupKey: 'k2' });
    const otherKind = await enqueueTest(ctx.db, 'test.slow', { n: 4 }, { dedupKey: 'k1' });
    const noKey = [await enqueueTest(ctx.db, 'test.effect', { n: 5 }), await enqueueTest(ctx.db, 'test.effect', { n: 5 })];
    assert.equal(new Set([first, otherKey, otherKind, ...noKey]).size, 5);
    const w = worker('W', { 'test.effect': effectHandler('W') });
    while ((await w.run()) > 0);
    assert.deepEqual(await effects(1), ['W']);
    assert.deepEqual(await effects(2), [], 'the duplicate never ran');
    const again = await enqueueTest(ctx.db, 'test.effect', { n: 6 }, { dedupKey: 'k1' });
    assert.notEqual(again, first, 'the first is done: a new job');
  });

  test('a job enqueues its own successor under its own key (its row is done first in its transaction)', async () => {
    await clearTestJobs();
    const chain = jobHandler(TEST_PAYLOADS['test.effect'], async (_c: unknown, q, p) => {
      await q.query('INSERT INTO test_effects (n, worker) VALUES ($1, $2)', [p.n, 'chain']);
      if (p.n < 3) await enqueueTest(q, 'test.effect', { n: p.n + 1 }, { dedupKey: 'chain' });
    });
    await enqueueTest(ctx.db, 'test.effect', { n: 1 }, { dedupKey: 'chain' });
    const w = worker('W', { 'test.effect': chain });
    while ((await w.run()) > 0);
    assert.deepEqual([await effects(1), await effects(2), await effects(3)], [['chain'], ['chain'], ['chain']]);
    const states = (await ctx.db.query<{ state: string }>("SELECT state FROM jobs WHERE kind = 'test.effect' ORDER BY id")).rows.map((r) => r.state);
    assert.deepEqual(states, ['done', 'done', 'done']);
  });

  test('concurrent enqueues of one key make one job', async () => {
    await clearTestJobs();
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => ctx.db.tx((q) => enqueueTest(q, 'test.effect', { n: i }, { dedupKey: 'same' }))));
    assert.equal(new Set(ids).size, 1);
    assert.equal((await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE kind = 'test.effect' AND dedup_key = 'same'")).rows[0]!.n, 1);
  });

  test('a running job keeps its key: a duplicate enqueued meanwhile is a no-op', async () => {
    await clearTestJobs();
    const gate = deferred();
    const w = worker('W', { 'test.slow': jobHandler(TEST_PAYLOADS['test.slow'], async () => gate.promise, { ownTransactions: true }) });
    const id = await enqueueTest(ctx.db, 'test.slow', { n: 1 }, { dedupKey: 'run' });
    const running = w.run();
    await sleep(100);
    assert.equal((await jobRow(id)).state, 'running');
    assert.equal(await enqueueTest(ctx.db, 'test.slow', { n: 2 }, { dedupKey: 'run' }), id);
    gate.resolve();
    await running;
  });
});

describe(`waking up (${engine})`, () => {
  /** A worker that polls only once a minute: a job it runs sooner was announced to it. */
  async function sleepyWorker(name: string, opts: { wake?: boolean } = {}) {
    const stats = newJobStats();
    const w = startWorker({ db: ctx.db }, { 'test.effect': effectHandler(name) }, 60_000, [], { stats, ...opts });
    await sleep(300); // listening
    return { stats, stop: w.stop };
  }
  async function until(ok: () => Promise<boolean>, ms: number): Promise<number> {
    const t0 = Date.now();
    while (Date.now() - t0 < ms) {
      if (await ok()) return Date.now() - t0;
      await sleep(10);
    }
    return Infinity;
  }

  test('a job enqueued for now runs at once, long before the next poll; one enqueued for later, or rolled back, wakes nobody to run it', async () => {
    await clearTestJobs();
    const w = await sleepyWorker('W');
    try {
      const id = await enqueueTest(ctx.db, 'test.effect', { n: 1 });
      const took = await until(async () => (await jobRow(id)).state === 'done', 5_000);
      assert.ok(took < 5_000, `done after ${took} ms (the poll is 60 s)`);
      assert.deepEqual(await effects(1), ['W']);
      // Written by a set-based INSERT (as the submission batch and the outbox write theirs): announced too.
      await ctx.db.query(`INSERT INTO jobs (kind, payload) SELECT 'test.effect', jsonb_build_object('n', n) FROM generate_series(2, 4) n`);
      assert.ok((await until(async () => (await effects(4)).length === 1, 5_000)) < 5_000, 'the set-based jobs ran');
      assert.deepEqual([...(await effects(2)), ...(await effects(3))], ['W', 'W']);
      // Due in an hour: the wake-up is not sent, and the job waits.
      const later = await enqueueTest(ctx.db, 'test.effect', { n: 5 }, { delaySeconds: 3600 });
      // Rolled back: nothing to announce.
      await assert.rejects(
        ctx.db.tx(async (q) => {
          await enqueueTest(q, 'test.effect', { n: 6 });
          throw new Error('rolled back');
        }),
      );
      await sleep(500);
      assert.equal((await jobRow(later)).state, 'pending');
      assert.deepEqual(await effects(6), []);
      assert.equal(w.stats.done, 4);
    } finally {
      await w.stop();
    }
  });

  test('without the wake-up (wake: false) the same job waits for the poll', async () => {
    await clearTestJobs();
    const w = await sleepyWorker('W', { wake: false });
    try {
      const id = await enqueueTest(ctx.db, 'test.effect', { n: 1 });
      await sleep(1_000);
      assert.equal((await jobRow(id)).state, 'pending');
    } finally {
      await w.stop();
    }
  });

  test('two workers woken by one job: it runs once (the claim is still FOR UPDATE SKIP LOCKED)', async () => {
    await clearTestJobs();
    const a = await sleepyWorker('A');
    const b = await sleepyWorker('B');
    try {
      const ids = [];
      for (let n = 1; n <= 20; n++) ids.push(await enqueueTest(ctx.db, 'test.effect', { n }));
      await until(async () => (await ctx.db.query<{ c: number }>("SELECT count(*)::int AS c FROM jobs WHERE kind = 'test.effect' AND state = 'done'")).rows[0]!.c === 20, 10_000);
      for (let n = 1; n <= 20; n++) assert.equal((await effects(n)).length, 1, `job ${n} ran once`);
      assert.equal(a.stats.done + b.stats.done, 20);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe(`admin: failed jobs and replay (${engine})`, () => {
  const tokens = new Map<string, string>();
  const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
  const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen' && !a.mfaSms)!;
  const auth = (who: typeof admin) => ({ authorization: `Bearer ${tokens.get(who.iin)}` });

  before(async () => {
    for (const who of [admin, citizen]) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
      assert.equal(r.statusCode, 200, r.body);
      tokens.set(who.iin, r.json().token);
    }
  });

  test('GET /api/v1/admin/jobs?state=failed lists failed jobs with their last error; POST …/retry runs one again', async () => {
    await clearTestJobs();
    let broken = true;
    const w = worker('W', {
      'test.effect': jobHandler(TEST_PAYLOADS['test.effect'], async (_c: unknown, q, p) => {
        if (broken) throw new Error('the registry is down');
        await q.query('INSERT INTO test_effects (n, worker) VALUES ($1, $2)', [p.n, 'W']);
      }),
    }, { maxAttempts: 2 });
    const id = await enqueueTest(ctx.db, 'test.effect', { n: 9 });
    while ((await w.run()) > 0);

    const list = await app.inject({ url: '/api/v1/admin/jobs?state=failed', headers: auth(admin) });
    assert.equal(list.statusCode, 200, list.body);
    const item = list.json().items.find((j: { id: number }) => j.id === id);
    assert.ok(item, 'the failed job is listed');
    assert.equal(item.state, 'failed');
    assert.equal(item.kind, 'test.effect');
    assert.equal(item.attempts, 2);
    assert.equal(item.lastError, 'the registry is down');
    assert.deepEqual(item.payload, { n: 9 });
    assert.ok(item.failedAt);
    assert.equal(item.doneAt, null);
    const done = await app.inject({ url: '/api/v1/admin/jobs?state=done&kind=test.effect', headers: auth(admin) });
    assert.equal(done.json().items.length, 0, 'failed is not listed as done');

    assert.equal((await app.inject({ url: '/api/v1/admin/jobs?state=failed', headers: auth(citizen) })).statusCode, 403);
    assert.equal((await app.inject({ url: '/api/v1/admin/jobs?state=failed' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth(citizen) })).statusCode, 403);
    assert.equal((await app.inject({ url: '/api/v1/admin/jobs?state=lost', headers: auth(admin) })).statusCode, 422);

    broken = false;
    const retried = await app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth(admin) });
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().state, 'pending');
    assert.equal(retried.json().attempts, 0);
    assert.equal(retried.json().failedAt, null);
    const audit = await ctx.db.query<{ actor_id: string }>("SELECT actor_id FROM audit_log WHERE event = 'jobs.retried' AND subject_id = $1", [String(id)]);
    assert.equal(audit.rows.length, 1);
    while ((await w.run()) > 0);
    assert.equal((await jobRow(id)).state, 'done');
    assert.deepEqual(await effects(9), ['W']);

    const again = await app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${id}/retry`, headers: auth(admin) });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'JOB_NOT_FAILED');
    assert.ok(again.json().message.kk && again.json().message.ru && again.json().message.en);
    const missing = await app.inject({ method: 'POST', url: '/api/v1/admin/jobs/999999999/retry', headers: auth(admin) });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'JOB_NOT_FOUND');
  });

  test('replaying a failed job whose dedup key has an open job again answers 409 and changes nothing', async () => {
    await clearTestJobs();
    const w = worker('W', { 'test.effect': jobHandler(TEST_PAYLOADS['test.effect'], async () => Promise.reject(new PermanentJobError('no'))) });
    const failed = await enqueueTest(ctx.db, 'test.effect', { n: 1 }, { dedupKey: 'd' });
    await w.run();
    assert.equal((await jobRow(failed)).state, 'failed');
    const open = await enqueueTest(ctx.db, 'test.effect', { n: 2 }, { dedupKey: 'd' });
    assert.notEqual(open, failed, 'a failed job does not hold its key');
    const r = await app.inject({ method: 'POST', url: `/api/v1/admin/jobs/${failed}/retry`, headers: auth(admin) });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'JOB_DUPLICATE_OPEN');
    assert.equal((await jobRow(failed)).state, 'failed');
  });

  test('the list pages with `next`', async () => {
    await clearTestJobs();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await enqueueTest(ctx.db, 'test.other', {}));
    const p1 = (await app.inject({ url: '/api/v1/admin/jobs?kind=test.other&limit=3', headers: auth(admin) })).json();
    assert.deepEqual(p1.items.map((j: { id: number }) => j.id), ids.slice(2).reverse());
    const p2 = (await app.inject({ url: `/api/v1/admin/jobs?kind=test.other&limit=3&before=${p1.next}`, headers: auth(admin) })).json();
    assert.deepEqual(p2.items.map((j: { id: number }) => j.id), ids.slice(0, 2).reverse());
    assert.equal(p2.next, null);
  });
});
