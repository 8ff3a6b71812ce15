/**
 * Writing and reading the queue: `enqueue` (typed by the kinds table, kinds.ts), the admin's list
 * of jobs by state and the replay of a failed job. Enqueue in the transaction of the change the job
 * follows from, so that the job exists exactly when the change does.
 */
import type { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { isUniqueViolation } from '../db/db.ts';
import { writeAudit } from '../audit/audit.ts';
import { AppError } from '../errors/errors.ts';
import { JOB_PAYLOADS } from './kinds.ts';

export const JOB_STATES = ['pending', 'running', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface EnqueueOptions {
  /** Not before this time (default: now, by the database's clock). */
  runAt?: Date;
  /** Not before this many seconds from now, by the database's clock (instead of runAt). */
  delaySeconds?: number;
  /** At most one pending or running job per (kind, dedupKey): a second enqueue returns the open one's id. */
  dedupKey?: string;
}

/** An `enqueue` for a table of kinds and payload schemas (the application's is JOB_PAYLOADS; tests bring their own). */
export function queueFor<T extends Record<string, z.ZodType>>(table: T) {
  return async function enqueue<K extends keyof T & string>(q: Queryable, kind: K, payload: z.input<T[K]>, opts: EnqueueOptions = {}): Promise<number> {
    const schema = table[kind];
    if (!schema) throw new TypeError(`enqueue: unknown job kind ${kind}`);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new TypeError(`enqueue: payload of ${kind} does not parse: ${parsed.error.message}`);
    const json = JSON.stringify(parsed.data);
    const dedup = opts.dedupKey ?? null;
    // A duplicate's open job may finish between the insert and the look-up: then insert again.
    for (let i = 0; i < 5; i++) {
      const r = await q.query<{ id: number }>(
        `INSERT INTO jobs (kind, payload, run_at, dedup_key)
         VALUES ($1, $2::jsonb, COALESCE($3::timestamptz, now() + make_interval(secs => $4)), $5)
         ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('pending', 'running') DO NOTHING
         RETURNING id`,
        [kind, json, opts.runAt ?? null, opts.delaySeconds ?? 0, dedup],
        'jobs_enqueue',
      );
      if (r.rows[0]) return r.rows[0].id;
      const open = await q.query<{ id: number }>("SELECT id FROM jobs WHERE kind = $1 AND dedup_key = $2 AND state IN ('pending', 'running')", [kind, dedup]);
      if (open.rows[0]) return open.rows[0].id;
    }
    throw new Error(`enqueue: ${kind}/${dedup} kept finishing while enqueued`);
  };
}

/** Enqueue one of the application's jobs (kinds.ts); returns its id (the open duplicate's, with a dedup key). */
export const enqueue = queueFor(JOB_PAYLOADS);

export interface JobRow {
  id: number;
  kind: string;
  state: JobState;
  payload: unknown;
  dedupKey: string | null;
  attempts: number;
  runAt: string;
  createdAt: string;
  startedAt: string | null;
  doneAt: string | null;
  failedAt: string | null;
  lockedUntil: string | null;
  lastError: string | null;
}

interface DbRow {
  id: number;
  kind: string;
  state: JobState;
  payload: unknown;
  dedup_key: string | null;
  attempts: number;
  run_at: Date;
  created_at: Date;
  started_at: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  locked_until: Date | null;
  last_error: string | null;
}

const COLUMNS = 'id, kind, state, payload, dedup_key, attempts, run_at, created_at, started_at, done_at, failed_at, locked_until, last_error';
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const toRow = (r: DbRow): JobRow => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  payload: r.payload,
  dedupKey: r.dedup_key,
  attempts: r.attempts,
  runAt: r.run_at.toISOString(),
  createdAt: r.created_at.toISOString(),
  startedAt: iso(r.started_at),
  doneAt: iso(r.done_at),
  failedAt: iso(r.failed_at),
  lockedUntil: iso(r.locked_until),
  lastError: r.last_error,
});

/** Jobs newest first, by state and kind; `before` is the last id of the previous page. */
export async function listJobs(q: Queryable, f: { state?: JobState; kind?: string; before?: number; limit: number }): Promise<{ items: JobRow[]; next: number | null }> {
  const r = await q.query<DbRow>(
    `SELECT ${COLUMNS} FROM jobs
      WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [f.state ?? null, f.kind ?? null, f.before ?? null, f.limit + 1],
  );
  const rows = r.rows.slice(0, f.limit).map(toRow);
  return { items: rows, next: r.rows.length > f.limit ? rows[rows.length - 1]!.id : null };
}

/**
 * Replay a failed job: it is pending again, due now, with its attempts counted from zero (its last
 * error stays until it succeeds). Audited as `jobs.retried` in the same transaction.
 */
export async function retryFailedJob(db: { tx: <T>(fn: (q: Queryable) => Promise<T>) => Promise<T> }, id: number, actor: { id: string; correlationId?: string }): Promise<JobRow> {
  try {
    return await db.tx(async (q) => {
      const r = await q.query<DbRow>(
        `UPDATE jobs SET state = 'pending', attempts = 0, run_at = now(), failed_at = NULL WHERE id = $1 AND state = 'failed' RETURNING ${COLUMNS}`,
        [id],
      );
      const row = r.rows[0];
      if (!row) {
        const s = await q.query<{ state: JobState }>('SELECT state FROM jobs WHERE id = $1', [id]);
        if (!s.rows[0]) throw new AppError('JOB_NOT_FOUND', { path: '/params/id' });
        throw new AppError('JOB_NOT_FAILED', { path: '/params/id', details: { state: s.rows[0].state } });
      }
      await writeAudit(q, {
        event: 'jobs.retried',
        actorId: actor.id,
        actorRole: 'admin',
        subject: { type: 'job', id: String(id) },
        correlationId: actor.correlationId ?? null,
        data: { kind: row.kind, lastError: row.last_error },
      });
      return toRow(row);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'jobs_dedup')) throw new AppError('JOB_DUPLICATE_OPEN', { path: '/params/id' });
    throw e;
  }
}
