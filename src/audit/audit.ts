/**
 * The audit log: one row per state-changing or sensitive action, whoever starts it
 * (citizen, employee, admin, timer, system). Every writer goes through `writeAudit`
 * (or, for set-based statements such as the submission batch, a plain INSERT into
 * audit_log with the same columns): the chain of hashes that makes the log
 * tamper-evident is computed by the database itself on insert (see src/audit/README.md),
 * so no writer can forget it and the back office's action pipeline gets it for free.
 *
 * Write the row in the same transaction as the change it records.
 */
import type { Queryable } from '../db/db.ts';

export interface AuditEntry {
  /** Stable dotted name, e.g. 'auth.logout', 'pki.certificate.issued', 'consent.revoked'. */
  event: string;
  /** Who did it: the signed-in user's id, or null for the system / an anonymous caller. */
  actorId: string | null;
  /** The role the actor acted in, when it matters (e.g. 'admin'). */
  actorRole?: string | null;
  /** Where one acts for another (an admin's certificate used by a citizen, an operator for an applicant): the other person's user id. */
  onBehalfOf?: string | null;
  /** What the action was about: ('application', id), ('certificate', serial), ('person', iin), … */
  subject?: { type: string; id: string } | null;
  correlationId?: string | null;
  /** Why, in the actor's words or a ground code (a certificate issued "for a lost token", a consent revoked). */
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** The columns of one audit_log row, as `writeAudit` inserts them and set-based statements (the submission batch) insert them from JSON. */
export interface AuditRow {
  event: string;
  actor_id: string | null;
  actor_role: string | null;
  on_behalf_of: string | null;
  subject_type: string | null;
  subject_id: string | null;
  correlation_id: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** An audit entry as the row it becomes (pure: no I/O). */
export function auditRow(e: AuditEntry): AuditRow {
  return {
    event: e.event,
    actor_id: e.actorId,
    actor_role: e.actorRole ?? null,
    on_behalf_of: e.onBehalfOf ?? null,
    subject_type: e.subject?.type ?? null,
    subject_id: e.subject?.id ?? null,
    correlation_id: e.correlationId ?? null,
    reason: e.reason ?? null,
    data: e.data ?? {},
  };
}

export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await insertAuditRow(q, auditRow(e));
}

/** Insert one row `auditRow` built. */
export async function insertAuditRow(q: Queryable, r: AuditRow): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (event, actor_id, actor_role, on_behalf_of, subject_type, subject_id, correlation_id, reason, data)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [r.event, r.actor_id, r.actor_role, r.on_behalf_of, r.subject_type, r.subject_id, r.correlation_id, r.reason, JSON.stringify(r.data)],
    'audit_insert',
  );
}

/**
 * writeAudit's set-based form, for a statement that writes several things at once (the action
 * pipeline's ledger batch, src/actions/ledger.ts): an INSERT of the rows `auditRow` built, passed
 * as one jsonb array parameter (`param`, e.g. '$7'), in their order (so their ids, and so their
 * place in the chain, follow it). Use it as a data-modifying CTE.
 */
export function auditInsertSql(param: string): string {
  return `INSERT INTO audit_log (event, actor_id, actor_role, on_behalf_of, subject_type, subject_id, correlation_id, reason, data)
   SELECT r.event, r.actor_id, r.actor_role, r.on_behalf_of, r.subject_type, r.subject_id, r.correlation_id, r.reason, r.data
     FROM ROWS FROM (jsonb_populate_recordset(NULL::audit_log, ${param}::jsonb)) WITH ORDINALITY AS r
    ORDER BY r.ordinality`;
}
