/**
 * The ledger: the only functions that write an application's status, its history, the audit
 * log and the outbox (jobs). The executor (executor.ts) calls them inside an action's one
 * transaction; the group-committed submission statement (src/applications/batch.ts) inserts
 * the rows that the same pure builders make (`historyRow`, `auditRow`, `outboxRow`,
 * `statusRows`), many applications in one statement. Inside the pipeline every write of an action
 * — these and the application's step, variables and version, the tasks it closes and opens — is
 * held in the action's `LedgerBatch` and written in one statement (below).
 */
import { auditInsertSql, auditRow, writeAudit as writeAuditNow, type AuditEntry, type AuditRow } from '../audit/audit.ts';
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

/** Insert one row `historyRow` built (in the batch, when `q` is an action's). */
export async function insertHistoryRow(q: Queryable, h: HistoryRow): Promise<void> {
  await inBatch(q, (b) => b.history(h));
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
  await inBatch(q, (b) => {
    b.patchApp(change.applicationId, { status: change.to });
    b.history(rows.history);
    b.audit(rows.audit);
  });
}

export { auditRow, type AuditEntry, type AuditRow };

/** An audit event (src/audit): in the action's one statement inside the pipeline, written at once elsewhere. */
export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  const b = batchOf(q);
  if (b) b.audit(auditRow(e));
  else await writeAuditNow(q, e);
}

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
  if (events.length) await inBatch(q, (b) => b.outbox(events.map(outboxRow)));
}

// ------------------------------------------------------------------ one statement per action

/** A change of an application's row; a batch merges all of one application's into one UPDATE. */
export interface AppPatch {
  status?: ApplicationStatus;
  /** The current step with its due time and assignee (all three; null: none, the process ended or waits on a job). */
  step?: { id: string | null; dueAt: Date | null; assigneeId: string | null };
  /** Process variables merged into `vars` (top-level keys, as jsonb `||`). */
  vars?: Record<string, unknown>;
  /** Version + 1 (optimistic concurrency). */
  bump?: boolean;
}

/** A task opened for a people's step (src/tasks/runtime.ts). */
export interface TaskOpen {
  id: string;
  applicationId: string;
  serviceCode: string;
  channel: string;
  stepId: string;
  kind: string;
  role: string;
  orgId: string;
  assigneeId: string | null;
  openedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
}

/** A task closed by an action: when, by whom, with which outcome. */
export interface TaskClose {
  id: string;
  closedAt: Date;
  closedBy: string | null;
  outcome: string;
}

/** A task's timer fired: `warned_at` or `escalated_at` set (the sweep's marks, batched). */
export interface TaskMark {
  id: string;
  column: 'warned_at' | 'escalated_at';
  at: Date;
}

interface PendingApp {
  status: ApplicationStatus | null;
  step: AppPatch['step'] | null;
  vars: Record<string, unknown> | null;
  bump: number;
  touch: boolean;
}

/**
 * The ledger writes of one action's transaction, held and written together in ONE statement
 * (data-modifying CTEs): the application row (status, step, variables, version — one UPDATE per
 * application), the tasks closed and opened, the history rows, the audit events and the outbox
 * jobs. The executor runs every action on a batch (`execute` in executor.ts); the ledger
 * functions above add to it when they are given one and write at once when they are given a
 * plain connection.
 *
 * It is also the action's connection: any other statement sent through it first writes what is
 * pending, so the action reads its own writes and the statements keep their order exactly as if
 * each had been sent at once — only the round trips change. Audit rows are chained at commit by the
 * database (migration 010), in the order of their ids, which follow the order they were added.
 */
export class LedgerBatch implements Queryable {
  private apps = new Map<string, PendingApp>();
  private closed: TaskClose[] = [];
  private marks: TaskMark[] = [];
  private opened: TaskOpen[] = [];
  private hist: HistoryRow[] = [];
  private audits: AuditRow[] = [];
  private jobs: OutboxRow[] = [];
  /** Statements written (for tests and bench/statements.ts). */
  readonly stats = { flushes: 0 };

  constructor(readonly inner: Queryable) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string) {
    await this.flush();
    return this.inner.query<T>(sql, params, name);
  }

  async exec(sql: string): Promise<void> {
    await this.flush();
    await this.inner.exec(sql);
  }

  get pending(): boolean {
    return this.apps.size + this.closed.length + this.marks.length + this.opened.length + this.hist.length + this.audits.length + this.jobs.length > 0;
  }

  patchApp(id: string, p: AppPatch): void {
    const a = this.apps.get(id) ?? { status: null, step: null, vars: null, bump: 0, touch: false };
    if (p.status) {
      a.status = p.status;
      a.touch = true;
    }
    if (p.step) a.step = { ...p.step };
    if (p.vars) a.vars = { ...(a.vars ?? {}), ...p.vars };
    if (p.bump) {
      a.bump++;
      a.touch = true;
    }
    this.apps.set(id, a);
  }

  closeTask(t: TaskClose): void {
    this.closed.push(t);
  }

  markTask(m: TaskMark): void {
    this.marks.push(m);
  }

  openTask(t: TaskOpen): void {
    this.opened.push(t);
  }

  history(row: HistoryRow): void {
    this.hist.push(row);
  }

  audit(r: AuditRow): void {
    this.audits.push(r);
  }

  outbox(rows: readonly OutboxRow[]): void {
    this.jobs.push(...rows);
  }

  /** Write everything pending in one statement (nothing when nothing is pending). */
  async flush(): Promise<void> {
    if (!this.pending) return;
    const apps = [...this.apps];
    const closed = this.closed;
    const marks = this.marks;
    const opened = this.opened;
    const hist = this.hist;
    const audits = this.audits;
    const jobs = this.jobs;
    this.apps = new Map();
    this.closed = [];
    this.marks = [];
    this.opened = [];
    this.hist = [];
    this.audits = [];
    this.jobs = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const parts: string[] = [];
    if (apps.length)
      parts.push(
        `apps AS (UPDATE applications a SET status = COALESCE(r.status, a.status),
           current_step = CASE WHEN r.set_step THEN r.step_id ELSE a.current_step END,
           step_due_at = CASE WHEN r.set_step THEN r.due_at ELSE a.step_due_at END,
           assignee_id = CASE WHEN r.set_step THEN r.assignee_id ELSE a.assignee_id END,
           vars = a.vars || r.vars, version = a.version + r.bump,
           updated_at = CASE WHEN r.touch THEN now() ELSE a.updated_at END
           FROM jsonb_to_recordset(${p(
             JSON.stringify(
               apps.map(([id, a]) => ({
                 id,
                 status: a.status,
                 set_step: !!a.step,
                 step_id: a.step?.id ?? null,
                 due_at: a.step?.dueAt ?? null,
                 assignee_id: a.step?.assigneeId ?? null,
                 vars: a.vars ?? {},
                 bump: a.bump,
                 touch: a.touch,
               })),
             ),
           )}::jsonb) AS r(id uuid, status text, set_step boolean, step_id text, due_at timestamptz, assignee_id uuid, vars jsonb, bump int, touch boolean)
          WHERE a.id = r.id)`,
      );
    if (closed.length)
      parts.push(
        `closed AS (UPDATE tasks t SET state = 'closed', closed_at = r.closed_at, closed_by = r.closed_by, outcome = r.outcome
           FROM jsonb_to_recordset(${p(JSON.stringify(closed.map((t) => ({ id: t.id, closed_at: t.closedAt, closed_by: t.closedBy, outcome: t.outcome }))))}::jsonb)
             AS r(id uuid, closed_at timestamptz, closed_by uuid, outcome text)
          WHERE t.id = r.id)`,
      );
    if (marks.length)
      parts.push(
        `marks AS (UPDATE tasks t SET warned_at = CASE WHEN m.col = 'warned_at' THEN m.at ELSE t.warned_at END,
           escalated_at = CASE WHEN m.col = 'escalated_at' THEN m.at ELSE t.escalated_at END
           FROM jsonb_to_recordset(${p(JSON.stringify(marks.map((m) => ({ id: m.id, col: m.column, at: m.at }))))}::jsonb) AS m(id uuid, col text, at timestamptz)
          WHERE t.id = m.id)`,
      );
    const rows = (cols: string, json: unknown[]) => `ROWS FROM (jsonb_to_recordset(${p(JSON.stringify(json))}::jsonb) AS (${cols})) WITH ORDINALITY AS x`;
    if (opened.length)
      parts.push(
        `opened AS (INSERT INTO tasks (id, application_id, service_code, channel, step_id, kind, role, org_id, assignee_id, opened_at, due_at, warn_at)
         SELECT id, application_id, service_code, channel, step_id, kind, role, org_id, assignee_id, opened_at, due_at, warn_at
           FROM ${rows('id uuid, application_id uuid, service_code text, channel text, step_id text, kind text, role text, org_id text, assignee_id uuid, opened_at timestamptz, due_at timestamptz, warn_at timestamptz', opened.map((t) => ({ id: t.id, application_id: t.applicationId, service_code: t.serviceCode, channel: t.channel, step_id: t.stepId, kind: t.kind, role: t.role, org_id: t.orgId, assignee_id: t.assigneeId, opened_at: t.openedAt, due_at: t.dueAt, warn_at: t.warnAt })))}
          ORDER BY x.ordinality)`,
      );
    if (hist.length)
      parts.push(
        `hist AS (INSERT INTO application_history (application_id, actor_id, actor_role, from_status, to_status, step_id, reason, at)
         SELECT r.application_id, r.actor_id, r.actor_role, r.from_status, r.to_status, r.step_id, r.reason, COALESCE(r.at, now())
           FROM ROWS FROM (jsonb_populate_recordset(NULL::application_history, ${p(JSON.stringify(hist))}::jsonb)) WITH ORDINALITY AS r
          ORDER BY r.ordinality)`,
      );
    if (audits.length) parts.push(`audit AS (${auditInsertSql(p(JSON.stringify(audits)))})`);
    if (jobs.length)
      parts.push(
        `outbox AS (INSERT INTO jobs (kind, payload, run_at)
         SELECT r.kind, r.payload, COALESCE(r.run_at, now())
           FROM ROWS FROM (jsonb_to_recordset(${p(JSON.stringify(jobs))}::jsonb) AS (kind text, payload jsonb, run_at timestamptz)) WITH ORDINALITY AS r
          ORDER BY r.ordinality)`,
      );
    // The text depends only on which parts are there: a named statement per shape, planned once per connection.
    const shape = `ledger_a${apps.length ? 1 : 0}_c${closed.length ? 1 : 0}_m${marks.length ? 1 : 0}_o${opened.length ? 1 : 0}_h${hist.length ? 1 : 0}_u${audits.length ? 1 : 0}_j${jobs.length ? 1 : 0}`;
    await this.inner.query(`WITH ${parts.join(',\n')}\nSELECT 1`, params, shape);
    this.stats.flushes++;
  }
}

/** The batch `q` is (an action's connection inside the pipeline), if it is one. */
export function batchOf(q: Queryable): LedgerBatch | null {
  return q instanceof LedgerBatch ? q : null;
}

/** Add to `q`'s batch, or — on a plain connection — write it at once (the same statement, alone). */
export async function inBatch(q: Queryable, add: (b: LedgerBatch) => void): Promise<void> {
  const b = batchOf(q);
  if (b) return add(b);
  const own = new LedgerBatch(q);
  add(own);
  await own.flush();
}

/** A change of an application's row (status through `writeStatus`, which checks the table). */
export async function writeAppPatch(q: Queryable, applicationId: string, patch: Omit<AppPatch, 'status'>): Promise<void> {
  await inBatch(q, (b) => b.patchApp(applicationId, patch));
}

/** A task row opened for a people's step. */
export async function writeTaskOpen(q: Queryable, t: TaskOpen): Promise<void> {
  await inBatch(q, (b) => b.openTask(t));
}

/** A task's warning or breach recorded (the timers). */
export async function writeTaskMark(q: Queryable, m: TaskMark): Promise<void> {
  await inBatch(q, (b) => b.markTask(m));
}

/** A task row closed by an action. */
export async function writeTaskClose(q: Queryable, t: TaskClose): Promise<void> {
  await inBatch(q, (b) => b.closeTask(t));
}
