/**
 * Group commit for submissions. Under load many applications arrive while a submission
 * statement is still running; instead of one statement (and one commit, one WAL flush) per
 * application, the ones that queue up meanwhile go to the database together, as one statement
 * over a JSON array of rows (the application, its status history, audit event, delivery job,
 * signature and idempotency key; for a service decided at once on registry data also the
 * decision, its result document and the consent the signed application gave). At low load nothing
 * waits beyond one turn of the event loop. Every caller is answered only
 * after the statement that holds its row has committed, so an acknowledged application is
 * durable exactly as before. If a batch fails (a bad row), each of its rows is retried alone,
 * so one row's error never becomes another applicant's error.
 *
 * Idempotency is unchanged: the idempotency key is the first insert (ON CONFLICT DO NOTHING),
 * also for two rows with the same key in one batch; a row that comes back without an
 * application lost the key to an earlier request (the caller looks that one up).
 */
import type { Db, Queryable } from '../db/db.ts';
import { CONSENT_DAYS } from '../consent/consent.ts';
import type { ApplicationStatus } from '../registry/types.ts';

/** One application's rows, as SUBMIT_BATCH_SQL reads them from the JSON array. */
export interface SubmitRow {
  user_id: string;
  key: string;
  request_hash: string;
  id: string;
  service_code: string;
  service_version: number;
  channel: string;
  applicant_iin: string;
  form: Record<string, unknown>;
  filed_at: string;
  region: string | null;
  acceptance_date: string | null;
  due_date: string | null;
  deadline_basis: unknown;
  actor_role: string;
  number: string;
  sig_method: string | null;
  payload_sha256: string | null;
  /** base64 */
  cms: string | null;
  signer_serial: string | null;
  otp_id: string | null;
  /** Decided at once (services on registry data alone): the status it ends in, else null. */
  final_status?: 'result-ready' | 'refused' | null;
  decision_reason?: unknown;
  result_kind?: 'document' | 'refusal' | null;
  result_document?: unknown;
  /** The consent the signed application gives to the reads it needed (CONSENT_DAYS days). */
  consent_id?: string | null;
  consent_purpose?: string | null;
  consent_systems?: string[] | null;
}

export interface Inserted {
  id: string;
  number: string;
  status: ApplicationStatus;
  due_date: string | null;
}

/**
 * Application, status history, audit event, delivery job (outbox) and signature for every row
 * of $1 (a JSON array of SubmitRow) whose idempotency key is new: one statement, one commit.
 */
export const SUBMIT_BATCH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
    user_id uuid, key text, request_hash text, id uuid, service_code text, service_version int, channel text,
    applicant_iin text, form jsonb, filed_at timestamptz, region text, acceptance_date date, due_date date,
    deadline_basis jsonb, actor_role text, number text, sig_method text, payload_sha256 text, cms text,
    signer_serial text, otp_id uuid, final_status text, decision_reason jsonb, result_kind text, result_document jsonb,
    consent_id uuid, consent_purpose text, consent_systems jsonb)
), idem AS (
  INSERT INTO idempotency_keys (user_id, key, request_hash, application_id)
  SELECT user_id, key, request_hash, id FROM input
  ON CONFLICT DO NOTHING RETURNING application_id
), app AS (
  INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status,
                            form, region, filed_at, acceptance_date, due_date, deadline_basis)
  SELECT i.id, i.number, i.service_code, i.service_version, i.channel, i.user_id, i.applicant_iin, coalesce(i.final_status, 'submitted'),
         i.form, i.region, i.filed_at, i.acceptance_date, i.due_date, i.deadline_basis
    FROM input i JOIN idem ON idem.application_id = i.id
  RETURNING id, number, status, due_date
), steps AS (
  -- filed; and, when decided at once, the provider system's decision (in this order)
  SELECT i.*, v.o, v.step_actor, v.step_role, v.from_status, v.to_status, v.reason, v.at
    FROM app JOIN input i ON i.id = app.id
    CROSS JOIN LATERAL (VALUES
      (1, i.user_id, i.actor_role, NULL::text, 'submitted'::text, NULL::jsonb, i.filed_at),
      (2, NULL::uuid, 'provider-system', 'submitted', i.final_status, i.decision_reason, now())
    ) AS v(o, step_actor, step_role, from_status, to_status, reason, at)
   WHERE v.o = 1 OR i.final_status IS NOT NULL
), hist AS (
  INSERT INTO application_history (application_id, at, actor_id, actor_role, from_status, to_status, reason)
  SELECT id, at, step_actor, step_role, from_status, to_status, reason FROM steps ORDER BY id, o
), aud AS (
  INSERT INTO audit_log (event, actor_id, actor_role, subject_type, subject_id, data)
  SELECT CASE o WHEN 1 THEN 'application.submitted' ELSE 'application.status' END, step_actor, step_role, 'application', id::text,
         CASE o WHEN 1 THEN jsonb_build_object('service', service_code, 'version', service_version, 'channel', channel)
                ELSE jsonb_build_object('from', from_status, 'to', to_status) END
    FROM steps ORDER BY id, o
), job AS (
  INSERT INTO jobs (kind, payload) SELECT 'application.deliver', jsonb_build_object('applicationId', app.id) FROM app
), sig AS (
  INSERT INTO application_signatures (application_id, method, payload_sha256, cms, signer_serial, signer_iin, otp_id)
  SELECT i.id, i.sig_method, i.payload_sha256, decode(i.cms, 'base64'), i.signer_serial, i.applicant_iin, i.otp_id
    FROM app JOIN input i ON i.id = app.id WHERE i.sig_method IS NOT NULL
), res AS (
  INSERT INTO application_results (application_id, kind, document)
  SELECT i.id, i.result_kind, i.result_document FROM app JOIN input i ON i.id = app.id WHERE i.result_kind IS NOT NULL
), cons AS (
  -- also for a retried request (its reads happened too)
  INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, service_code, method, granted_at, expires_at)
  SELECT consent_id, applicant_iin, user_id, 'citizen', consent_purpose, ARRAY(SELECT jsonb_array_elements_text(consent_systems)),
         service_code, 'signed-application', now(), now() + make_interval(days => ${CONSENT_DAYS})
    FROM input WHERE consent_id IS NOT NULL
  ON CONFLICT (id) DO NOTHING
)
SELECT id, number, status, due_date FROM app`;

/** Insert the rows (any number, one statement); the applications created, by id. */
export async function insertSubmissions(q: Queryable, rows: SubmitRow[]): Promise<Map<string, Inserted>> {
  const r = await q.query<Inserted>(SUBMIT_BATCH_SQL, [JSON.stringify(rows)], 'submit_applications');
  return new Map(r.rows.map((x) => [x.id, x]));
}

interface Waiting {
  row: SubmitRow;
  resolve: (v: Inserted | null) => void;
  reject: (e: unknown) => void;
}

export interface BatcherOptions {
  /** Statements in flight at once (default 2; PGlite, one connection: always 1); requests beyond that queue and go together. */
  inflight?: number;
  /** Rows per statement at most (default 64). */
  maxBatch?: number;
}

export class SubmitBatcher {
  private queue: Waiting[] = [];
  private running = 0;
  private scheduled = false;
  private readonly inflight: number;
  private readonly maxBatch: number;
  /** Statements run and rows written (for the bench and the tests). */
  readonly stats = { statements: 0, rows: 0, largest: 0 };

  constructor(
    private readonly q: Queryable & Partial<Pick<Db, 'engine'>>,
    opts: BatcherOptions = {},
  ) {
    this.inflight = q.engine === 'pglite' ? 1 : Math.max(1, opts.inflight ?? 2);
    this.maxBatch = Math.max(1, opts.maxBatch ?? 64);
  }

  /** Write one submission; resolves after its statement committed (null: the key was taken). */
  submit(row: SubmitRow): Promise<Inserted | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  /**
   * Start statements for the queue, after the event loop has taken in what is already waiting
   * (setImmediate runs after pending I/O): requests that arrived together then go together. This
   * matters most on PGlite, whose statements run on this thread and hold the loop meanwhile.
   */
  private pump(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.running < this.inflight && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const done = await insertSubmissions(
        this.q,
        batch.map((w) => w.row),
      );
      this.stats.statements++;
      this.stats.rows += batch.length;
      if (batch.length > this.stats.largest) this.stats.largest = batch.length;
      for (const w of batch) w.resolve(done.get(w.row.id) ?? null);
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      // One bad row fails the whole statement: give every row its own answer.
      await Promise.all(
        batch.map(async (w) => {
          try {
            const one = await insertSubmissions(this.q, [w.row]);
            w.resolve(one.get(w.row.id) ?? null);
          } catch (err) {
            w.reject(err);
          }
        }),
      );
    }
  }
}
