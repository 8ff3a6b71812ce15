/**
 * The task timers: a sweep over open tasks whose warning or due time has passed. Each due task
 * is claimed with FOR UPDATE SKIP LOCKED and its timer action (warn, timeout) runs through the
 * pipeline in the same transaction, so with several server processes each fires exactly once:
 * a second sweeper skips the locked row, and after the commit the row no longer matches
 * (warned_at / escalated_at set, or the task closed). Closing a task cancels its timers (only
 * open tasks match).
 */
import { execute, type ActionSpec } from '../actions/executor.ts';
import { TIMER_ACTOR } from '../actions/ledger.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { timeoutTask, type TaskResult, type TaskSubject, warnTask } from './actions.ts';

const BATCH = 100;

async function sweep(ctx: AppContext, column: 'due_at' | 'warn_at', spec: ActionSpec<TaskSubject, Record<string, never>, TaskResult>, now: Date): Promise<number> {
  const mark = column === 'due_at' ? 'escalated_at' : 'warned_at';
  return ctx.db.tx(async (q) => {
    const due = await q.query<{ id: string }>(
      `SELECT id FROM tasks WHERE state = 'open' AND ${mark} IS NULL AND ${column} <= $1 ORDER BY ${column} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [now],
    );
    let n = 0;
    for (const t of due.rows) {
      // Each in its own savepoint: one task's failure never holds up the others.
      await q.query('SAVEPOINT task_timer');
      try {
        await execute(ctx, spec, { actor: TIMER_ACTOR, subjectId: t.id, body: {}, now }, q);
        await q.query('RELEASE SAVEPOINT task_timer');
        n++;
      } catch (e) {
        await q.query('ROLLBACK TO SAVEPOINT task_timer');
        if (!(e instanceof AppError)) console.error(`task timer ${spec.name} ${t.id}:`, e);
      }
    }
    return n;
  });
}

/** One turn of both timers; returns how many fired (a full batch makes the worker run again at once). */
export async function sweepTaskTimers(ctx: AppContext, now = new Date()): Promise<number> {
  const warned = await sweep(ctx, 'warn_at', warnTask, now);
  const breached = await sweep(ctx, 'due_at', timeoutTask, now);
  return breached + warned;
}
