/**
 * The structured log of every gateway call (table gateway_calls: one row per attempt).
 *
 * Cost: a call does not wait for its log row. Rows are buffered in memory and written
 * by one multi-row INSERT (unnest of arrays, a named prepared statement on PostgreSQL)
 * every `flushIntervalMs` (200 ms) or as soon as `maxBatch` (500) rows are waiting.
 * Durability ("durable-ish"): rows of the last flush interval are lost if the process is
 * killed; `close()` (graceful shutdown) and `flush()` write everything. A failed flush
 * keeps its rows for the next one; beyond `maxBuffer` (50 000) rows the oldest are
 * dropped and counted (`stats().dropped`), so a broken database never exhausts memory.
 *
 * When the caller passes its transaction (`meta.tx`), the row is written in that
 * transaction instead, before `send` returns: atomic with the caller's own writes.
 * When the caller passes `meta.logInto` (an array), the row is handed to it instead: the
 * caller writes it in the same statement as the decision the read served (the submission
 * batch, src/applications/batch.ts), or at once with `insertCallRows` when there is no such
 * write — so an acknowledged result never lacks its access record.
 */
import type { Db, Queryable } from '../db/db.ts';
import type { CallLogRow } from './types.ts';

export const INSERT_CALLS_SQL = `INSERT INTO gateway_calls
  (message_id, correlation_id, system_id, service_id, attempt, sender_id, actor_id, subject_iin, purpose, consent_id, status, duration_ms, error_code, error_message, at)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
  $11::text[], $12::int[], $13::text[], $14::text[], $15::timestamptz[])`;

function toParams(rows: CallLogRow[]): unknown[] {
  const cols: unknown[][] = Array.from({ length: 15 }, () => new Array(rows.length));
  rows.forEach((r, i) => {
    const v = [
      r.messageId,
      r.correlationId,
      r.systemId,
      r.serviceId,
      r.attempt,
      r.senderId,
      r.actorId,
      r.subjectIin,
      r.purpose,
      r.consentId,
      r.status,
      Math.round(r.durationMs),
      r.errorCode,
      r.errorMessage,
      r.at.toISOString(),
    ];
    for (let c = 0; c < 15; c++) (cols[c] as unknown[])[i] = v[c];
  });
  return cols;
}

/** A row as a JSON object with the table's column names (for statements that read rows from jsonb, e.g. the submission batch). */
export type CallRowJson = {
  message_id: string; correlation_id: string; system_id: string; service_id: string; attempt: number; sender_id: string; actor_id: string | null;
  subject_iin: string | null; purpose: string; consent_id: string | null; status: string; duration_ms: number; error_code: string | null; error_message: string | null; at: string;
};

export const toCallRowJson = (r: CallLogRow): CallRowJson => ({
  message_id: r.messageId,
  correlation_id: r.correlationId,
  system_id: r.systemId,
  service_id: r.serviceId,
  attempt: r.attempt,
  sender_id: r.senderId,
  actor_id: r.actorId,
  subject_iin: r.subjectIin,
  purpose: r.purpose,
  consent_id: r.consentId,
  status: r.status,
  duration_ms: Math.round(r.durationMs),
  error_code: r.errorCode,
  error_message: r.errorMessage,
  at: r.at.toISOString(),
});

/** `jsonb_to_recordset(x) AS c(${CALL_ROW_COLUMNS})` reads CallRowJson objects. */
export const CALL_ROW_COLUMNS = `message_id uuid, correlation_id text, system_id text, service_id text, attempt int, sender_id text, actor_id text,
  subject_iin text, purpose text, consent_id text, status text, duration_ms int, error_code text, error_message text, at timestamptz`;

export async function insertCallRows(q: Queryable, rows: CallLogRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(INSERT_CALLS_SQL, toParams(rows), 'gateway_calls_insert');
}

export interface CallLogOptions {
  flushIntervalMs?: number;
  maxBatch?: number;
  maxBuffer?: number;
  /** Told about flush failures (rows are kept and retried). */
  onError?: (e: unknown) => void;
}

export class CallLog {
  #buf: CallLogRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;
  #written = 0;
  #dropped = 0;
  #failedFlushes = 0;
  readonly flushIntervalMs: number;
  readonly maxBatch: number;
  readonly maxBuffer: number;

  constructor(
    private db: Db,
    private opts: CallLogOptions = {},
  ) {
    this.flushIntervalMs = opts.flushIntervalMs ?? 200;
    this.maxBatch = opts.maxBatch ?? 500;
    this.maxBuffer = opts.maxBuffer ?? 50_000;
  }

  /** Record one row: in the caller's transaction when given (awaited), else buffered. */
  async record(row: CallLogRow, tx?: Queryable): Promise<void> {
    if (tx) {
      await insertCallRows(tx, [row]);
      this.#written++;
      return;
    }
    this.#buf.push(row);
    if (this.#buf.length > this.maxBuffer) {
      const over = this.#buf.length - this.maxBuffer;
      this.#buf.splice(0, over);
      this.#dropped += over;
    }
    if (this.#buf.length >= this.maxBatch) void this.flush().catch(() => {});
    else this.#schedule();
  }

  #schedule() {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush().catch(() => {});
    }, this.flushIntervalMs);
    this.#timer.unref?.();
  }

  /** Write every buffered row now (waits for a flush in progress first). */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    if (!this.#buf.length) return;
    const rows = this.#buf;
    this.#buf = [];
    this.#flushing = (async () => {
      try {
        for (let i = 0; i < rows.length; i += 5000) {
          const chunk = rows.slice(i, i + 5000);
          try {
            await insertCallRows(this.db, chunk);
            this.#written += chunk.length;
          } catch (e) {
            // A data error (SQLSTATE class 22/23) in one row must not block every later flush:
            // write the chunk row by row and drop only the rows the database refuses.
            const code = String((e as { code?: string })?.code ?? '');
            if (!code.startsWith('22') && !code.startsWith('23')) {
              rows.splice(0, i); // keep the unwritten rest for the next flush
              throw e;
            }
            for (const r of chunk) {
              try {
                await insertCallRows(this.db, [r]);
                this.#written++;
              } catch {
                this.#dropped++;
              }
            }
          }
        }
      } catch (e) {
        this.#failedFlushes++;
        // Keep the rows (older first) for the next flush.
        this.#buf = rows.concat(this.#buf);
        if (this.#buf.length > this.maxBuffer) {
          const over = this.#buf.length - this.maxBuffer;
          this.#buf.splice(0, over);
          this.#dropped += over;
        }
        this.opts.onError?.(e);
        if (!this.#closed) this.#schedule();
        throw e;
      } finally {
        this.#flushing = null;
      }
    })();
    await this.#flushing;
    if (this.#buf.length) this.#schedule();
  }

  /** Stop the timer and write what is left. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.flush();
  }

  stats() {
    return { buffered: this.#buf.length, written: this.#written, dropped: this.#dropped, failedFlushes: this.#failedFlushes };
  }
}
