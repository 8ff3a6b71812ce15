/**
 * The task timers: a sweep over open tasks whose warning or due time has passed. Each due task
 * is claimed with FOR UPDATE SKIP LOCKED and its timer action (warn, timeout) runs through the
 * pipeline in the same transaction, so with several server processes each fires exactly once:
 * a second sweeper skips the locked row, and after the commit the row no longer matches
 * (warned_at / escalated_at set, or the task closed). Closing a task cancels its timers (only
 * open tasks match).
 *
 * A turn is two statements whatever the batch: the claim (the tasks with their applications,
 * locked) and one ledger statement for every action's rows. Should any action fail, the turn is
 * rolled back and run again task by task, each in its own savepoint, so that one task's failure
 * never holds up the others.
 */
import { execute, type ActionSpec } from '../actions/executor.ts';
import { LedgerBatch, TIMER_ACTOR } from '../actions/ledger.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { type JoinedRow, subjectOf, TASK_COLS, timeoutTask, type TaskResult, type TaskSubject, warnTask } from './actions.ts';
import { CASE_COLS } from './runtime.ts';

const BATCH = 100;
type TimerSpec = ActionSpec<TaskSubject, Record<string, never>, TaskResult>;

const dueSql = (column: 'due_at' | 'warn_at', cols: string, of: string) => {
  const mark = column === 'due_at' ? 'escalated_at' : 'warned_at';
  return `SELECT ${cols} FROM tasks t JOIN applications a ON a.id = t.application_id
           WHERE t.state = 'open' AND t.${mark} IS NULL AND t.${column} <= $1
           ORDER BY t.${column} LIMIT ${BATCH} FOR UPDATE OF ${of} SKIP LOCKED`;
};

/** All due tasks in one batch: the claim, the actions, one ledger statement. Throws if any action does. */
async function sweepBatched(ctx: AppContext, column: 'due_at' | 'warn_at', spec: TimerSpec, now: Date): Promise<number> {
  return ctx.db.tx(async (q) => {
    const due = await q.query<JoinedRow>(dueSql(column, `${TASK_COLS}, ${CASE_COLS}`, 't, a'), [now]);
    if (!due.rows.length) return 0;
    const batch = new LedgerBatch(q);
    // One action per application a turn (its row as claimed is the subject's); a second due task of it waits for the next.
    const seen = new Set<string>();
    let n = 0;
    for (const row of due.rows) {
      if (seen.has(row.application_id)) continue;
      seen.add(row.application_id);
      n++;
      const subject = subjectOf(ctx, row);
      // The claim loaded and locked the subject: the action reuses it.
      await execute(ctx, { ...spec, load: async () => subject }, { actor: TIMER_ACTOR, subjectId: subject.task.id, body: {}, now }, batch);
    }
    await batch.flush();
    return n;
  });
}

/** Task by task, each in its own savepoint (after a batched turn failed). */
async function sweepOneByOne(ctx: AppContext, column: 'due_at' | 'warn_at', spec: TimerSpec, now: Date): Promise<number> {
  return ctx.db.tx(async (q) => {
    const due = await q.query<{ id: string }>(dueSql(column, 't.id', 't'), [now]);
    let n = 0;
    for (const t of due.rows) {
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

async function sweep(ctx: AppContext, column: 'due_at' | 'warn_at', spec: TimerSpec, now: Date): Promise<number> {
  try {
    return await sweepBatched(ctx, column, spec, now);
  } catch {
    return sweepOneByOne(ctx, column, spec, now);
  }
}

/** One turn of both timers; returns how many fired (a full batch makes the worker run again at once). */
export async function sweepTaskTimers(ctx: AppContext, now = new Date()): Promise<number> {
  const warned = await sweep(ctx, 'warn_at', warnTask, now);
  const breached = await sweep(ctx, 'due_at', timeoutTask, now);
  return breached + warned;
}
