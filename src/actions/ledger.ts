/**
 * The ledger: the only functions that write an application's status, its history, the audit
 * log and the outbox (jobs). The executor (executor.ts) calls them inside an action's one
 * transaction; the group-committed submission statement (src/applications/batch.ts) builds
 * the same rows in SQL.
 */
import { writeAudit, type AuditEntry } from '../audit/audit.ts';
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

/** One history row: a status change (`from` ≠ `to`) or a step's event in the same status. */
export async function writeHistory(
  q: Queryable,
  row: { applicationId: string; actor: ActorRef; from: ApplicationStatus | null; to: ApplicationStatus; stepId?: string | null; reason?: HistoryReason | null; at?: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO application_history (application_id, actor_id, actor_role, from_status, to_status, step_id, reason, at) VALUES ($1,$2,$3,$4,$5,$6,$7, COALESCE($8, now()))',
    [row.applicationId, row.actor.id, row.actor.role, row.from, row.to, row.stepId ?? null, row.reason ? JSON.stringify(row.reason) : null, row.at ?? null],
  );
}

/** The status change itself: checked against the table, written with its history row and audit event. */
export async function writeStatus(
  q: Queryable,
  change: { applicationId: string; actor: ActorRef; from: ApplicationStatus; to: ApplicationStatus; stepId?: string | null; reason?: HistoryReason | null; correlationId?: string | null },
): Promise<void> {
  assertTransition(change.from, change.to);
  await q.query('UPDATE applications SET status = $2, updated_at = now() WHERE id = $1', [change.applicationId, change.to]);
  await writeHistory(q, { applicationId: change.applicationId, actor: change.actor, from: change.from, to: change.to, stepId: change.stepId ?? null, reason: change.reason ?? null });
  await writeAudit(q, {
    event: 'application.status',
    actorId: change.actor.id,
    actorRole: change.actor.role,
    subject: { type: 'application', id: change.applicationId },
    correlationId: change.correlationId ?? null,
    data: { from: change.from, to: change.to, ...(change.stepId ? { step: change.stepId } : {}) },
  });
}

export { writeAudit, type AuditEntry };

/** An outbox event: a job written in the same transaction as the change it follows. */
export interface OutboxEvent {
  kind: string;
  payload: Record<string, unknown>;
  runAt?: Date;
}

export async function writeOutbox(q: Queryable, events: readonly OutboxEvent[]): Promise<void> {
  for (const e of events) {
    await q.query('INSERT INTO jobs (kind, payload, run_at) VALUES ($1, $2, COALESCE($3, now()))', [e.kind, JSON.stringify(e.payload), e.runAt ?? null]);
  }
}
