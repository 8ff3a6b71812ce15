/**
 * Group commit for submissions. Under load many applications arrive while a submission
 * statement is still running; instead of one statement (and one commit, one WAL flush) per
 * application, the ones that queue up meanwhile go to the database together, as one statement
 * over a JSON array of rows (the application, its status history, audit event, delivery job,
 * signature and idempotency key, and the spend of the SMS code that signed it; for a service
 * decided at once on registry data also the decision, its result document, the consent the
 * signed application gave and the gateway call-log rows of the reads it made; for an application
 * that waits for a second applicant, cosign.ts, its co-signer rows and no delivery job yet). At low load nothing
 * waits beyond one turn of the event loop. Every caller is answered only
 * after the statement that holds its row has committed, so an acknowledged application is
 * durable exactly as before. If a batch fails (a bad row), each of its rows is retried alone,
 * so one row's error never becomes another applicant's error.
 *
 * Attached files (src/uploads/): the uploads the signed form names are bound to the application in
 * the same statement — each must be the applicant's, unbound, with the sha256, size and type the
 * form states (a conditional UPDATE). A row for which not every file could be bound fails the
 * statement (`qyzmet_refuse('UPLOAD_NOT_BOUND')`, SQLSTATE QZ001) and nothing of it is written.
 *
 * Idempotency is unchanged: the idempotency key is the first insert (ON CONFLICT DO NOTHING),
 * also for two rows with the same key in one batch; a row that comes back without an
 * application lost the key to an earlier request (the caller looks that one up).
 *
 * The SMS signing code is spent here, not before: a conditional UPDATE of its row (unused,
 * unexpired, this applicant's, bound to these bytes) for each application written. If it cannot
 * be spent the statement fails (`qyzmet_refuse`, SQLSTATE QZ001 = OTP_NOT_SPENT) and, retried row
 * by row, only that submission fails; a submission that fails for any reason leaves its code usable.
 */
import type { Db, Queryable } from '../db/db.ts';
import { CONSENT_DAYS } from '../consent/consent.ts';
import { CALL_ROW_COLUMNS, type CallRowJson } from '../gateway/call-log.ts';
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
  /**
   * The case (src/organisations/intake.ts): the applicant's account (absent on the portal: the
   * submitter `user_id`; null at a front office for a person without one), the routed provider,
   * the intake branch, a representative and their power of attorney. `user_id` is who submitted.
   */
  applicant_id?: string | null;
  provider_org?: string | null;
  intake_org?: string | null;
  representative_iin?: string | null;
  power_of_attorney?: unknown;
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
  /** The consent the signed application gives to the reads it needed (CONSENT_DAYS days, naming the application). */
  consent_id?: string | null;
  consent_purpose?: string | null;
  consent_systems?: string[] | null;
  /** Gateway call-log rows of the reads the decision used: committed with it. */
  calls?: CallRowJson[] | null;
  /** Uploads the form names (src/uploads/): bound to this application, every one or the statement fails. */
  files?: Array<{ id: string; sha256: string; size: number; mime: string; field: string }> | null;
  /**
   * Co-signers who must sign too (cosign.ts): the application is written `awaiting-second-applicant`
   * (no delivery job yet) with a pending application_cosigners row each, expiring `hours` after filing.
   */
  cosigners?: Array<{ field: string; iin: string; hours: number }> | null;
}

/** SQLSTATE of `qyzmet_refuse('OTP_NOT_SPENT')`: a row's SMS signing code could not be spent (used or expired meanwhile). */
export const OTP_NOT_SPENT = 'QZ001';

/** The message of `qyzmet_refuse('UPLOAD_NOT_BOUND')` (same SQLSTATE): a file the form names could not be bound. */
export const UPLOAD_NOT_BOUND = 'UPLOAD_NOT_BOUND';

/** Which refusal of the submission statement `e` is (the SQLSTATE is shared; the message names it). */
export function refusal(e: unknown): 'OTP_NOT_SPENT' | 'UPLOAD_NOT_BOUND' | null {
  if ((e as { code?: unknown })?.code !== OTP_NOT_SPENT) return null;
  return String((e as { message?: unknown }).message ?? '').includes(UPLOAD_NOT_BOUND) ? 'UPLOAD_NOT_BOUND' : 'OTP_NOT_SPENT';
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
    consent_id uuid, consent_purpose text, consent_systems jsonb, calls jsonb, files jsonb, cosigners jsonb,
    applicant_id uuid, provider_org text, intake_org text, representative_iin text, power_of_attorney jsonb)
), idem AS (
  INSERT INTO idempotency_keys (user_id, key, request_hash, application_id)
  SELECT user_id, key, request_hash, id FROM input
  ON CONFLICT DO NOTHING RETURNING application_id
), app AS (
  INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status,
                            form, region, filed_at, acceptance_date, due_date, deadline_basis,
                            submitted_by, submitter_role, provider_org, intake_org, representative_iin, power_of_attorney)
  SELECT i.id, i.number, i.service_code, i.service_version, i.channel,
         -- on the portal the applicant is the signer who submits
         coalesce(i.applicant_id, CASE WHEN i.channel = 'portal' THEN i.user_id END), i.applicant_iin,
         coalesce(i.final_status, CASE WHEN i.cosigners IS NULL THEN 'submitted' ELSE 'awaiting-second-applicant' END),
         i.form, i.region, i.filed_at, i.acceptance_date, i.due_date, i.deadline_basis,
         i.user_id, i.actor_role, i.provider_org, i.intake_org, i.representative_iin, i.power_of_attorney
    FROM input i JOIN idem ON idem.application_id = i.id
  RETURNING id, number, status, due_date
), steps AS (
  -- filed; and, when decided at once, the provider system's decision (in this order)
  SELECT i.*, v.o, v.step_actor, v.step_role, v.from_status, v.to_status, v.reason, v.at
    FROM app JOIN input i ON i.id = app.id
    CROSS JOIN LATERAL (VALUES
      (1, i.user_id, i.actor_role, NULL::text, CASE WHEN i.cosigners IS NULL THEN 'submitted' ELSE 'awaiting-second-applicant' END, NULL::jsonb, i.filed_at),
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
                            || CASE WHEN files IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('files',
                                 (SELECT jsonb_agg(jsonb_build_object('id', x->'id', 'sha256', x->'sha256', 'field', x->'field')) FROM jsonb_array_elements(files) x)) END
                            || CASE WHEN cosigners IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('coSigners', jsonb_array_length(cosigners)) END
                ELSE jsonb_build_object('from', from_status, 'to', to_status) END
    FROM steps ORDER BY id, o
), job AS (
  -- The payload as src/jobs/kinds.ts types it ({ applicationId }); the worker parses it.
  INSERT INTO jobs (kind, payload) SELECT 'application.deliver', jsonb_build_object('applicationId', app.id) FROM app
   WHERE app.status <> 'awaiting-second-applicant'
), cosign AS (
  -- Co-signers: delivered only once they have all signed (cosign.ts), annulled by the timer when late.
  INSERT INTO application_cosigners (application_id, iin, field, expires_at)
  SELECT i.id, c.iin, c.field, i.filed_at + make_interval(hours => c.hours)
    FROM app JOIN input i ON i.id = app.id CROSS JOIN LATERAL jsonb_to_recordset(i.cosigners) AS c(field text, iin text, hours int)
   WHERE i.cosigners IS NOT NULL
), sig AS (
  INSERT INTO application_signatures (application_id, method, payload_sha256, cms, signer_serial, signer_iin, otp_id)
  SELECT i.id, i.sig_method, i.payload_sha256, decode(i.cms, 'base64'), i.signer_serial, i.applicant_iin, i.otp_id
    FROM app JOIN input i ON i.id = app.id WHERE i.sig_method IS NOT NULL
), res AS (
  INSERT INTO application_results (application_id, kind, document)
  SELECT i.id, i.result_kind, i.result_document FROM app JOIN input i ON i.id = app.id WHERE i.result_kind IS NOT NULL
), cons AS (
  -- Only with the application written; an earlier failed attempt of the same request (same key,
  -- same consent id) left it closed: now it is this application's consent.
  INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, service_code, method, granted_at, expires_at, application_id)
  SELECT i.consent_id, i.applicant_iin, i.user_id, 'citizen', i.consent_purpose, ARRAY(SELECT jsonb_array_elements_text(i.consent_systems)),
         i.service_code, 'signed-application', now(), now() + make_interval(days => ${CONSENT_DAYS}), i.id
    FROM app JOIN input i ON i.id = app.id WHERE i.consent_id IS NOT NULL
  ON CONFLICT (id) DO UPDATE SET granted_at = EXCLUDED.granted_at, expires_at = EXCLUDED.expires_at, closed_at = NULL, application_id = EXCLUDED.application_id
   WHERE consents.application_id IS NULL AND consents.revoked_at IS NULL
), calls AS (
  -- The access record of every read the decision used, in the decision's commit (also for a
  -- request that lost its key to a twin: its reads happened too).
  INSERT INTO gateway_calls (message_id, correlation_id, system_id, service_id, attempt, sender_id, actor_id, subject_iin, purpose, consent_id, status, duration_ms, error_code, error_message, at)
  SELECT c.message_id, c.correlation_id, c.system_id, c.service_id, c.attempt, c.sender_id, c.actor_id, c.subject_iin, c.purpose, c.consent_id, c.status, c.duration_ms, c.error_code, c.error_message, c.at
    FROM input i CROSS JOIN LATERAL jsonb_to_recordset(i.calls) AS c(${CALL_ROW_COLUMNS})
   WHERE i.calls IS NOT NULL
), bound AS (
  -- The files the signed form names: this applicant's uploads, not yet bound, the very bytes it states.
  UPDATE uploads u SET application_id = i.id, field = f.field, bound_at = now()
    FROM app JOIN input i ON i.id = app.id
         CROSS JOIN LATERAL jsonb_to_recordset(coalesce(i.files, '[]'::jsonb)) AS f(id uuid, sha256 text, size int, mime text, field text)
   WHERE u.id = f.id AND u.owner_id = i.user_id AND u.application_id IS NULL
     AND u.sha256 = f.sha256 AND u.size = f.size AND u.mime = f.mime
  RETURNING u.application_id
), spent AS (
  -- The SMS code is spent with the application it signs, never before.
  UPDATE otp_codes o SET used_at = now()
    FROM app JOIN input i ON i.id = app.id
   WHERE i.otp_id IS NOT NULL AND o.id = i.otp_id AND o.user_id = i.user_id AND o.purpose = 'sign'
     AND o.bound_hash = i.payload_sha256 AND o.used_at IS NULL AND o.expires_at > now()
  RETURNING o.id
)
SELECT app.id, app.number, app.status, app.due_date
  FROM app JOIN input i ON i.id = app.id
 WHERE CASE WHEN i.otp_id IS NULL OR i.otp_id IN (SELECT id FROM spent) THEN true ELSE qyzmet_refuse('OTP_NOT_SPENT') END
   AND CASE WHEN coalesce(jsonb_array_length(i.files), 0) = (SELECT count(*) FROM bound b WHERE b.application_id = i.id) THEN true
            ELSE qyzmet_refuse('${UPLOAD_NOT_BOUND}') END`;

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
