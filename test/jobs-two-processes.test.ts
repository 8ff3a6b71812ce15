/**
 * Jobs and timers fire exactly once when several server processes share one PostgreSQL database
 * (issue 9 item 4; src/jobs/README.md). Two separate Node processes (test/helpers/job-worker-process.ts,
 * the real worker loop) work one queue of 500 jobs and one table of 500 due timer rows; every firing
 * writes a row naming its process, with no unique constraint to hide a second firing. Then: with a
 * lease so short that jobs are taken over while they wait in a batch; and with one process killed
 * in the middle, whose jobs the other takes over once their leases run out.
 *
 * PGlite cannot be shared by processes: this runs on TEST_DATABASE_URL (npm run test:pg) or on a fresh
 * database of the local server (test/helpers/processes.ts), and is skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { openPostgres, type Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { queueFor } from '../src/jobs/queue.ts';
import type { JobStats } from '../src/jobs/worker.ts';
import { sharedPostgres, spawnTsx, type SharedDb, type Spawned } from './helpers/processes.ts';

const SCRIPT = fileURLToPath(new URL('./helpers/job-worker-process.ts', import.meta.url));
const N = 500;
const shared = await sharedPostgres();
const skip = 'skip' in shared ? shared.skip : false;
let db: Db;
const enqueueFire = queueFor({ 'test.fire': z.object({ n: z.number().int() }).strict() });

before(async () => {
  if (skip) return;
  db = await openPostgres((shared as SharedDb).url, 4);
  await migrate(db);
  await db.exec(`
    CREATE TABLE fired (job_id bigint NOT NULL, n int NOT NULL, pid int NOT NULL);
    CREATE TABLE test_timers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, due_at timestamptz NOT NULL, fired_at timestamptz);
    CREATE TABLE timer_fired (timer_id bigint NOT NULL, pid int NOT NULL);`);
});

after(async () => {
  if (skip) return;
  await db?.close();
  await (shared as SharedDb).drop();
});

/** 500 jobs and 500 timer rows, all due now (and nothing else of the test's kinds). */
async function load() {
  await db.exec("TRUNCATE fired, test_timers, timer_fired; DELETE FROM jobs WHERE kind = 'test.fire';");
  await db.tx(async (q) => {
    for (let n = 0; n < N; n++) await enqueueFire(q, 'test.fire', { n });
  });
  await db.query(`INSERT INTO test_timers (due_at) SELECT now() - make_interval(secs => g) FROM generate_series(1, ${N}) g`);
}

function start(env: Record<string, string>): Spawned[] {
  return [0, 1].map(() => spawnTsx(SCRIPT, { env: { DATABASE_URL: (shared as SharedDb).url, ...env } }));
}

async function go(procs: Spawned[]) {
  await Promise.all(procs.map((p) => p.waitFor((m) => m.type === 'ready', 60_000)));
  for (const p of procs) p.send({ type: 'go' });
}

type Finished = { pid: number; stats: JobStats; timers: number };
const finished = async (p: Spawned) => (await p.waitFor((m) => m.type === 'finished', 120_000)) as unknown as Finished;

/** Every job and every timer row fired exactly once; returns how many each process fired. */
async function assertExactlyOnce(): Promise<{ jobsBy: Map<number, number>; timersBy: Map<number, number> }> {
  const jobs = (await db.query<{ n: number; distinct_jobs: number; distinct_n: number }>('SELECT count(*)::int AS n, count(DISTINCT job_id)::int AS distinct_jobs, count(DISTINCT n)::int AS distinct_n FROM fired')).rows[0]!;
  assert.deepEqual(jobs, { n: N, distinct_jobs: N, distinct_n: N }, 'each job fired exactly once');
  const states = (await db.query<{ state: string; c: number }>("SELECT state, count(*)::int AS c FROM jobs WHERE kind = 'test.fire' GROUP BY state")).rows;
  assert.deepEqual(states, [{ state: 'done', c: N }]);
  const timers = (await db.query<{ n: number; distinct_timers: number }>('SELECT count(*)::int AS n, count(DISTINCT timer_id)::int AS distinct_timers FROM timer_fired')).rows[0]!;
  assert.deepEqual(timers, { n: N, distinct_timers: N }, 'each timer fired exactly once');
  assert.equal((await db.query<{ c: number }>('SELECT count(*)::int AS c FROM test_timers WHERE fired_at IS NULL')).rows[0]!.c, 0);
  const by = async (sql: string) => new Map((await db.query<{ pid: number; c: number }>(sql)).rows.map((r) => [r.pid, r.c]));
  return {
    jobsBy: await by('SELECT pid, count(*)::int AS c FROM fired GROUP BY pid'),
    timersBy: await by('SELECT pid, count(*)::int AS c FROM timer_fired GROUP BY pid'),
  };
}

describe('jobs and timers across two processes (PostgreSQL)', { skip }, () => {
  test('500 jobs and 500 timers: each fires exactly once, and both processes take part', { timeout: 180_000 }, async () => {
    await load();
    const procs = start({ LEASE_SECONDS: '60', BATCH: '10', HANDLER_MS: '2' });
    await go(procs);
    const results = await Promise.all(procs.map(finished));
    const { jobsBy, timersBy } = await assertExactlyOnce();
    for (const p of procs) {
      assert.ok((jobsBy.get(p.pid) ?? 0) > 0, `process ${p.pid} ran jobs: ${JSON.stringify([...jobsBy])}`);
      assert.ok((timersBy.get(p.pid) ?? 0) > 0, `process ${p.pid} fired timers: ${JSON.stringify([...timersBy])}`);
    }
    assert.equal(results.reduce((s, r) => s + r.stats.done, 0), N);
    assert.equal(results.reduce((s, r) => s + r.timers, 0), N);
    assert.equal(results.reduce((s, r) => s + r.stats.lost, 0), 0, 'a 60 s lease is never lost here');
  });

  test('a lease far shorter than a batch (50 ms, 10 jobs of 15 ms per claim): jobs are taken over, and still each fires once', { timeout: 180_000 }, async () => {
    await load();
    const procs = start({ LEASE_SECONDS: '0.05', BATCH: '10', HANDLER_MS: '15' });
    await go(procs);
    const results = await Promise.all(procs.map(finished));
    await assertExactlyOnce();
    const lost = results.reduce((s, r) => s + r.stats.lost, 0);
    assert.ok(lost > 0, `takeovers happened (jobs a process claimed, lost to the other and then left alone): ${JSON.stringify(results.map((r) => r.stats))}`);
    assert.equal(results.reduce((s, r) => s + r.stats.done, 0), N, 'done counted once per job across both processes');
  });

  test('a process killed in the middle of a job: the other takes its jobs over when their lease (1 s) has run out; each fires once', { timeout: 180_000 }, async () => {
    await load();
    const url = (shared as SharedDb).url;
    const env = { DATABASE_URL: url, LEASE_SECONDS: '1', BATCH: '20', HANDLER_MS: '5' };
    // A hangs in its 31st job's transaction (the effect written, not committed), holding the rest of its batch.
    const a = spawnTsx(SCRIPT, { env: { ...env, HANG_AFTER: '30' } });
    const b = spawnTsx(SCRIPT, { env });
    await go([a, b]);
    const hung = Number((await a.waitFor((m) => m.type === 'hung', 120_000)).jobId);
    a.kill('SIGKILL');
    assert.equal((await a.exited).signal, 'SIGKILL');
    const rb = await finished(b);
    const { jobsBy } = await assertExactlyOnce();
    assert.equal(jobsBy.get(a.pid), 30, "A's 30 committed jobs stay done; its 31st rolled back with the process");
    const row = (await db.query<{ state: string; attempts: number; pid: number }>('SELECT j.state, j.attempts, f.pid FROM jobs j JOIN fired f ON f.job_id = j.id WHERE j.id = $1', [hung])).rows[0]!;
    assert.deepEqual(row, { state: 'done', attempts: 2, pid: b.pid }, 'the job A died in: started twice, fired once, by B');
    assert.equal(rb.stats.done, N - 30);
  });
});
