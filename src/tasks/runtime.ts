/**
 * Running a process (README.md): moving an application from a step to the next, opening the
 * task of a people's step (organisation, role, assignee, due and warning times in working
 * time), taking automatic steps, and the conditions' context. Called only from inside an
 * action of the pipeline (src/actions), in its transaction; every write goes through the ledger
 * (status, step, variables, tasks, history, outbox), so an action's are one statement.
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { addWorkingMs, addWorkingTime, type WorkingHours, workingMsBetween } from '../calendar/worktime.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { officeHours } from '../organisations/organisations.ts';
import { type ActorRef, type HistoryReason, writeAppPatch, writeHistory, writeOutbox, writeStatus, writeTaskOpen } from '../actions/ledger.ts';
import { ACTOR_ROLE, isTaskStep, nextEntry, statusAfter, stepById, stepLimit } from '../process/engine.ts';
import type { ConditionContext } from '../registry/conditions.ts';
import type { ApplicationStatus, Channel, Decision, Process, ProcessStep, ServiceDefinition, StepTransition } from '../registry/types.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { statusNotices } from '../notifications/events.ts';

/** The application columns the back office reads (locked FOR UPDATE by the actions). */
export interface CaseRow {
  id: string;
  number: string;
  service_code: string;
  service_version: number;
  channel: Channel;
  status: ApplicationStatus;
  form: Record<string, unknown>;
  region: string | null;
  filed_at: Date;
  acceptance_date: string | null;
  due_date: string | null;
  deadline_basis: Record<string, unknown> | null;
  provider_org: string | null;
  intake_org?: string | null;
  applicant_id: string | null;
  applicant_iin: string;
  current_step: string | null;
  version: number;
  vars: Record<string, unknown>;
}

export const CASE_COLS =
  'a.id, a.number, a.service_code, a.service_version, a.channel, a.status, a.form, a.region, a.filed_at, a.acceptance_date::text AS acceptance_date, a.due_date::text AS due_date, a.deadline_basis, a.provider_org, a.intake_org, a.applicant_id, a.applicant_iin, a.current_step, a.version, a.vars';

export function definitionOf(ctx: AppContext, app: Pick<CaseRow, 'service_code' | 'service_version'>): ServiceDefinition {
  const def = ctx.registry.versions(app.service_code).find((d) => d.version === app.service_version);
  if (!def) throw new Error(`definition ${app.service_code} v${app.service_version} is not loaded`);
  return def;
}

export function processOf(def: ServiceDefinition, channel: Channel): Process {
  const proc = def.process[channel];
  if (!proc) throw new Error(`${def.code} v${def.version} has no ${channel} process`);
  return proc;
}

/**
 * How the application came in: `$intake` (the portal, a centre, an akimat front office, the
 * provider's own office). On the provider channel the intake branch's kind decides (`intakeKind`:
 * the provider's own clerk took it in → `provider`, an akimat → `akimat`); without one, a process
 * whose intake is the akimat's is taken as through the akimat.
 */
export function intakeOf(app: Pick<CaseRow, 'channel' | 'vars'>, proc: Process, intakeKind?: string | null): string {
  if (typeof app.vars.$intake === 'string') return app.vars.$intake;
  if (app.channel !== 'provider') return app.channel;
  if (intakeKind === 'provider' || intakeKind === 'akimat') return intakeKind;
  return proc.steps[0]?.actor === 'akimat' ? 'akimat' : 'provider';
}

/** What the definition's conditions see: the form, the context variables and the process variables. */
export function conditionContext(app: CaseRow, proc: Process, cal: WorkCalendar): ConditionContext {
  return {
    values: { ...app.form, $channel: app.channel, $region: app.region, $filedAt: app.filed_at.toISOString(), $intake: intakeOf(app, proc), ...app.vars },
    workingDaysBetween: (a, b) => cal.workingDaysBetween(a, b),
  };
}

/** The organisation whose staff work a step: the provider for its own roles, the intake branch (or akimat) for front-office roles. */
export function taskOrg(step: ProcessStep, app: CaseRow): string | null {
  const role = ACTOR_ROLE[step.actor];
  if (role === 'centre-operator' || role === 'akimat-officer') return app.intake_org ?? app.provider_org;
  return app.provider_org;
}

/** The working hours a task's limit counts: those of the organisation whose staff work it (src/organisations `officeHours`). */
export const taskHours = (ctx: Pick<AppContext, 'orgs'>, orgId: string | null): WorkingHours => officeHours(ctx.orgs.get(orgId));

/** The share of a step's working time after which its assignee is warned. */
export const WARN_SHARE = 0.75;

/**
 * Due and warning (75 % of the working time) instants of a step that opens at `at`, on `hours`
 * (the task's organisation's: minutes and hours run only inside them; day limits end at their close).
 */
export function stepTimes(step: ProcessStep, app: CaseRow, proc: Process, cal: WorkCalendar, at: Date, hours: WorkingHours): { dueAt: Date | null; warnAt: Date | null; spanMs: number | null } {
  const limit = stepLimit(step, conditionContext(app, proc, cal));
  if (!limit) return { dueAt: null, warnAt: null, spanMs: null };
  const dueAt = addWorkingTime(at, limit, cal, hours);
  const span = workingMsBetween(at, dueAt, cal, hours);
  const warnAt = span > 0 ? addWorkingMs(at, Math.floor(span * WARN_SHARE), cal, hours) : dueAt;
  return { dueAt, warnAt, spanMs: span };
}

/**
 * A step's times when its timer starts again at `now` with `remainingMs` of working time left
 * (after a request for data that paused it): due when that time has run; warned where 75 % of the
 * step's whole working time (`spanMs`) is used, the paused time not counted — at once (`now`'s
 * first working instant) when that point had passed before the pause.
 */
export function resumedTimes(now: Date, remainingMs: number, spanMs: number, cal: WorkCalendar, hours: WorkingHours): { dueAt: Date; warnAt: Date } {
  const left = Math.max(0, remainingMs);
  const dueAt = addWorkingMs(now, left, cal, hours);
  const leftAtWarning = spanMs - Math.floor(spanMs * WARN_SHARE);
  const warnAt = addWorkingMs(now, Math.max(0, left - leftAtWarning), cal, hours);
  return { dueAt, warnAt: warnAt > dueAt ? dueAt : warnAt };
}

export interface Mover {
  ctx: AppContext;
  q: Queryable;
  actor: ActorRef;
  now: Date;
}

/**
 * Leave `from` by `entry`: the status it sets (through the ledger), then the next step — a
 * task for people, an automatic step taken at once (or by a job when it calls a connector),
 * or the end. Returns the id of the task opened, if any.
 */
export async function takeEntry(m: Mover, app: CaseRow, proc: Process, from: ProcessStep, entry: StepTransition, reason?: HistoryReason | null): Promise<string | null> {
  const to = statusAfter(from, entry);
  if (to && to !== app.status) {
    await writeStatus(m.q, { applicationId: app.id, actor: m.actor, from: app.status, to, stepId: from.id, reason: reason ?? null });
    await writeOutbox(m.q, statusNotices(app.id, to)); // registered: the applicant is told (src/notifications)
    app.status = to;
  }
  return enterStep(m, app, proc, entry.to);
}

export async function enterStep(m: Mover, app: CaseRow, proc: Process, stepId: string, depth = 0): Promise<string | null> {
  if (depth > 50) throw new Error(`${app.service_code}: automatic steps loop at ${stepId}`);
  if (stepId === 'end') {
    await writeAppPatch(m.q, app.id, { step: { id: null, dueAt: null, assigneeId: null } });
    app.current_step = null;
    return null;
  }
  const step = stepById(proc, stepId);
  if (!step) throw new Error(`${app.service_code}: no step ${stepId}`);
  app.current_step = step.id;
  if (step.kind === 'automatic') {
    if (step.connector) {
      // A state system is called outside any transaction: the job calls it and completes the step through the pipeline.
      await writeAppPatch(m.q, app.id, { step: { id: step.id, dueAt: null, assigneeId: null } });
      await writeOutbox(m.q, [{ kind: 'process.automatic', payload: { applicationId: app.id, stepId: step.id } }]);
      return null;
    }
    const entry = nextEntry(step, {}, conditionContext(app, proc, m.ctx.calendar));
    if (!entry) throw new Error(`${app.service_code}: automatic step ${step.id} has no entry that applies`);
    const to = statusAfter(step, entry);
    if (to && to !== app.status) {
      await writeStatus(m.q, { applicationId: app.id, actor: { id: null, role: 'system' }, from: app.status, to, stepId: step.id });
      await writeOutbox(m.q, statusNotices(app.id, to));
      app.status = to;
    }
    return enterStep(m, app, proc, entry.to, depth + 1);
  }
  if (!isTaskStep(step)) throw new Error(`${app.service_code}: step ${step.id} (${step.kind}, ${step.actor}) cannot be entered after intake`);
  return openTask(m, app, proc, step);
}

/** Who a task of this step is for: the executor the head assigned (decide), the head who assigned (sign). */
function assigneeFor(step: ProcessStep, app: CaseRow): string | null {
  if (step.kind === 'decide' && typeof app.vars.executorId === 'string') return app.vars.executorId;
  if (step.kind === 'sign' && typeof app.vars.headId === 'string') return app.vars.headId;
  return null;
}

export async function openTask(m: Mover, app: CaseRow, proc: Process, step: ProcessStep): Promise<string> {
  const role = ACTOR_ROLE[step.actor];
  const org = taskOrg(step, app);
  if (!role) throw new Error(`step ${step.id}: actor ${step.actor} has no role`);
  if (!org) throw new AppError('NO_PROVIDER_ORGANISATION');
  const { dueAt, warnAt } = stepTimes(step, app, proc, m.ctx.calendar, m.now, taskHours(m.ctx, org));
  const id = uuid7(m.now.getTime());
  const assignee = assigneeFor(step, app);
  await writeTaskOpen(m.q, { id, applicationId: app.id, serviceCode: app.service_code, channel: app.channel, stepId: step.id, kind: step.kind, role, orgId: org, assigneeId: assignee, openedAt: m.now, dueAt, warnAt });
  await writeAppPatch(m.q, app.id, { step: { id: step.id, dueAt, assigneeId: assignee } });
  await writeHistory(m.q, { applicationId: app.id, actor: m.actor, from: app.status, to: app.status, stepId: step.id, reason: { event: 'step-opened', role, org, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}) } });
  return id;
}

/** Merge process variables into the application (in memory and in the row). */
export async function setVars(q: Queryable, app: CaseRow, vars: Record<string, unknown>): Promise<void> {
  Object.assign(app.vars, vars);
  await writeAppPatch(q, app.id, { vars });
}

/**
 * Start the process of a submitted application: the intake step is done (the submission);
 * its entry is taken from here. Used by the delivery job for every new application.
 */
export async function startProcess(m: Mover, app: CaseRow): Promise<string | null> {
  const def = definitionOf(m.ctx, app);
  const proc = processOf(def, app.channel);
  const intake = proc.steps[0] as ProcessStep;
  await setVars(m.q, app, { $intake: intakeOf(app, proc, m.ctx.orgs.get(app.intake_org ?? null)?.kind) });
  const entry = nextEntry(intake, {}, conditionContext(app, proc, m.ctx.calendar));
  if (!entry) throw new Error(`${def.code}: the intake step has no entry that applies`);
  // The submission already set the intake's status (submitted / awaiting…): only a different one is written.
  return takeEntry(m, app, proc, intake, entry);
}

export type { Decision };
