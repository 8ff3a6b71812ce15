/**
 * Group commit for submissions. Under load many applications arrive while a submission
 * statement is still running; instead of one statement (and one commit, one WAL flush) per
 * application, the ones that queue up meanwhile go to the database together, as one statement
 * over a JSON array of rows (the application, its status history, audit event, delivery job,
 * signature and idempotency key, and the spend of the SMS code that signed it; for a service
 * decided at once on registry data also the consent the signed application gave and the gateway
 * call-log rows of the reads it made — the decision itself is an action of the pipeline,
 * src/automation/decide.ts, run in the same transaction; for an application that waits for a
 * second applicant, cosign.ts, its co-signer rows and no delivery job yet). At low load nothing
 * waits beyond one turn of the event loop. Every caller is answered only
 * after the statement that holds its row has committed, so an acknowledged application is
 * durable exactly as before. If a batch fails (a bad row), each of its rows is retried alone,
 * so one row's error never becomes another applicant's error.
 *
 * The status history row, the audit event and the outbox (delivery job) are built in JS by the
 * ledger's pure row builders (src/actions/ledger.ts: historyRow, auditRow, outboxRow), the same
 * ones the action executor writes through (`submissionLedger`); the statement only inserts them,
 * so the fast path and the single-action path cannot drift apart in shape.
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
import { type AuditRow, auditRow, type HistoryRow, historyRow, type OutboxRow, outboxRow } from '../actions/ledger.ts';
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
  /**
   * false: no delivery job — an action decides the application in the same transaction
   * (a service decided at once on registry data, src/automation/decide.ts). Default true.
   */
  deliver?: boolean;
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

/** A submission's ledger rows: its status, history row, audit event and outbox events. */
export interface SubmissionLedger {
  status: ApplicationStatus;
  history: HistoryRow[];
  audit: AuditRow[];
  outbox: OutboxRow[];
}

/**
 * The rows a submission writes besides the application itself, built by the ledger's pure
 * builders (src/actions/ledger.ts) exactly as the single-action executor builds its own: the
 * history row (→ submitted, or → awaiting-second-applicant), the `application.submitted` audit
 * event, the delivery job (none while a co-signer is awaited, none when `deliver` is false) and
 * the notification events (`notify.submitted` with it; `notify.cosign-requested` while waiting).
 */
export function submissionLedger(r: SubmitRow): SubmissionLedger {
  const status: ApplicationStatus = r.cosigners ? 'awaiting-second-applicant' : 'submitted';
  const actor = { id: r.user_id, role: r.actor_role };
  return {
    status,
    history: [historyRow({ applicationId: r.id, actor, from: null, to: status, at: r.filed_at })],
    audit: [
      auditRow({
        event: 'application.submitted',
        actorId: actor.id,
        actorRole: actor.role,
        subject: { type: 'application', id: r.id },
        data: {
          service: r.service_code,
          version: r.service_version,
          channel: r.channel,
          ...(r.files ? { files: r.files.map((f) => ({ id: f.id, sha256: f.sha256, field: f.field })) } : {}),
          ...(r.cosigners ? { coSigners: r.cosigners.length } : {}),
        },
      }),
    ],
    outbox: [
      ...(status === 'submitted' && r.deliver !== false ? [outboxRow({ kind: 'application.deliver', payload: { applicationId: r.id } })] : []),
      // The applicant is told (src/notifications): accepted, with the expected date — or, for a
      // service decided at once, by its decision instead; the co-signers are asked to sign.
      ...(status === 'submitted' && r.deliver !== false ? [outboxRow({ kind: 'notify.submitted', payload: { applicationId: r.id } })] : []),
      ...(status === 'awaiting-second-applicant' ? [outboxRow({ kind: 'notify.cosign-requested', payload: { applicationId: r.id } })] : []),
    ],
  };
}

/**
 * Application, its ledger rows (status history, audit event, delivery job: `submissionLedger`)
 * and signature for every row of $1 (a JSON array of SubmitRow & SubmissionLedger) whose
 * idempotency key is new: one statement, one commit.
 */
export const SUBMIT_BATCH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(
    user_id uuid, key text, request_hash text, id uuid, service_code text, service_version int, channel text,
    applicant_iin text, form jsonb, filed_at timestamptz, region text, acceptance_date date, due_date date,
    deadline_basis jsonb, actor_role text, number text, sig_method text, payload_sha256 text, cms text,
    signer_serial text, otp_id uuid, consent_id uuid, consent_purpose text, consent_systems jsonb, calls jsonb, files jsonb, cosigners jsonb,
    applicant_id uuid, provider_org text, intake_org text, representative_iin text, power_of_attorney jsonb,
    status text, history jsonb, audit jsonb, outbox jsonb)
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
         coalesce(i.applicant_id, CASE WHEN i.channel = 'portal' THEN i.user_id END), i.applicant_iin, i.status,
         i.form, i.region, i.filed_at, i.acceptance_date, i.due_date, i.deadline_basis,
         i.user_id, i.actor_role, i.provider_org, i.intake_org, i.representative_iin, i.power_of_attorney
    FROM input i JOIN idem ON idem.application_id = i.id
  RETURNING id, number, status, due_date
), hist AS (
  -- The ledger's rows (src/actions/ledger.ts historyRow / auditRow / outboxRow), as built for this application.
  INSERT INTO application_history (application_id, at, actor_id, actor_role, from_status, to_status, step_id, reason)
  SELECT r.application_id, coalesce(r.at, now()), r.actor_id, r.actor_role, r.from_status, r.to_status, r.step_id, r.reason
    FROM app JOIN input i ON i.id = app.id
         CROSS JOIN LATERAL jsonb_array_elements(i.history) WITH ORDINALITY AS e(x, o)
         CROSS JOIN LATERAL jsonb_populate_record(NULL::application_history, e.x) AS r
   ORDER BY i.id, e.o
), aud AS (
  INSERT INTO audit_log (event, actor_id, actor_role, on_behalf_of, subject_type, subject_id, correlation_id, reason, data)
  SELECT r.event, r.actor_id, r.actor_role, r.on_behalf_of, r.subject_type, r.subject_id, r.correlation_id, r.reason, r.data
    FROM app JOIN input i ON i.id = app.id
         CROSS JOIN LATERAL jsonb_array_elements(i.audit) WITH ORDINALITY AS e(x, o)
         CROSS JOIN LATERAL jsonb_populate_record(NULL::audit_log, e.x) AS r
   ORDER BY i.id, e.o
), job AS (
  -- The outbox: the delivery job (payload as src/jobs/kinds.ts types it); none while a co-signer is awaited.
  INSERT INTO jobs (kind, payload, run_at)
  SELECT r.kind, r.payload, coalesce(r.run_at, now())
    FROM app JOIN input i ON i.id = app.id
         CROSS JOIN LATERAL jsonb_array_elements(i.outbox) WITH ORDINALITY AS e(x, o)
         CROSS JOIN LATERAL jsonb_populate_record(NULL::jobs, e.x) AS r
   ORDER BY i.id, e.o
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
  const json = JSON.stringify(rows.map((x) => ({ ...x, ...submissionLedger(x) })));
  const r = await q.query<Inserted>(SUBMIT_BATCH_SQL, [json], 'submit_applications');
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
