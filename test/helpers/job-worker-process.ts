/**
 * One worker process of test/jobs-two-processes.test.ts: the real job worker (startWorker) with a
 * job kind and a timer whose every firing writes a row naming this process. It opens DATABASE_URL,
 * says {type:'ready'}, starts on {type:'go'}, and when no test job or timer row is left open says
 * {type:'finished', stats, timers} and exits.
 *
 * Environment: DATABASE_URL; LEASE_SECONDS (job lease), BATCH (jobs per claim), HANDLER_MS (how
 * long each job and timer batch holds its transaction open); HANG_AFTER: after that many jobs, the
 * next one hangs inside its transaction (its row written, not committed) and the process says
 * {type:'hung', jobId} — for a test that kills it there.
 */
import { z } from 'zod';
import { openPostgres, type Db } from '../../src/db/db.ts';
import { jobHandler, newJobStats, startWorker, type Timer } from '../../src/jobs/worker.ts';
import { onMessages, tell } from './processes.ts';

const env = process.env;
const lease = Number(env.LEASE_SECONDS ?? 60);
const batch = Number(env.BATCH ?? 50);
const handlerMs = Number(env.HANDLER_MS ?? 0);
const hangAfter = env.HANG_AFTER ? Number(env.HANG_AFTER) : null;
let jobsRun = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const FIRE_PAYLOAD = z.object({ n: z.number().int() }).strict();

type Ctx = { db: Db };

const db = await openPostgres(env.DATABASE_URL!, 4);
const ctx: Ctx = { db };
let timersFired = 0;

const handlers = {
  // In the job's transaction: the row exists exactly when the job is done.
  'test.fire': jobHandler(FIRE_PAYLOAD, async (_c: Ctx, q, p, run) => {
    await q.query('INSERT INTO fired (job_id, n, pid) VALUES ($1, $2, $3)', [run!.id, p.n, process.pid]);
    if (hangAfter !== null && ++jobsRun > hangAfter) {
      tell({ type: 'hung', jobId: run!.id });
      await new Promise(() => {});
    }
    if (handlerMs) await sleep(handlerMs);
  }),
};

// A timer as the application's are written (cosign.expire): claim due rows FOR UPDATE SKIP LOCKED and act on them in the same transaction.
const timer: Timer<Ctx> = {
  name: 'test.timer',
  everyMs: 20,
  run: (c) =>
    c.db.tx(async (q) => {
      const due = await q.query<{ id: number }>('SELECT id FROM test_timers WHERE fired_at IS NULL AND due_at <= now() ORDER BY due_at, id LIMIT 25 FOR UPDATE SKIP LOCKED');
      const ids = due.rows.map((r) => r.id);
      if (!ids.length) return 0;
      await q.query('INSERT INTO timer_fired (timer_id, pid) SELECT unnest($1::bigint[]), $2', [ids, process.pid]);
      await q.query('UPDATE test_timers SET fired_at = now() WHERE id = ANY($1::bigint[])', [ids]);
      if (handlerMs) await sleep(handlerMs);
      timersFired += ids.length;
      return ids.length;
    }),
};

const openWork = async () =>
  (
    await db.query<{ n: number }>(
      "SELECT (SELECT count(*) FROM jobs WHERE kind = 'test.fire' AND state IN ('pending', 'running')) + (SELECT count(*) FROM test_timers WHERE fired_at IS NULL) AS n",
    )
  ).rows[0]!.n;

onMessages(async (m) => {
  if (m.type !== 'go') return;
  const stats = newJobStats();
  const worker = startWorker(ctx, handlers, 5, [timer], { leaseSeconds: lease, batch, stats, backoffSeconds: () => 0 });
  for (;;) {
    await sleep(50);
    if ((await openWork()) === 0) break;
  }
  await worker.stop();
  tell({ type: 'finished', pid: process.pid, stats, timers: timersFired });
  await db.close();
  process.exit(0);
});

// Never outlive the test: its parent gone (stdin closed) or a stuck run.
process.stdin.on('end', () => process.exit(3));
setTimeout(() => process.exit(2), 180_000).unref();
tell({ type: 'ready', pid: process.pid });
