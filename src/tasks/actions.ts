/**
 * The back office's action table: every action on a task (people's and the timers') as an
 * `ActionSpec` run by the one executor (src/actions/executor.ts). Each one: who may take it,
 * its body, when the step offers it, and what it changes.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CalendarRangeError } from '../calendar/calendar.ts';
import { extendDeadline } from '../calendar/deadline.ts';
import { workingMsBetween } from '../calendar/worktime.ts';
import { localDate } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError, type ErrorCode } from '../errors/errors.ts';
import type { ActionSpec, Effects } from '../actions/executor.ts';
import { type ActorRef, writeTaskClose, writeTaskMark } from '../actions/ledger.ts';
import { KIND_ACTION, nextEntry, stepActions, stepById } from '../process/engine.ts';
import { validateForm } from '../registry/form.ts';
import type { Decision, FormField, I18n, Process, ProcessStep, ServiceDefinition } from '../registry/types.ts';
import { applicationDeadline } from '../applications/deadline.ts';
import { recordCivilAct } from '../civil/acts.ts';
import { attachDecisionSignature, decisionDocument, prepareDecisionDocument } from './decision-document.ts';
import { CASE_COLS, type CaseRow, conditionContext, definitionOf, processOf, resumedTimes, setVars, stepTimes, takeEntry, taskHours } from './runtime.ts';

export interface TaskRow {
  id: string;
  application_id: string;
  service_code: string;
  step_id: string;
  kind: string;
  role: string;
  org_id: string;
  assignee_id: string | null;
  state: 'open' | 'waiting' | 'closed';
  opened_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  warned_at: Date | null;
  escalated_at: Date | null;
  paused_ms: string | null;
  closed_at: Date | null;
}

export interface TaskSubject {
  task: TaskRow;
  app: CaseRow;
  def: ServiceDefinition;
  proc: Process;
  step: ProcessStep;
}

/** A person acting in the back office: their roles and organisation decide what they may do. */
export interface StaffActor extends ActorRef {
  iin?: string;
  roles?: readonly string[];
}

export const TASK_COLS =
  't.id AS t_id, t.application_id, t.service_code AS t_service, t.step_id, t.kind, t.role, t.org_id, t.assignee_id, t.state, t.opened_at, t.due_at, t.warn_at, t.warned_at, t.escalated_at, t.paused_ms, t.closed_at';

/** A row of `SELECT ${TASK_COLS}, ${CASE_COLS} FROM tasks t JOIN applications a …`. */
export type JoinedRow = Omit<TaskRow, 'id' | 'service_code'> & { t_id: string; t_service: string } & CaseRow;

export async function loadTask(q: Queryable, ctx: AppContext, taskId: string, lock: boolean): Promise<TaskSubject | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(taskId)) return null;
  const r = await q.query<JoinedRow>(
    `SELECT ${TASK_COLS}, ${CASE_COLS} FROM tasks t JOIN applications a ON a.id = t.application_id WHERE t.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [taskId],
  );
  const row = r.rows[0];
  return row ? subjectOf(ctx, row) : null;
}

/** A joined task + application row as the actions' subject (definition, process and step resolved). */
export function subjectOf(ctx: AppContext, row: JoinedRow): TaskSubject {
  const task: TaskRow = {
    id: row.t_id,
    application_id: row.application_id,
    service_code: row.t_service,
    step_id: row.step_id,
    kind: row.kind,
    role: row.role,
    org_id: row.org_id,
    assignee_id: row.assignee_id,
    state: row.state,
    opened_at: row.opened_at,
    due_at: row.due_at,
    warn_at: row.warn_at,
    warned_at: row.warned_at,
    escalated_at: row.escalated_at,
    paused_ms: row.paused_ms,
    closed_at: row.closed_at,
  };
  const app: CaseRow = { ...row, vars: row.vars ?? {} };
  const def = definitionOf(ctx, app);
  const proc = processOf(def, app.channel);
  const step = stepById(proc, task.step_id);
  if (!step) throw new Error(`${def.code}: task ${task.id} names step ${task.step_id}, which the definition does not have`);
  return { task, app, def, proc, step };
}

// ------------------------------------------------------------------ rules shared by the actions

/** Staff of the task's organisation holding the step's role; a task assigned to someone else is theirs alone. */
export function authoriseStaff(actor: StaffActor, s: TaskSubject): StaffActor {
  const roles = actor.roles ?? [actor.role];
  if (actor.orgId !== s.task.org_id || !roles.includes(s.task.role)) throw new AppError('NOT_YOUR_TASK');
  if (s.task.assignee_id && s.task.assignee_id !== actor.id) throw new AppError(s.step.kind === 'sign' ? 'SIGNER_NOT_ASSIGNED' : 'NOT_ASSIGNED_TO_YOU');
  return { ...actor, role: s.task.role };
}

export function actionsNow(s: TaskSubject): string[] {
  if (s.task.state === 'closed') return [];
  return stepActions(s.step, { waiting: s.task.state === 'waiting' });
}

const offers = (name: string) => (s: TaskSubject) => {
  if (!actionsNow(s).includes(name)) throw new AppError('ACTION_NOT_ALLOWED', { details: { action: name, step: s.step.id, allowed: actionsNow(s) } });
};

const version = z.number().int().min(1);
const note = z.string().trim().min(1).max(2000).optional();
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function closeTask(q: Queryable, s: TaskSubject, actor: ActorRef, outcome: string, now: Date): Promise<void> {
  await writeTaskClose(q, { id: s.task.id, closedAt: now, closedBy: actor.id, outcome });
  s.task.state = 'closed';
}

/** Close the task by `outcome` and leave the step by the entry of `decision` (or by its conditions). */
async function complete(
  a: { ctx: AppContext; q: Queryable; actor: ActorRef; now: Date },
  s: TaskSubject,
  outcome: string,
  decision?: Decision,
  reason?: Record<string, unknown> | null,
): Promise<string | null> {
  const entry = nextEntry(s.step, { decision }, conditionContext(s.app, s.proc, a.ctx.calendar));
  if (!entry) throw new AppError('ACTION_NOT_ALLOWED', { details: { action: outcome, step: s.step.id } });
  await closeTask(a.q, s, a.actor, outcome, a.now);
  return takeEntry({ ctx: a.ctx, q: a.q, actor: a.actor, now: a.now }, s.app, s.proc, s.step, entry, { event: outcome, ...(reason ?? {}) });
}

export interface TaskResult {
  taskId: string;
  state: 'open' | 'waiting' | 'closed';
  applicationId: string;
  status: string;
  version: number;
  nextTaskId: string | null;
}

const result = (s: TaskSubject, nextTaskId: string | null): TaskResult => ({
  taskId: s.task.id,
  state: s.task.state,
  applicationId: s.app.id,
  status: s.app.status,
  version: s.app.version + 1,
  nextTaskId,
});

const done = (s: TaskSubject, event: string, data: Record<string, unknown>, nextTaskId: string | null, outbox: Effects['outbox'] = []): Effects<TaskResult> => ({
  audit: [{ event: `task.${event}`, subject: { type: 'application', id: s.app.id }, data: { task: s.task.id, step: s.step.id, ...data } }],
  outbox,
  bumpVersion: s.app.id,
  result: result(s, nextTaskId),
});

type TaskAction<B> = ActionSpec<TaskSubject, B, TaskResult>;

const base = {
  load: (q: Queryable, ctx: AppContext, id: string) => loadTask(q, ctx, id, true),
  version: (s: TaskSubject) => s.app.version,
};

/** The step's own action (register, forward, dispatch, issue): completes it by its conditions. */
function plainAction(name: 'register' | 'forward' | 'dispatch' | 'issue'): TaskAction<{ version: number; note?: string | undefined }> {
  return {
    ...base,
    name,
    body: z.object({ version, note }).strict(),
    authorise: authoriseStaff,
    allowed: offers(name),
    apply: async (a) => {
      const actor = a.actor;
      const next = await complete({ ...a, actor }, a.subject, name, undefined, a.body.note ? { note: a.body.note } : null);
      return done(a.subject, name, a.body.note ? { note: a.body.note } : {}, next);
    },
  };
}

// ------------------------------------------------------------------ assign

const assign: TaskAction<{ version: number; executorId: string; note?: string | undefined }> = {
  ...base,
  name: 'assign',
  body: z.object({ version, executorId: z.string().regex(uuidRe), note }).strict(),
  authorise: authoriseStaff,
  allowed: offers('assign'),
  apply: async (a) => {
    const actor = a.actor;
    const ok = await a.q.query('SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND $3 = ANY(roles)', [a.body.executorId, a.subject.task.org_id, 'responsible-executor']);
    if (!ok.rows.length) throw new AppError('EXECUTOR_NOT_ELIGIBLE', { path: '/executorId' });
    await setVars(a.q, a.subject.app, { executorId: a.body.executorId, headId: actor.id });
    const next = await complete({ ...a, actor }, a.subject, 'assign', undefined, { executorId: a.body.executorId });
    return done(a.subject, 'assign', { executorId: a.body.executorId }, next);
  },
};

// ------------------------------------------------------------------ decisions

/** The fields the executor fills in when approving (the definition's, or one text field). */
export function decisionFields(def: ServiceDefinition): FormField[] {
  return (
    def.result.decisionFields ?? [
      { name: 'text', type: 'text', required: true, label: { kk: 'Шешімнің мәтіні', ru: 'Текст решения', en: 'Text of the decision' } },
    ]
  );
}

async function saveDecision(q: Queryable, s: TaskSubject, actor: ActorRef, kind: 'approve' | 'refuse', data: Record<string, unknown>, now: Date) {
  await q.query(
    `INSERT INTO application_decisions (application_id, kind, data, prepared_by, prepared_at) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (application_id) DO UPDATE SET kind = EXCLUDED.kind, data = EXCLUDED.data, prepared_by = EXCLUDED.prepared_by,
       prepared_at = EXCLUDED.prepared_at, signed_by = NULL, signed_at = NULL, cms = NULL, payload_sha256 = NULL, signer_serial = NULL`,
    [s.app.id, kind, JSON.stringify(data), actor.id, now],
  );
  await setVars(q, s.app, { $decision: kind });
}

const approve: TaskAction<{ version: number; data: Record<string, unknown> }> = {
  ...base,
  name: 'approve',
  body: z.object({ version, data: z.record(z.string(), z.unknown()) }).strict(),
  authorise: authoriseStaff,
  allowed: offers('approve'),
  apply: async (a) => {
    const actor = a.actor;
    const fields = decisionFields(a.subject.def);
    const errors = validateForm({ form: { fields, example: {} } }, a.body.data, { $filedAt: a.now.toISOString() }).map((e) => ({ ...e, path: e.path.replace(/^\/form/, '/data') }));
    if (errors.length) throw new AppError('VALIDATION_FAILED', { errors, path: errors[0]?.path });
    // A civil-registration service records its act now (src/civil); the registry's refusal makes this a reasoned refusal instead.
    const act = await recordCivilAct(a.ctx, a.q, a.subject, actor.id, a.now);
    if (act && !act.recorded) {
      await saveDecision(a.q, a.subject, actor, 'refuse', act.refusal, a.now);
      const next = await complete({ ...a, actor }, a.subject, 'refuse', 'refuse', { grounds: act.refusal.grounds, civilRegistry: act.reason });
      // The refusal letter the head signs, as for a refusal by hand.
      const document = await prepareDecisionDocument({ ...a, actor }, { ...a.subject, orgId: a.subject.task.org_id });
      return done(a.subject, 'refuse', { grounds: act.refusal.grounds, civilRegistry: act.reason, document }, next);
    }
    await saveDecision(a.q, a.subject, actor, 'approve', act ? { ...a.body.data, actRecord: act.actRecord } : a.body.data, a.now);
    const next = await complete({ ...a, actor }, a.subject, 'approve', 'approve');
    // The result document, from the decision as stored (with the act record, when one was written).
    const document = await prepareDecisionDocument({ ...a, actor }, { ...a.subject, orgId: a.subject.task.org_id });
    return done(a.subject, 'approve', { document, ...(act ? { actRecord: act.actRecord.number } : {}) }, next);
  },
};

const refuse: TaskAction<{ version: number; grounds: string[]; text?: string | undefined }> = {
  ...base,
  name: 'refuse',
  body: z.object({ version, grounds: z.array(z.string().max(100)).max(20), text: z.string().trim().max(4000).optional() }).strict(),
  authorise: authoriseStaff,
  allowed: offers('refuse'),
  apply: async (a) => {
    const actor = a.actor;
    const known = new Map(a.subject.def.refusalGrounds.map((g) => [g.id, g]));
    if (!a.body.grounds.length) throw new AppError('REFUSAL_GROUNDS_REQUIRED', { path: '/grounds' });
    const bad = a.body.grounds.findIndex((g) => !known.has(g));
    if (bad >= 0) throw new AppError('UNKNOWN_REFUSAL_GROUND', { path: `/grounds/${bad}`, details: { known: [...known.keys()] } });
    const grounds = [...new Set(a.body.grounds)];
    await saveDecision(a.q, a.subject, actor, 'refuse', { grounds, groundTexts: grounds.map((g) => known.get(g)?.text), ...(a.body.text ? { text: a.body.text } : {}) }, a.now);
    const next = await complete({ ...a, actor }, a.subject, 'refuse', 'refuse', { grounds });
    // The reasoned refusal letter.
    const document = await prepareDecisionDocument({ ...a, actor }, { ...a.subject, orgId: a.subject.task.org_id });
    return done(a.subject, 'refuse', { grounds, document }, next);
  },
};

// ------------------------------------------------------------------ extend

const extend: TaskAction<{ version: number; extensionId?: string | undefined; amount?: number | undefined; reason?: string | undefined }> = {
  ...base,
  name: 'extend',
  body: z.object({ version, extensionId: z.string().max(100).optional(), amount: z.number().int().min(1).max(366).optional(), reason: z.string().trim().max(2000).optional() }).strict(),
  authorise: authoriseStaff,
  allowed: offers('extend'),
  apply: async (a) => {
    const actor = a.actor;
    const { app, def } = a.subject;
    const termId = typeof app.deadline_basis?.termId === 'string' ? app.deadline_basis.termId : null;
    const candidates = def.extensions.filter((x) => !x.terms?.length || (termId !== null && x.terms.includes(termId)));
    const ext = a.body.extensionId ? candidates.find((x) => x.id === a.body.extensionId) : candidates[0];
    if (!ext) throw new AppError('EXTENSION_NOT_PROVIDED', { path: a.body.extensionId ? '/extensionId' : '/' });
    const amount = a.body.amount ?? ext.maxAmount;
    if (amount > ext.maxAmount) throw new AppError('EXTENSION_TOO_LONG', { path: '/amount', details: { max: ext.maxAmount, unit: ext.unit } });
    const used = await a.q.query('SELECT 1 FROM application_extensions WHERE application_id = $1 AND extension_id = $2', [app.id, ext.id]);
    if (used.rows.length) throw new AppError('EXTENSION_ALREADY_USED', { path: '/extensionId' });
    let deadline;
    try {
      deadline = applicationDeadline(def, { channel: app.channel, filedAt: app.filed_at, region: app.region ?? undefined, form: app.form }, a.ctx.calendar);
    } catch (e) {
      if (e instanceof CalendarRangeError) throw new AppError('YEAR_OUT_OF_RANGE');
      throw e;
    }
    if (!deadline) throw new AppError('EXTENSION_NOT_PROVIDED');
    let x;
    try {
      x = extendDeadline(deadline, ext, a.ctx.calendar, { extendedAt: a.now, amount });
    } catch (e) {
      if (e instanceof RangeError) throw new AppError('EXTENSION_NOT_PROVIDED', { path: '/extensionId', details: { reason: e.message } });
      throw e;
    }
    await a.q.query(
      `INSERT INTO application_extensions (application_id, extension_id, amount, unit, previous_due, new_due, notice_by, reason, extended_by, extended_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [app.id, ext.id, amount, ext.unit, app.due_date ?? x.previousDueDate, x.dueDate, x.noticeBy, a.body.reason ?? null, actor.id, a.now],
    );
    await a.q.query(
      `UPDATE applications SET due_date = $2, deadline_basis = COALESCE(deadline_basis, '{}'::jsonb) || jsonb_build_object('extended', $3::jsonb) WHERE id = $1`,
      [app.id, x.dueDate, JSON.stringify({ extensionId: ext.id, amount, unit: ext.unit, previousDueDate: app.due_date, noticeBy: x.noticeBy, basis: x.basis })],
    );
    app.due_date = x.dueDate;
    // The entry of `extend` names the step itself: the task stays open; its status (extended) is the entry's.
    const entry = nextEntry(a.subject.step, { decision: 'extend' }, conditionContext(app, a.subject.proc, a.ctx.calendar));
    const to = entry?.status ?? 'extended';
    const history = to === app.status ? [{ applicationId: app.id, status: app.status, stepId: a.subject.step.id, reason: { event: 'extend', extensionId: ext.id, dueDate: x.dueDate, noticeBy: x.noticeBy } }] : [];
    const fx = done(a.subject, 'extend', { extensionId: ext.id, amount, dueDate: x.dueDate, noticeBy: x.noticeBy }, null, [
      { kind: 'notify.extension', payload: { applicationId: app.id, dueDate: x.dueDate, noticeBy: x.noticeBy, extensionId: ext.id } },
    ]);
    if (to !== app.status) {
      fx.status = { applicationId: app.id, from: app.status, to, stepId: a.subject.step.id, reason: { event: 'extend', extensionId: ext.id, dueDate: x.dueDate, noticeBy: x.noticeBy } };
      app.status = to;
    }
    fx.history = history;
    fx.result = { ...fx.result, status: app.status };
    return fx;
  },
};

// ------------------------------------------------------------------ request data / data received

const requestData: TaskAction<{ version: number; to: string; text: string }> = {
  ...base,
  name: 'request-data',
  body: z.object({ version, to: z.string().trim().min(1).max(300), text: z.string().trim().min(1).max(4000) }).strict(),
  authorise: authoriseStaff,
  allowed: offers('request-data'),
  apply: async (a) => {
    const { task, step } = a.subject;
    // The step's timer stops only where the regulation says so: the working time left is kept.
    const pause = step.requestDataPausesTimer === true && task.due_at !== null;
    const left = pause && task.due_at ? Math.max(0, workingMsBetween(a.now, task.due_at, a.ctx.calendar, taskHours(a.ctx, task.org_id))) : null;
    await a.q.query("UPDATE tasks SET state = 'waiting', paused_ms = $2, due_at = CASE WHEN $3 THEN NULL ELSE due_at END, warn_at = CASE WHEN $3 THEN NULL ELSE warn_at END WHERE id = $1", [task.id, left, pause]);
    task.state = 'waiting';
    const fx = done(a.subject, 'request-data', { to: a.body.to, timerPaused: pause }, null);
    fx.history = [{ applicationId: a.subject.app.id, status: a.subject.app.status, stepId: step.id, reason: { event: 'request-data', to: a.body.to, text: a.body.text, timerPaused: pause } }];
    return fx;
  },
};

const dataReceived: TaskAction<{ version: number; note?: string | undefined }> = {
  ...base,
  name: 'data-received',
  body: z.object({ version, note }).strict(),
  authorise: authoriseStaff,
  allowed: offers('data-received'),
  apply: async (a) => {
    const { task, step, app, proc } = a.subject;
    let dueAt = task.due_at;
    let warnAt = task.warn_at;
    if (task.paused_ms !== null) {
      // The timer stood still while the step waited (requestDataPausesTimer): it runs again from now
      // with the working time that was left, and the warning stays at 75 % of the step's whole
      // working time — the paused time counts for neither. (A timer that was not paused kept both.)
      const hours = taskHours(a.ctx, task.org_id);
      const left = Number(task.paused_ms);
      const { spanMs } = stepTimes(step, app, proc, a.ctx.calendar, task.opened_at, hours);
      ({ dueAt, warnAt } = resumedTimes(a.now, left, spanMs ?? left, a.ctx.calendar, hours));
    }
    await a.q.query("UPDATE tasks SET state = 'open', paused_ms = NULL, due_at = $2, warn_at = $3 WHERE id = $1", [task.id, dueAt, warnAt]);
    task.state = 'open';
    const fx = done(a.subject, 'data-received', {}, null);
    fx.history = [{ applicationId: app.id, status: app.status, stepId: step.id, reason: { event: 'data-received', ...(a.body.note ? { note: a.body.note } : {}) } }];
    return fx;
  },
};

// ------------------------------------------------------------------ return (to the centre, digest §2.9)

/** Working days within which the provider may return a package to the centre (004 cl.16, digest §2.9). */
export const RETURN_WITHIN_WORKING_DAYS = 3;

const returnAction: TaskAction<{ version: number; reasons: string }> = {
  ...base,
  name: 'return',
  body: z.object({ version, reasons: z.string().trim().min(3).max(4000) }).strict(),
  authorise: authoriseStaff,
  allowed: offers('return'),
  apply: async (a) => {
    const actor = a.actor;
    const { app } = a.subject;
    const entry = nextEntry(a.subject.step, { decision: 'return' }, conditionContext(app, a.subject.proc, a.ctx.calendar));
    // Back to the centre (status `returned`): only within 3 working days of acceptance.
    if (entry && (entry.status === 'returned' || (!entry.status && a.subject.step.status === 'returned'))) {
      const accepted = app.acceptance_date ?? localDate(app.filed_at);
      const today = localDate(a.now);
      let days: number;
      try {
        days = today <= accepted ? 0 : a.ctx.calendar.workingDaysBetween(accepted, today);
      } catch (e) {
        if (e instanceof CalendarRangeError) throw new AppError('YEAR_OUT_OF_RANGE');
        throw e;
      }
      if (days > RETURN_WITHIN_WORKING_DAYS) throw new AppError('RETURN_TOO_LATE', { details: { acceptedOn: accepted, workingDays: days } });
    }
    const next = await complete({ ...a, actor }, a.subject, 'return', 'return', { reasons: a.body.reasons });
    return done(a.subject, 'return', { reasons: a.body.reasons }, next, [{ kind: 'notify.returned', payload: { applicationId: app.id } }]);
  },
};

// ------------------------------------------------------------------ sign

/** The bytes the head signs: the PDF of the decision's document (decision-document.ts). */
export async function signingBytes(q: Queryable, s: Pick<TaskSubject, 'app'>): Promise<Uint8Array | null> {
  return (await decisionDocument(q, s.app.id))?.bytes ?? null;
}

const BYTES_ERRORS = new Set(['EDS_BAD_SIGNATURE', 'EDS_DATA_REQUIRED']);

interface PreparedSignature {
  sha256: string | null;
  error: AppError | null;
  cms: Buffer | null;
  serial: string | null;
}

/** Verify the head's CMS over the decision's bytes, outside the transaction (the verifier reads revocation data itself). */
async function verifyDecisionSignature(a: { ctx: AppContext; actor: ActorRef; subjectId: string; body: unknown }): Promise<PreparedSignature> {
  const none = { sha256: null, cms: null, serial: null };
  const b = a.body as { signature?: { cms?: unknown } } | null;
  const raw = typeof b?.signature?.cms === 'string' ? b.signature.cms.replace(/\s+/g, '') : null;
  if (!raw) return { ...none, error: null }; // the body's validation answers
  if (!/^[A-Za-z0-9+/=_-]+$/.test(raw) || raw.length > 1_400_000) return { ...none, error: new AppError('EDS_MALFORMED', { path: '/signature/cms' }) };
  const s = await loadTask(a.ctx.db, a.ctx, a.subjectId, false);
  const bytes = s ? await signingBytes(a.ctx.db, s) : null;
  if (!bytes) return { ...none, error: null };
  const cms = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
  const iin = (a.actor as StaffActor).iin;
  const v = await a.ctx.pki.verifier.verify(cms, { data: bytes, purpose: 'sign', ...(iin ? { expectedIin: iin } : {}) });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (!v.valid || !v.signer) {
    const code = v.errors[0]?.code ?? 'EDS_BAD_SIGNATURE';
    const error = BYTES_ERRORS.has(code) ? new AppError('SIGNED_OTHER_BYTES', { path: '/signature/cms' }) : new AppError(code as ErrorCode, { path: '/signature/cms', details: { errors: v.errors.map((x) => x.code) } });
    return { sha256, cms: null, serial: null, error };
  }
  return { sha256, cms, serial: v.signer.serial, error: null };
}

const sign: TaskAction<{ version: number; signature: { method: 'eds'; cms: string } }> = {
  ...base,
  name: 'sign',
  body: z.object({ version, signature: z.object({ method: z.literal('eds'), cms: z.string().min(16).max(1_400_000) }).strict() }).strict(),
  authorise: authoriseStaff,
  allowed: offers('sign'),
  prepare: verifyDecisionSignature,
  apply: async (a) => {
    const actor = a.actor as StaffActor; // as the executor's authorise narrowed it (the task's role)
    const p = a.prepared as PreparedSignature;
    if (p.error) throw p.error;
    const doc = await decisionDocument(a.q, a.subject.app.id);
    if (!doc) throw new AppError('ACTION_NOT_ALLOWED', { details: { action: 'sign', reason: 'no decision prepared' } });
    const sha = doc.sha256;
    // The decision may have changed between the verification and the lock: the signature must cover its document as it is now.
    if (!p.cms || p.sha256 !== sha) throw new AppError('SIGNED_OTHER_BYTES', { path: '/signature/cms' });
    // The document names the official who signs it.
    if (doc.officialIin && actor.iin && doc.officialIin !== actor.iin) throw new AppError('SIGNER_NOT_ASSIGNED');
    await a.q.query('UPDATE application_decisions SET signed_by = $2, signed_at = $3, cms = $4, payload_sha256 = $5, signer_serial = $6 WHERE application_id = $1', [
      a.subject.app.id,
      actor.id,
      a.now,
      p.cms,
      sha,
      p.serial,
    ]);
    await attachDecisionSignature(a.q, doc, p.cms, p.serial!, a.now);
    const next = await complete({ ...a, actor }, a.subject, 'sign', undefined, { signer: p.serial });
    return done(a.subject, 'sign', { serial: p.serial, sha256: sha, decision: a.subject.app.vars.$decision, document: doc.number }, next, [
      { kind: 'notify.decision-signed', payload: { applicationId: a.subject.app.id, decision: String(a.subject.app.vars.$decision ?? '') } },
    ]);
  },
};

// ------------------------------------------------------------------ timers (system actors only)

const systemOnly = (actor: ActorRef) => {
  if (actor.id !== null || (actor.role !== 'timer' && actor.role !== 'system')) throw new AppError('FORBIDDEN');
};

/** At 75 % of the step's time: the assignee (or the role's pool) is told. */
export const warnTask: TaskAction<Record<string, never>> = {
  ...base,
  name: 'warn',
  body: z.object({}).strict(),
  authorise: systemOnly,
  allowed: (s) => {
    if (s.task.state !== 'open' || s.task.warned_at) throw new AppError('ACTION_NOT_ALLOWED');
  },
  version: undefined,
  apply: async (a) => {
    await writeTaskMark(a.q, { id: a.subject.task.id, column: 'warned_at', at: a.now });
    a.subject.task.warned_at = a.now;
    return {
      audit: [{ event: 'task.warned', subject: { type: 'application', id: a.subject.app.id }, data: { task: a.subject.task.id, step: a.subject.step.id, dueAt: a.subject.task.due_at?.toISOString() } }],
      outbox: [{ kind: 'notify.task-warning', payload: { taskId: a.subject.task.id, assigneeId: a.subject.task.assignee_id, orgId: a.subject.task.org_id, role: a.subject.task.role } }],
      result: result(a.subject, null),
    };
  },
};

const ESCALATED: I18n = { kk: 'Қадамның мерзімі өтті: басшыға жіберілді', ru: 'Срок этапа истёк: передано руководителю', en: 'The step is overdue: escalated to the head' };

/** On breach: what the step says — escalate to the head (default), proceed, or annul. */
export const timeoutTask: TaskAction<Record<string, never>> = {
  ...base,
  name: 'timeout',
  body: z.object({}).strict(),
  authorise: systemOnly,
  allowed: (s) => {
    if (s.task.state !== 'open' || s.task.escalated_at) throw new AppError('ACTION_NOT_ALLOWED');
  },
  version: undefined,
  apply: async (a) => {
    const s = a.subject;
    const how = s.step.onTimeout ?? 'escalate';
    if (how === 'proceed') {
      const next = await complete(a, s, 'timeout');
      return done(s, 'timeout', { onTimeout: how }, next);
    }
    if (how === 'annul') {
      await closeTask(a.q, s, a.actor, 'timeout', a.now);
      const fx = done(s, 'timeout', { onTimeout: how }, null);
      fx.status = { applicationId: s.app.id, from: s.app.status, to: 'annulled', stepId: s.step.id, reason: { event: 'timeout' } };
      await a.q.query('UPDATE applications SET current_step = NULL, step_due_at = NULL WHERE id = $1', [s.app.id]);
      return fx;
    }
    await writeTaskMark(a.q, { id: s.task.id, column: 'escalated_at', at: a.now });
    s.task.escalated_at = a.now;
    const fx = done(s, 'escalated', { onTimeout: how, dueAt: s.task.due_at?.toISOString() }, null, [
      { kind: 'notify.task-escalated', payload: { taskId: s.task.id, orgId: s.task.org_id, role: 'provider-head' } },
    ]);
    fx.history = [{ applicationId: s.app.id, status: s.app.status, stepId: s.step.id, reason: { event: 'escalated', ...ESCALATED } }];
    return fx;
  },
};

/** People's actions by name (POST /api/v1/tasks/{id}/{action}). */
export const TASK_ACTIONS: Record<string, TaskAction<never>> = Object.fromEntries(
  [plainAction('register'), plainAction('forward'), plainAction('dispatch'), plainAction('issue'), assign, approve, refuse, extend, requestData, dataReceived, returnAction, sign].map((x) => [x.name, x as unknown as TaskAction<never>]),
);

// Every kind's own action has a spec (a step kind that names an action nobody implements is a bug).
for (const a of Object.values(KIND_ACTION)) if (a && !TASK_ACTIONS[a]) throw new Error(`no action spec for step action ${a}`);
