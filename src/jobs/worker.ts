/**
 * Jobs and timers live in PostgreSQL (README.md in this folder). Any number of server processes
 * poll the `jobs` table and claim due rows with FOR UPDATE SKIP LOCKED. Each claim carries an
 * owner token; each job gets its own lease when it starts (not when its batch was claimed), and
 * only the worker still holding the token may mark it done, schedule its retry or fail it. A job
 * whose lease ran out is taken over by the next claim, and whatever its first worker does after
 * that changes nothing: a transactional handler's effects roll back with its completion update.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db, Queryable } from '../db/db.ts';

/** What the worker tells a handler about the run: the job, its attempt, and a signal aborted when the lease is lost. */
export interface JobRun {
  id: number;
  kind: string;
  attempt: number;
  /** Aborted when a heartbeat finds the lease taken over (ownTransactions handlers): stop, nothing more will be recorded. */
  signal: AbortSignal;
}

/**
 * Runs in the job's transaction (the job is marked done in it, by its owner only), unless
 * `ownTransactions` is set: then it gets the database itself and keeps no transaction open while it
 * waits on something slow (a state system); its lease is renewed while it runs, and the job is
 * marked done after it returns. Such a handler runs at least once, so it must be idempotent (the
 * gateway's delivery claims its message itself). `payload` parses the stored payload first: one that
 * does not parse fails the job at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler<P = any, C = AppContext> = ((ctx: C, q: Queryable, payload: P, run?: JobRun) => Promise<void>) & {
  payload: z.ZodType<P>;
  ownTransactions?: boolean;
};

/** A handler of any payload, as the worker holds them by kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobHandler<C = AppContext> = JobHandler<any, C>;

/** A handler with its payload schema (see kinds.ts for the application's table). */
export function jobHandler<S extends z.ZodType, C = AppContext>(
  payload: S,
  run: (ctx: C, q: Queryable, payload: z.output<S>, job?: JobRun) => Promise<void>,
  opts: { ownTransactions?: boolean } = {},
): JobHandler<z.output<S>, C> {
  // A function of its own: `run` may be shared by several kinds (it is never tagged itself).
  const fn = (ctx: C, q: Queryable, p: z.output<S>, job?: JobRun) => run(ctx, q, p, job);
  return Object.assign(fn, { payload: payload as z.ZodType<z.output<S>>, ...(opts.ownTransactions ? { ownTransactions: true } : {}) });
}

/** Thrown by a handler for a failure no retry can mend (the job is failed at once). */
export class PermanentJobError extends Error {}

/** The lease was taken over: this worker records nothing more for the job. */
export class LeaseLostError extends Error {
  constructor(id: number) {
    super(`job ${id}: lease taken over by another worker`);
  }
}

/**
 * A timer: a sweep over rows that fall due by time (a co-signature not given in time), run by
 * every worker at most every `everyMs`. It claims its rows itself with FOR UPDATE SKIP LOCKED and
 * acts on them in the same transaction, so workers of several processes share the work and each
 * row fires once; it returns how many it handled (a full batch runs again at once).
 */
export interface Timer<C = AppContext> {
  name: string;
  everyMs: number;
  run: (ctx: C) => Promise<number>;
}

export const MAX_ATTEMPTS = 8;
export const LEASE_SECONDS = 60;

export interface WorkerOptions {
  /** Jobs per claim (default 50). */
  batch?: number;
  /** A job's lease from its start, and from each heartbeat (default 60 s). */
  leaseSeconds?: number;
  /** How often a running ownTransactions handler renews its lease (default a third of the lease; 0: never, for tests). */
  heartbeatMs?: number;
  /** After this many attempts a failing job is failed (default 8). */
  maxAttempts?: number;
  /** Seconds until the next attempt after attempt `n` failed (default 2^n). */
  backoffSeconds?: (attempt: number) => number;
  /** Counts are added here (tests, the two-process harness). */
  stats?: JobStats;
}

export interface JobStats {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
  /** Jobs this worker held but another took over (lease ran out before start, or during a run): nothing recorded. */
  lost: number;
}

export const newJobStats = (): JobStats => ({ claimed: 0, done: 0, retried: 0, failed: 0, lost: 0 });

interface Claimed {
  id: number;
  kind: string;
  payload: unknown;
  run_at: Date;
}

type Ctx = { db: Db };

/** Claims up to `batch` due jobs of the kinds in `handlers` (and lapsed leases of them), then runs them one by one. Returns how many it claimed. */
export async function runDueJobs<C extends Ctx = AppContext>(ctx: C, handlers: Record<string, AnyJobHandler<C>>, opts: number | WorkerOptions = {}): Promise<number> {
  const o = typeof opts === 'number' ? { batch: opts } : opts;
  const batch = o.batch ?? 50;
  const lease = o.leaseSeconds ?? LEASE_SECONDS;
  const token = randomUUID();
  const claimed = await ctx.db.query<Claimed>(
    `WITH due AS (SELECT id FROM jobs WHERE state = 'pending' AND run_at <= now() AND kind = ANY($3::text[])
                   ORDER BY run_at, id LIMIT $1 FOR UPDATE SKIP LOCKED),
          lapsed AS (SELECT id FROM jobs WHERE state = 'running' AND locked_until < now() AND kind = ANY($3::text[])
                      ORDER BY locked_until LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE jobs SET state = 'running', lease_token = $4, locked_until = now() + make_interval(secs => $2)
      WHERE id IN (SELECT id FROM due UNION ALL SELECT id FROM lapsed)
      RETURNING id, kind, payload, run_at`,
    [batch, lease, Object.keys(handlers), token],
  );
  const jobs = claimed.rows.sort((a, b) => +a.run_at - +b.run_at || a.id - b.id);
  if (o.stats) o.stats.claimed += jobs.length;
  for (const job of jobs) await runOne(ctx, handlers[job.kind]!, job, token, o);
  return jobs.length;
}

const OWNED = "id = $1 AND lease_token = $2 AND state = 'running'";

async function runOne<C extends Ctx>(ctx: C, handler: AnyJobHandler<C>, job: Claimed, token: string, o: WorkerOptions): Promise<void> {
  const lease = o.leaseSeconds ?? LEASE_SECONDS;
  const maxAttempts = o.maxAttempts ?? MAX_ATTEMPTS;
  const stats = o.stats;
  // The job's own lease starts now; a job whose lease lapsed while it waited in the batch and was taken over is skipped.
  const started = await ctx.db.query<{ attempts: number }>(
    `UPDATE jobs SET attempts = attempts + 1, started_at = now(), locked_until = now() + make_interval(secs => $3) WHERE ${OWNED} RETURNING attempts`,
    [job.id, token, lease],
    'jobs_start',
  );
  const attempt = started.rows[0]?.attempts;
  if (attempt === undefined) {
    if (stats) stats.lost++;
    return;
  }
  const finish = async (error: string, permanent: boolean) => {
    const give = permanent || attempt >= maxAttempts;
    const r = await ctx.db.query(
      `UPDATE jobs SET state = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, failed_at = CASE WHEN $3 THEN now() END,
              lease_token = NULL, locked_until = NULL, last_error = $4,
              run_at = CASE WHEN $3 THEN run_at ELSE now() + make_interval(secs => $5) END
        WHERE ${OWNED}`,
      [job.id, token, give, error.slice(0, 1000), (o.backoffSeconds ?? ((n: number) => 2 ** n))(attempt)],
      'jobs_fail',
    );
    if (stats) {
      if (!r.rowCount) stats.lost++;
      else if (give) stats.failed++;
      else stats.retried++;
    }
  };
  if (attempt > maxAttempts) {
    // Every attempt so far ended with its worker gone mid-job (the lease lapsed, nothing recorded): stop here.
    await finish(`the lease ran out ${maxAttempts} times without an outcome (the worker stopped mid-job)`, true);
    return;
  }
  const parsed = handler.payload.safeParse(job.payload);
  if (!parsed.success) {
    await finish(`payload of ${job.kind} does not parse: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, true);
    return;
  }
  const ac = new AbortController();
  const run: JobRun = { id: job.id, kind: job.kind, attempt, signal: ac.signal };
  const markDone = (q: Queryable) =>
    q.query(`UPDATE jobs SET state = 'done', done_at = now(), lease_token = NULL, locked_until = NULL, last_error = NULL WHERE ${OWNED}`, [job.id, token], 'jobs_done');
  try {
    if (handler.ownTransactions) {
      const stop = heartbeat(ctx.db, job.id, token, lease, o.heartbeatMs ?? (lease * 1000) / 3, ac);
      try {
        await handler(ctx, ctx.db, parsed.data, run);
      } finally {
        stop();
      }
      if (!(await markDone(ctx.db)).rowCount) throw new LeaseLostError(job.id);
    } else
      await ctx.db.tx(async (q) => {
        // Completion first, owned: it also locks the row, so nobody takes the job over while this
        // transaction lives; a lost lease rolls the handler's effects back with it.
        if (!(await markDone(q)).rowCount) throw new LeaseLostError(job.id);
        await handler(ctx, q, parsed.data, run);
      });
    if (stats) stats.done++;
  } catch (e) {
    if (e instanceof LeaseLostError) {
      if (stats) stats.lost++;
      return;
    }
    await finish(String((e as Error)?.message ?? e), e instanceof PermanentJobError);
  }
}

/** Renews a running job's lease every `everyMs` while its handler runs; aborts `ac` when the lease is found taken over. */
function heartbeat(db: Db, id: number, token: string, lease: number, everyMs: number, ac: AbortController): () => void {
  if (!(everyMs > 0)) return () => {};
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const beat = async () => {
    try {
      const r = await db.query(`UPDATE jobs SET locked_until = now() + make_interval(secs => $3) WHERE ${OWNED}`, [id, token, lease], 'jobs_heartbeat');
      if (!r.rowCount) {
        ac.abort(new LeaseLostError(id));
        return;
      }
    } catch {
      // the database may be briefly unavailable: try again on the next beat
    }
    if (!stopped) timer = setTimeout(beat, everyMs);
  };
  timer = setTimeout(beat, everyMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** The channel a job due now is announced on (migration 023's trigger, at the inserting transaction's commit). */
export const JOBS_CHANNEL = 'qyzmet_jobs';

/**
 * Run until stopped: drains quickly while there is work, then sleeps `idleMs` — unless a job due
 * now is enqueued meanwhile (by any process on the database): its NOTIFY wakes the worker at once
 * (README.md, "Waking up"). The poll stays as the fallback (jobs due later, lease takeovers, a
 * listening connection that is down). `opts.wake: false` polls only.
 */
export function startWorker<C extends Ctx = AppContext>(
  ctx: C,
  handlers: Record<string, AnyJobHandler<C>>,
  idleMs = 500,
  timers: readonly Timer<C>[] = [],
  opts: WorkerOptions & { wake?: boolean } = {},
): { stop: () => Promise<void> } {
  let stopped = false;
  const nextRun = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  /** A wake-up came while a turn ran: the next turn starts at once (the job may have been committed after this turn's claim). */
  let again = false;
  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
  };
  const tick = () => {
    timer = undefined;
    busy = true;
    again = false;
    running = (async () => {
      let n = 0;
      try {
        n = await runDueJobs(ctx, handlers, opts);
      } catch {
        // the database may be briefly unavailable; try again on the next tick
      }
      for (const t of timers) {
        if (stopped || Date.now() < (nextRun.get(t.name) ?? 0)) continue;
        let handled = 0;
        try {
          handled = await t.run(ctx);
        } catch {
          // as for jobs: the next turn tries again
        }
        nextRun.set(t.name, handled > 0 ? 0 : Date.now() + t.everyMs);
        n += handled;
      }
      busy = false;
      if (!stopped) schedule(n > 0 || again ? 0 : idleMs);
    })();
  };
  const wake = () => {
    if (stopped) return;
    if (busy) again = true;
    else schedule(0);
  };
  // Listening (again, after the connection came back) may have missed a notification: one turn at once.
  const listening =
    opts.wake === false || typeof ctx.db.listen !== 'function'
      ? Promise.resolve(null)
      : ctx.db.listen([JOBS_CHANNEL], wake, { name: 'qyzmet-jobs', onState: (up) => up && wake() }).catch(() => null);
  schedule(idleMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await (await listening)?.();
      await running;
    },
  };
}
