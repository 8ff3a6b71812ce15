/**
 * Jobs and timers live in PostgreSQL. Any number of server processes poll the
 * `jobs` table and claim due rows with FOR UPDATE SKIP LOCKED, so adding
 * processes scales the work out and no job runs twice at once. A claimed job is
 * leased (locked_until); a crashed worker's lease expires and another takes it.
 * Failures are retried with exponential backoff up to MAX_ATTEMPTS.
 */
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';

/**
 * Runs in the job's transaction (the job is marked done in it), unless `ownTransactions` is
 * set: then it gets the database itself and keeps no transaction open while it waits on
 * something slow (a state system); the job is marked done after it returns.
 */
export type JobHandler = ((ctx: AppContext, q: Queryable, payload: Record<string, unknown>) => Promise<void>) & { ownTransactions?: boolean };

/**
 * A timer: a sweep over rows that fall due by time (a co-signature not given in time), run by
 * every worker at most every `everyMs`. It claims its rows itself with FOR UPDATE SKIP LOCKED, so
 * workers of several processes share the work; it returns how many it handled (a full batch runs
 * again at once).
 */
export interface Timer {
  name: string;
  everyMs: number;
  run: (ctx: AppContext) => Promise<number>;
}

const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;

export async function runDueJobs(ctx: AppContext, handlers: Record<string, JobHandler>, batch = 50): Promise<number> {
  const claimed = await ctx.db.query<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number }>(
    `UPDATE jobs SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
      WHERE id IN (SELECT id FROM jobs
                    WHERE done_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now())
                    ORDER BY run_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, attempts`,
    [batch, LEASE_SECONDS],
  );
  for (const job of claimed.rows) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      if (handler.ownTransactions) {
        await handler(ctx, ctx.db, job.payload);
        await ctx.db.query('UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1', [job.id]);
      } else
        await ctx.db.tx(async (q) => {
          await handler(ctx, q, job.payload);
          await q.query('UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1', [job.id]);
        });
    } catch (e) {
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      await ctx.db.query(
        `UPDATE jobs SET locked_until = NULL, last_error = $2,
                run_at = now() + make_interval(secs => $3), done_at = CASE WHEN $4 THEN now() ELSE NULL END
          WHERE id = $1`,
        [job.id, String((e as Error).message).slice(0, 1000), 2 ** job.attempts, giveUp],
      );
    }
  }
  return claimed.rows.length;
}

/** Poll until stopped; drains quickly while there is work, then sleeps `idleMs`. */
export function startWorker(ctx: AppContext, handlers: Record<string, JobHandler>, idleMs = 500, timers: readonly Timer[] = []): { stop: () => Promise<void> } {
  let stopped = false;
  const nextRun = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let n = 0;
      try {
        n = await runDueJobs(ctx, handlers);
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
      if (!stopped) timer = setTimeout(tick, n > 0 ? 0 : idleMs);
    })();
  };
  timer = setTimeout(tick, idleMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
