/**
 * The ledger: the only functions that write an application's status, its history, the audit
 * log and the outbox (jobs). The executor (executor.ts) calls them inside an action's one
 * transaction; the group-committed submission statement (src/applications/batch.ts) inserts
 * the rows that the same pure builders make (`historyRow`, `auditRow`, `outboxRow`,
 * `statusRows`), many applications in one statement.
 */
import { auditRow, insertAuditRow, writeAudit, type AuditEntry, type AuditRow } from '../audit/audit.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import type { ApplicationStatus, I18n } from '../registry/types.ts';
import { canTransition } from '../applications/status.ts';

/** Who acts: a person (with the role and organisation they act in), a timer or the system. */
export interface ActorRef {
  id: string | null;
  role: string;
  orgId?: string | null;
}

export const SYSTEM_ACTOR: ActorRef = { id: null, role: 'system' };
export const TIMER_ACTOR: ActorRef = { id: null, role: 'timer' };

/** A status change the status table forbids: a typed error (409 TRANSITION_FORBIDDEN), never a silent no-op. */
export class TransitionError extends AppError {
  constructor(
    readonly from: ApplicationStatus,
    readonly to: ApplicationStatus,
  ) {
    super('TRANSITION_FORBIDDEN', { details: { from, to } });
  }
}

export function assertTransition(from: ApplicationStatus, to: ApplicationStatus): void {
  if (!canTransition(from, to)) throw new TransitionError(from, to);
}

export type HistoryReason = I18n | { text: string } | Record<string, unknown>;

/** The columns of one application_history row (`at` null: the transaction's now()). */
export interface HistoryRow {
  application_id: string;
  actor_id: string | null;
  actor_role: string;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  step_id: string | null;
  reason: HistoryReason | null;
  at: string | null;
}

export interface HistoryInput {
  applicationId: string;
  actor: ActorRef;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  stepId?: string | null;
  reason?: HistoryReason | null;
  at?: Date | string | null;
}

/** A history entry as the row it becomes (pure: no I/O). */
export function historyRow(row: HistoryInput): HistoryRow {
  const at = row.at ?? null;
  return {
    application_id: row.applicationId,
    actor_id: row.actor.id,
    actor_role: row.actor.role,
    from_status: row.from,
    to_status: row.to,
    step_id: row.stepId ?? null,
    reason: row.reason ?? null,
    at: at instanceof Date ? at.toISOString() : at,
  };
}

/** One history row: a status change (`from` ≠ `to`) or a step's event in the same status. */
export async function writeHistory(q: Queryable, row: HistoryInput): Promise<void> {
  await insertHistoryRow(q, historyRow(row));
}

/** Insert one row `historyRow` built. */
export async function insertHistoryRow(q: Queryable, h: HistoryRow): Promise<void> {
  await q.query(
    'INSERT INTO application_history (application_id, actor_id, actor_role, from_status, to_status, step_id, reason, at) VALUES ($1,$2,$3,$4,$5,$6,$7, COALESCE($8, now()))',
    [h.application_id, h.actor_id, h.actor_role, h.from_status, h.to_status, h.step_id, h.reason ? JSON.stringify(h.reason) : null, h.at],
  );
}

export interface StatusChange {
  applicationId: string;
  actor: ActorRef;
  from: ApplicationStatus;
  to: ApplicationStatus;
  stepId?: string | null;
  reason?: HistoryReason | null;
  correlationId?: string | null;
}

/**
 * The rows of a status change, checked against the status table (TransitionError): its history
 * row and its `application.status` audit event (pure: no I/O).
 */
export function statusRows(change: StatusChange): { history: HistoryRow; audit: AuditRow } {
  assertTransition(change.from, change.to);
  return {
    history: historyRow({ applicationId: change.applicationId, actor: change.actor, from: change.from, to: change.to, stepId: change.stepId ?? null, reason: change.reason ?? null }),
    audit: auditRow({
      event: 'application.status',
      actorId: change.actor.id,
      actorRole: change.actor.role,
      subject: { type: 'application', id: change.applicationId },
      correlationId: change.correlationId ?? null,
      data: { from: change.from, to: change.to, ...(change.stepId ? { step: change.stepId } : {}) },
    }),
  };
}

/** The status change itself: checked against the table, written with its history row and audit event. */
export async function writeStatus(q: Queryable, change: StatusChange): Promise<void> {
  const rows = statusRows(change);
  await q.query('UPDATE applications SET status = $2, updated_at = now() WHERE id = $1', [change.applicationId, change.to]);
  await insertHistoryRow(q, rows.history);
  await insertAuditRow(q, rows.audit);
}

export { auditRow, writeAudit, type AuditEntry, type AuditRow };

/** An outbox event: a job written in the same transaction as the change it follows. */
export interface OutboxEvent {
  kind: string;
  payload: Record<string, unknown>;
  runAt?: Date;
}

/** The columns of one jobs row (`run_at` null: now). */
export interface OutboxRow {
  kind: string;
  payload: Record<string, unknown>;
  run_at: string | null;
}

/** An outbox event as the row it becomes (pure: no I/O). */
export function outboxRow(e: OutboxEvent): OutboxRow {
  return { kind: e.kind, payload: e.payload, run_at: e.runAt ? e.runAt.toISOString() : null };
}

export async function writeOutbox(q: Queryable, events: readonly OutboxEvent[]): Promise<void> {
  for (const e of events) {
    const o = outboxRow(e);
    await q.query('INSERT INTO jobs (kind, payload, run_at) VALUES ($1, $2, COALESCE($3, now()))', [o.kind, JSON.stringify(o.payload), o.run_at]);
  }
}
