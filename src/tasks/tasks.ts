/**
 * Reading the back office: an employee's inbox, one task with what its actions need (ready
 * example bodies), the decision's signing bytes; and the application-level actions of the
 * system (delivery to the provider starts the process; a connector's answer completes an
 * automatic step). Writes only through the executor.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { User } from '../accounts/accounts.ts';
import { execute, type ActionSpec } from '../actions/executor.ts';
import { type ActorRef, SYSTEM_ACTOR } from '../actions/ledger.ts';
import { STATUS_NAMES } from '../applications/status.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { kzToday } from '../registry/form.ts';
import { nextEntry, stepById } from '../process/engine.ts';
import type { ApplicationStatus, FormField, I18n } from '../registry/types.ts';
import { actionsNow, decisionFields, loadTask, signingBytes, type StaffActor, TASK_ACTIONS, type TaskResult, type TaskSubject } from './actions.ts';
import { CASE_COLS, type CaseRow, conditionContext, definitionOf, processOf, setVars, startProcess, takeEntry } from './runtime.ts';

export const STAFF_ROLES = ['provider-clerk', 'provider-head', 'responsible-executor', 'centre-operator', 'akimat-officer', 'branch-head'] as const;

export const staffActor = (user: User): StaffActor => ({ id: user.id, role: user.roles.find((r) => r !== 'citizen') ?? 'citizen', roles: user.roles, orgId: user.orgId, iin: user.iin });

// ------------------------------------------------------------------ inbox

export interface InboxFilter {
  service?: string | undefined;
  status?: ApplicationStatus | undefined;
  overdue?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface InboxRow {
  id: string;
  application_id: string;
  number: string;
  service_code: string;
  service_version: number;
  status: ApplicationStatus;
  step_id: string;
  kind: string;
  role: string;
  state: 'open' | 'waiting' | 'closed';
  assignee_id: string | null;
  due_at: Date | null;
  warn_at: Date | null;
  escalated_at: Date | null;
  app_due: string | null;
  channel: string;
  vars: Record<string, unknown>;
  version: number;
}

const FAR = '9999-12-31T00:00:00.000Z';

function encodeCursor(r: InboxRow): string {
  return Buffer.from(`${(r.due_at ?? new Date(FAR)).toISOString()}|${r.id}`).toString('base64url');
}
function decodeCursor(c: string): { dueAt: Date; id: string } {
  const bad = () => new AppError('INVALID_CURSOR', { path: '/querystring/cursor' });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(c)) throw bad();
  const [ts = '', id = '', ...rest] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (rest.length || !/^[0-9a-f-]{36}$/.test(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(ts)) throw bad();
  const d = new Date(ts);
  if (Number.isNaN(d.getTime()) || d.toISOString() !== ts) throw bad();
  return { dueAt: d, id };
}

/**
 * The signed-in employee's open tasks, soonest due first: the tasks of their organisation for
 * their roles, not assigned to someone else; heads also see every escalated task of their
 * organisation. One index range per role (tasks_inbox: org, role, due_at, id).
 */
export async function inbox(ctx: AppContext, user: User, f: InboxFilter, now = new Date()) {
  if (!user.orgId) return { items: [], nextCursor: null };
  const roles = user.roles.filter((r) => r !== 'citizen');
  const params: unknown[] = [user.orgId, user.id, f.limit + 1];
  const p = (v: unknown) => `$${params.push(v)}`;
  // Filters on the task row and the keyset position, shared by every branch.
  let common = '';
  if (f.service) common += ` AND t.service_code = ${p(f.service)}`;
  if (f.overdue) common += ` AND t.due_at < ${p(now)}`;
  if (f.status) common += ` AND a.status = ${p(f.status)}`;
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    // Keyset on (due_at NULLS LAST, id): past the cursor's due time, or the same time and a later id.
    common += c.dueAt.toISOString() === FAR ? ` AND t.due_at IS NULL AND t.id > ${p(c.id)}` : ` AND ((t.due_at, t.id) > (${p(c.dueAt)}, ${p(c.id)}) OR t.due_at IS NULL)`;
  }
  // One ordered index range per role (tasks_inbox: org_id, role, due_at, id — read in order, stopped
  // after a page), and for heads the escalated tasks of the organisation; merged and cut to the page.
  const branch = (where: string) =>
    `(SELECT t.id, t.application_id, a.number, t.service_code, a.service_version, a.status, t.step_id, t.kind, t.role, t.state, t.assignee_id,
             t.due_at, t.warn_at, t.escalated_at, a.due_date::text AS app_due, a.channel, a.vars, a.version
        FROM tasks t JOIN applications a ON a.id = t.application_id
       WHERE t.org_id = $1 AND t.state <> 'closed' AND ${where}${common}
       ORDER BY t.due_at, t.id LIMIT $3)`;
  const branches = roles.map((r) => branch(`t.role = ${p(r)} AND (t.assignee_id IS NULL OR t.assignee_id = $2)`));
  if (roles.includes('provider-head')) branches.push(branch(`t.escalated_at IS NOT NULL AND t.role <> 'provider-head'`));
  if (!branches.length) return { items: [], nextCursor: null };
  // The branches are disjoint (one role each; the escalated ones are of other roles than the head's own): UNION ALL, no
  // de-duplication over every column. The text depends only on the roles and the filters used: a named statement per
  // shape is parsed and planned once per connection (planning the union cost more than running it).
  const sql = `SELECT * FROM (${branches.join(' UNION ALL ')}) x ORDER BY x.due_at, x.id LIMIT $3`;
  const r = await ctx.db.query<InboxRow>(sql, params, `inbox_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`);
  const rows = r.rows.slice(0, f.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((x) => taskSummary(ctx, x, now)),
    nextCursor: r.rows.length > f.limit && last ? encodeCursor(last) : null,
  };
}

function taskSummary(ctx: AppContext, x: InboxRow, now: Date) {
  const def = ctx.registry.versions(x.service_code).find((d) => d.version === x.service_version);
  const step = def?.process[x.channel as 'portal']?.steps.find((s) => s.id === x.step_id);
  const actions = step && x.state !== 'closed' ? actionsNow({ task: { state: x.state }, step } as TaskSubject) : [];
  return {
    id: x.id,
    application: { id: x.application_id, number: x.number, serviceCode: x.service_code, serviceName: def?.name ?? null, status: x.status, statusName: STATUS_NAMES[x.status], dueDate: x.app_due },
    step: { id: x.step_id, kind: x.kind, role: x.role, action: step?.action ?? null },
    state: x.state,
    assigneeId: x.assignee_id,
    actions,
    dueAt: x.due_at?.toISOString() ?? null,
    warnAt: x.warn_at?.toISOString() ?? null,
    overdue: x.due_at !== null && x.due_at < now,
    warning: x.warn_at !== null && x.warn_at <= now,
    escalated: x.escalated_at !== null,
    version: x.version,
  };
}

// ------------------------------------------------------------------ one task

/** A value for one decision field that its validation accepts. */
function exampleValue(f: FormField, today: string): unknown {
  switch (f.type) {
    case 'enum':
      return f.options?.[0]?.value ?? '';
    case 'date':
      return today;
    case 'boolean':
      return true;
    case 'integer':
      return typeof f.min === 'number' ? f.min : Number(today.slice(0, 4));
    case 'number':
      return typeof f.min === 'number' ? f.min : 1;
    case 'iin':
      return '880515300120';
    default:
      return f.name === 'text' ? 'Шешім / Решение / Decision' : `${f.label.ru}`.slice(0, Math.max(1, Math.min(60, f.maxLength ?? 60)));
  }
}

async function exampleBodies(ctx: AppContext, s: TaskSubject, actions: string[]): Promise<Record<string, unknown>> {
  const version = s.app.version;
  const out: Record<string, unknown> = {};
  for (const a of actions) {
    switch (a) {
      case 'assign': {
        const ex = await ctx.db.query<{ id: string }>("SELECT id FROM users WHERE org_id = $1 AND 'responsible-executor' = ANY(roles) ORDER BY surname, id LIMIT 1", [s.task.org_id]);
        out[a] = { version, executorId: ex.rows[0]?.id ?? null };
        break;
      }
      case 'approve': {
        const today = kzToday();
        const data: Record<string, unknown> = {};
        for (const f of decisionFields(s.def)) if (f.required) data[f.name] = exampleValue(f, today);
        out[a] = { version, data };
        break;
      }
      case 'refuse':
        out[a] = { version, grounds: s.def.refusalGrounds.slice(0, 1).map((g) => g.id), text: 'Негіздеме / Обоснование / Reasons' };
        break;
      case 'extend': {
        const termId = typeof s.app.deadline_basis?.termId === 'string' ? s.app.deadline_basis.termId : null;
        const x = s.def.extensions.find((e) => !e.terms?.length || (termId !== null && e.terms.includes(termId)));
        out[a] = { version, extensionId: x?.id ?? null, amount: x?.maxAmount ?? 1, reason: 'Қосымша тексеру / Дополнительная проверка / Additional verification' };
        break;
      }
      case 'request-data':
        out[a] = { version, to: 'Азаматтық хал актілерін тіркеу органы / Орган регистрации актов гражданского состояния', text: 'Сұрау / Запрос / Request' };
        break;
      case 'return':
        out[a] = { version, reasons: 'Құжаттар толық емес / Пакет документов неполный / The package is incomplete' };
        break;
      case 'sign':
        out[a] = { version, signature: { method: 'eds', cms: `<CMS (SIGN key) over the bytes of GET /api/v1/tasks/${s.task.id}/signing-payload>` } };
        break;
      default:
        out[a] = { version };
    }
  }
  return out;
}

/** One task for an employee who may see it (its organisation; its role or an escalation for the head). */
export async function getTask(ctx: AppContext, user: User, taskId: string, now = new Date()) {
  const s = await loadTask(ctx.db, ctx, taskId, false);
  if (!s) throw new AppError('NOT_FOUND');
  const mayActNow = user.orgId === s.task.org_id && user.roles.includes(s.task.role as never) && (!s.task.assignee_id || s.task.assignee_id === user.id);
  const mayView = user.orgId === s.task.org_id && (user.roles.includes(s.task.role as never) || user.roles.includes('provider-head'));
  if (!mayView) throw new AppError('NOT_YOUR_TASK');
  const actions = mayActNow ? actionsNow(s) : [];
  const history = await ctx.db.query<{ at: Date; actor_role: string | null; from_status: ApplicationStatus | null; to_status: ApplicationStatus; step_id: string | null; reason: unknown; actor_name: string | null }>(
    `SELECT h.at, h.actor_role, h.from_status, h.to_status, h.step_id, h.reason, u.surname || ' ' || u.given_name AS actor_name
       FROM application_history h LEFT JOIN users u ON u.id = h.actor_id WHERE h.application_id = $1 ORDER BY h.id`,
    [s.app.id],
  );
  const decision = await ctx.db.query<{ kind: string; data: unknown; prepared_at: Date; signed_at: Date | null; signer_serial: string | null; doc_number: string | null; doc_kind: string | null; doc_signed: boolean | null; doc_status: string | null }>(
    `SELECT d.kind, d.data, d.prepared_at, d.signed_at, d.signer_serial, doc.number AS doc_number, doc.kind AS doc_kind, doc.cms IS NOT NULL AS doc_signed, doc.status AS doc_status
       FROM application_decisions d LEFT JOIN documents doc ON doc.number = d.document_number WHERE d.application_id = $1`,
    [s.app.id],
  );
  const d = decision.rows[0];
  const sig = await ctx.db.query<{ method: string; signer_iin: string; signer_serial: string | null; signed_at: Date }>(
    'SELECT method, signer_iin, signer_serial, signed_at FROM application_signatures WHERE application_id = $1',
    [s.app.id],
  );
  const g = sig.rows[0];
  const termId = typeof s.app.deadline_basis?.termId === 'string' ? s.app.deadline_basis.termId : null;
  const usedExt = new Set((await ctx.db.query<{ extension_id: string }>('SELECT extension_id FROM application_extensions WHERE application_id = $1', [s.app.id])).rows.map((r) => r.extension_id));
  const people = await ctx.db.query<{ id: string; name: string }>(
    "SELECT id, surname || ' ' || given_name AS name FROM users WHERE org_id = $1 AND 'responsible-executor' = ANY(roles) ORDER BY surname, id LIMIT 200",
    [s.task.org_id],
  );
  return {
    id: s.task.id,
    version: s.app.version,
    state: s.task.state,
    step: { id: s.step.id, kind: s.step.kind, role: s.task.role, action: s.step.action, limit: s.step.limit ?? null, timings: s.step.timings ?? [] },
    orgId: s.task.org_id,
    assigneeId: s.task.assignee_id,
    openedAt: s.task.opened_at.toISOString(),
    dueAt: s.task.due_at?.toISOString() ?? null,
    warnAt: s.task.warn_at?.toISOString() ?? null,
    overdue: s.task.due_at !== null && s.task.due_at < now,
    escalated: s.task.escalated_at !== null,
    actions,
    examples: await exampleBodies(ctx, s, actions),
    application: {
      id: s.app.id,
      number: s.app.number,
      serviceCode: s.def.code,
      serviceVersion: s.def.version,
      serviceName: s.def.name,
      channel: s.app.channel,
      status: s.app.status,
      statusName: STATUS_NAMES[s.app.status],
      applicantIin: s.app.applicant_iin,
      filedAt: s.app.filed_at.toISOString(),
      acceptanceDate: s.app.acceptance_date,
      dueDate: s.app.due_date,
      form: s.app.form,
    },
    process: s.proc.steps.map((p) => ({ id: p.id, kind: p.kind, actor: p.actor, action: p.action, limit: p.limit ?? null, current: p.id === (s.task.state === 'closed' ? s.app.current_step : s.step.id) })),
    decision: d
      ? {
          kind: d.kind,
          data: d.data,
          preparedAt: d.prepared_at.toISOString(),
          signedAt: d.signed_at?.toISOString() ?? null,
          signerSerial: d.signer_serial,
          // The document the head signs (its PDF: GET /api/v1/documents/{number}.pdf, for the organisation's staff before signing too).
          document: d.doc_number ? { number: d.doc_number, kind: d.doc_kind ?? 'result', signed: d.doc_signed === true, status: d.doc_status ?? 'valid' } : null,
        }
      : null,
    decisionFields: decisionFields(s.def),
    /** The applicant's signature of the application (portal), as verified at submission. */
    signature: g ? { method: g.method, signerIin: g.signer_iin.trim(), signerSerial: g.signer_serial, signedAt: g.signed_at.toISOString() } : null,
    refusalGrounds: s.def.refusalGrounds.map((g) => ({ id: g.id, text: g.text })),
    // Each extension of the standard: whether it applies to this application's term, and whether it was used already.
    extensions: s.def.extensions.map((x) => ({ id: x.id, maxAmount: x.maxAmount, unit: x.unit, reason: x.reason, applies: !x.terms?.length || (termId !== null && x.terms.includes(termId)), used: usedExt.has(x.id) })),
    executors: people.rows,
    history: history.rows.map((h) => ({ at: h.at.toISOString(), actorRole: h.actor_role, actorName: h.actor_name, from: h.from_status, to: h.to_status, toName: STATUS_NAMES[h.to_status], stepId: h.step_id, reason: h.reason })),
  };
}

/** The bytes the assigned head signs (base64 in the API). */
export async function taskSigningPayload(ctx: AppContext, user: User, taskId: string): Promise<Uint8Array> {
  const s = await loadTask(ctx.db, ctx, taskId, false);
  if (!s) throw new AppError('NOT_FOUND');
  if (user.orgId !== s.task.org_id || !user.roles.includes(s.task.role as never)) throw new AppError('NOT_YOUR_TASK');
  if (s.step.kind !== 'sign') throw new AppError('ACTION_NOT_ALLOWED');
  const bytes = await signingBytes(ctx.db, s);
  if (!bytes) throw new AppError('ACTION_NOT_ALLOWED');
  return bytes;
}

/** A person's action on a task, through the one pipeline. */
export async function actOnTask(ctx: AppContext, user: User, taskId: string, action: string, body: unknown, correlationId: string | null): Promise<TaskResult> {
  const spec = Object.hasOwn(TASK_ACTIONS, action) ? TASK_ACTIONS[action] : undefined;
  if (!spec) throw new AppError('ACTION_NOT_ALLOWED', { path: '/action', details: { action } });
  return execute(ctx, spec as unknown as ActionSpec<TaskSubject, unknown, TaskResult>, { actor: staffActor(user), subjectId: taskId, body, correlationId });
}

// ------------------------------------------------------------------ the system's application actions

async function loadCase(q: Queryable, id: string): Promise<CaseRow | null> {
  const r = await q.query<CaseRow>(`SELECT ${CASE_COLS} FROM applications a WHERE a.id = $1 FOR UPDATE`, [id]);
  const row = r.rows[0];
  return row ? { ...row, vars: row.vars ?? {} } : null;
}

const systemOnly = (actor: ActorRef) => {
  if (actor.id !== null) throw new AppError('FORBIDDEN');
};

/** A submitted application reaches the provider: its process starts after the intake step. */
export const deliverApplication: ActionSpec<CaseRow, Record<string, never>, { taskId: string | null }> = {
  name: 'deliver',
  body: z.object({}).strict(),
  load: (q, _ctx, id) => loadCase(q, id),
  authorise: systemOnly,
  allowed: (app) => {
    if (app.current_step !== null || app.status !== 'submitted') throw new AppError('ACTION_NOT_ALLOWED', { details: { status: app.status } });
  },
  apply: async (a) => {
    const taskId = await startProcess({ ctx: a.ctx, q: a.q, actor: a.actor, now: a.now }, a.subject);
    return { audit: [{ event: 'process.started', subject: { type: 'application', id: a.subject.id }, data: { step: a.subject.current_step, task: taskId } }], bumpVersion: a.subject.id, result: { taskId } };
  },
};

/** A connector step's answer (the job called the state system): the variable it sets, then the step's entry. */
export const completeAutomatic: ActionSpec<CaseRow, { stepId: string; value: string | null }, { taskId: string | null }> = {
  name: 'automatic-complete',
  body: z.object({ stepId: z.string(), value: z.string().nullable() }).strict(),
  load: (q, _ctx, id) => loadCase(q, id),
  authorise: systemOnly,
  allowed: () => {},
  apply: async (a) => {
    const app = a.subject;
    if (app.current_step !== a.body.stepId) throw new AppError('ACTION_NOT_ALLOWED', { details: { current: app.current_step, step: a.body.stepId } });
    const def = definitionOf(a.ctx, app);
    const proc = processOf(def, app.channel);
    const step = stepById(proc, a.body.stepId);
    if (!step) throw new AppError('ACTION_NOT_ALLOWED');
    if (step.connector?.sets) await setVars(a.q, app, { [step.connector.sets]: a.body.value });
    const entry = nextEntry(step, {}, conditionContext(app, proc, a.ctx.calendar));
    if (!entry) throw new Error(`${def.code}: automatic step ${step.id} has no entry for ${a.body.value}`);
    const taskId = await takeEntry({ ctx: a.ctx, q: a.q, actor: a.actor, now: a.now }, app, proc, step, entry);
    return { audit: [{ event: 'process.automatic', subject: { type: 'application', id: app.id }, data: { step: step.id, value: a.body.value } }], bumpVersion: app.id, result: { taskId } };
  },
};

export const deliver = (ctx: AppContext, q: Queryable, applicationId: string) => execute(ctx, deliverApplication, { actor: SYSTEM_ACTOR, subjectId: applicationId, body: {} }, q);

/** Plain words for the citizen's cabinet: what is happening to the application now. */
export const STEP_WORDS: Record<string, I18n> = {
  forward: { kk: 'Қызмет берушіге жіберілуде', ru: 'Направляется услугодателю', en: 'Being sent to the provider' },
  register: { kk: 'Қызмет берушіге жетті, тіркелуде', ru: 'Поступило услугодателю, регистрируется', en: 'Received by the provider, being registered' },
  assign: { kk: 'Тіркелді, басшы қарауда', ru: 'Зарегистрировано, у руководителя', en: 'Registered, with the head' },
  decide: { kk: 'Орындаушыда', ru: 'У исполнителя', en: 'With the executor' },
  sign: { kk: 'Басшының қол қоюында', ru: 'На подписи у руководителя', en: 'Awaiting the head’s signature' },
  dispatch: { kk: 'Қол қойылды, беруге дайындалуда', ru: 'Подписано, готовится к выдаче', en: 'Signed, being prepared for issue' },
  issue: { kk: 'Дайын, беруге', ru: 'Готово к выдаче', en: 'Ready for issue' },
  automatic: { kk: 'Мемлекеттік жүйеде тексерілуде', ru: 'Проверяется в государственной системе', en: 'Being checked in a state system' },
};
