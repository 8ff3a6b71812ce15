/**
 * The process engine's pure rules (README.md): which actions a step offers, which `next` entry
 * a decision or the context takes, the step's limit for an application, and who a step's actor is.
 * No I/O: the loader checks definitions with these, the task runtime (src/tasks) runs them.
 */
import type { Role } from '../accounts/roles.ts';
import { type ConditionContext, evaluateCondition } from '../registry/conditions.ts';
import type { Actor, ApplicationStatus, Decision, Process, ProcessStep, StepKind, StepLimit, StepTransition } from '../registry/types.ts';

/** Variables a process condition may use besides the form fields and the context variables. */
export const PROCESS_VARIABLES = [
  /** The executor's decision awaiting signature or issue: `approve` / `refuse`. */
  '$decision',
  /** How the application came in: `portal`, `centre`, `akimat` (a ЖАО/МИО front office), `provider` (the provider's own office). */
  '$intake',
  /** Set by a civil-registry connector step: `exists` / `absent`. */
  '$actRecord',
] as const;

/** The role whose staff work a step of this actor; `null` for the system's own steps and for applicants. */
export const ACTOR_ROLE: Record<Actor, Role | null> = {
  applicant: null,
  'second-applicant': null,
  portal: null,
  'centre-operator': 'centre-operator',
  'centre-issuing-sector': 'centre-operator',
  'centre-courier': 'centre-operator',
  akimat: 'akimat-officer',
  'provider-clerk': 'provider-clerk',
  'provider-head': 'provider-head',
  'responsible-executor': 'responsible-executor',
  'provider-system': null,
  'state-system': null,
  'payment-gateway': null,
};

/** Actors that are systems: their steps are `automatic` (or the portal's intake). */
export const SYSTEM_ACTORS: readonly Actor[] = ['portal', 'provider-system', 'state-system', 'payment-gateway'];

/** The action that completes a step of each kind (besides the decisions of its `next` entries). */
export const KIND_ACTION: Record<StepKind, string | null> = {
  intake: null, // the submission itself
  forward: 'forward',
  register: 'register',
  assign: 'assign',
  decide: null, // only decisions
  sign: 'sign',
  dispatch: 'dispatch',
  issue: 'issue',
  automatic: null, // the engine
};

/** Decisions a step of each kind may offer in its `next` entries. */
export const KIND_DECISIONS: Record<StepKind, readonly Decision[]> = {
  intake: [],
  forward: ['return'],
  register: ['return', 'refuse'],
  assign: ['return'],
  decide: ['approve', 'refuse', 'extend', 'request-data', 'return'],
  sign: ['return'],
  dispatch: [],
  issue: [],
  automatic: [],
};

/** The decisions this step offers (named by its `next` entries), in order, without repeats. */
export function stepDecisions(step: ProcessStep): Decision[] {
  const out: Decision[] = [];
  for (const n of step.next) if (n.decision && !out.includes(n.decision)) out.push(n.decision);
  return out;
}

/**
 * Every action a task of this step offers while it is open: the kind's own action, then its
 * decisions. `data-received` resumes a step waiting on a request to another body.
 */
export function stepActions(step: ProcessStep, opts: { waiting?: boolean } = {}): string[] {
  if (opts.waiting) return ['data-received'];
  const own = KIND_ACTION[step.kind];
  return [...(own ? [own] : []), ...stepDecisions(step)];
}

/**
 * The entry a completed step takes: the entry of the decision when one was taken; otherwise the
 * first entry whose condition holds, else the unconditional one. `null`: nothing applies (a
 * definition the loader should have refused, or a decision the step does not offer).
 */
export function nextEntry(step: ProcessStep, taken: { decision?: Decision | undefined }, ctx: ConditionContext): StepTransition | null {
  if (taken.decision) {
    const byDecision = step.next.filter((n) => n.decision === taken.decision);
    return byDecision.find((n) => n.condition && evaluateCondition(n.condition, ctx)) ?? byDecision.find((n) => !n.condition) ?? null;
  }
  const plain = step.next.filter((n) => !n.decision);
  return plain.find((n) => n.condition && evaluateCondition(n.condition, ctx)) ?? plain.find((n) => !n.condition) ?? null;
}

/** The status an application enters by this entry: the entry's own, else the step's, else unchanged. */
export function statusAfter(step: ProcessStep, entry: StepTransition): ApplicationStatus | undefined {
  return entry.status ?? step.status;
}

/** The limit that applies to this step for this application (`limitIf` first, in order). */
export function stepLimit(step: ProcessStep, ctx: ConditionContext): StepLimit | null {
  for (const l of step.limitIf ?? []) if (evaluateCondition(l.condition.when, ctx)) return { amount: l.amount, unit: l.unit, ...(l.minAmount !== undefined ? { minAmount: l.minAmount } : {}) };
  return step.limit ?? null;
}

export function stepById(proc: Process, id: string): ProcessStep | undefined {
  return proc.steps.find((s) => s.id === id);
}

/** The intake step (the first) and the steps after it taken by the submission. */
export function firstStep(proc: Process): ProcessStep {
  const s = proc.steps[0];
  if (!s) throw new Error('a process without steps');
  return s;
}

/** Whether people work this step (a task with a role), or the engine takes it. */
export const isTaskStep = (step: ProcessStep): boolean => step.kind !== 'intake' && step.kind !== 'automatic' && ACTOR_ROLE[step.actor] !== null;
