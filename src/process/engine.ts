/**
 * The process engine's pure rules (README.md): which actions a step offers, which `next` entry
 * a decision or the context takes, the step's limit for an application, and who a step's actor is.
 * No I/O: the loader checks definitions with these, the task runtime (src/tasks) runs them.
 */
import type { Role } from '../accounts/roles.ts';
import { type ConditionContext, evaluateCondition } from '../registry/conditions.ts';
import { canTransition } from '../applications/status.ts';
import type { Actor, ApplicationStatus, Condition, Decision, Process, ProcessStep, StepKind, StepLimit, StepTransition } from '../registry/types.ts';

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

// ---------------------------------------------------------------- the status-path walk

/**
 * Statuses a path may end in (`to: end`): nothing more is owed by the provider on this
 * application — the result or the refusal was handed over, the package went back to the
 * centre, or the application was annulled or withdrawn.
 */
export const TERMINAL_STATUSES: readonly ApplicationStatus[] = ['issued', 'refused', 'returned', 'unclaimed', 'annulled', 'withdrawn'];

/** One move of a walked path: the step left by its `next` entry, and the status before and after. */
export interface PathHop {
  step: string;
  /** Index of the step in `process.steps`. */
  stepIndex: number;
  /** Index of the entry in the step's `next`. */
  entry: number;
  to: string;
  decision?: Decision;
  from: ApplicationStatus;
  status: ApplicationStatus;
}

export interface StatusPath {
  hops: PathHop[];
  /** The status the path ends in. */
  end: ApplicationStatus;
}

/** Why a path cannot run: a change of status the table forbids, or an end that is not a terminal outcome. */
export interface StatusPathProblem {
  problem: 'forbidden-status' | 'not-terminal';
  /** The hop where it happens (its step and entry). */
  hop: PathHop;
  /** The step ids of the path up to that hop. */
  path: string[];
}

export interface WalkOptions {
  /** Status before the intake step; default `draft`. */
  start?: ApplicationStatus;
  /** Whether the status table allows `from → to`; default `canTransition` (src/applications/status.ts). */
  allowed?: (from: ApplicationStatus, to: ApplicationStatus) => boolean;
  terminal?: readonly ApplicationStatus[];
  /** Stop after this many paths (a guard against a graph that explodes); default 10 000. */
  maxPaths?: number;
}

const mentions = (c: Condition, names: Set<string>): void => {
  if ('all' in c) c.all.forEach((x) => mentions(x, names));
  else if ('any' in c) c.any.forEach((x) => mentions(x, names));
  else if ('not' in c) mentions(c.not, names);
  else names.add(c.field);
};

/**
 * Whether a condition can hold on a walked path: a condition over `$decision` alone is decided by
 * the decision the path took; any other condition may go either way (`unknown`).
 */
function conditionOnPath(c: Condition, decision: Decision | undefined): 'true' | 'false' | 'unknown' {
  const names = new Set<string>();
  mentions(c, names);
  if (decision === undefined || names.size !== 1 || !names.has('$decision')) return 'unknown';
  return evaluateCondition(c, { values: { $decision: decision } }) ? 'true' : 'false';
}

/** The entries of a step a path may take next, by the same rule as `nextEntry`, for every decision and condition outcome. */
function possibleEntries(step: ProcessStep, decision: Decision | undefined): number[] {
  const out: number[] = [];
  const pick = (group: number[]) => {
    for (const j of group) {
      const n = step.next[j] as StepTransition;
      if (!n.condition) {
        out.push(j); // the first unconditional entry, reached when no condition before it held
        return;
      }
      const v = conditionOnPath(n.condition, decision);
      if (v === 'false') continue;
      out.push(j);
      if (v === 'true') return;
    }
  };
  const indices = step.next.map((_, j) => j);
  pick(indices.filter((j) => !step.next[j]?.decision));
  for (const d of stepDecisions(step)) pick(indices.filter((j) => step.next[j]?.decision === d));
  return out;
}

/**
 * Walks every path of a channel's process from its first (intake) step, applying each entry's
 * status (`statusAfter`): every change of status must be one the status table allows, and every
 * path must end (`to: end`) in a terminal status (`TERMINAL_STATUSES`). The executor's decision
 * is carried along a path, so a signature's `$decision` branches follow the decision taken; a
 * connector that `sets: $decision` makes it unknown again. A path that comes back to a step in the
 * same status and decision (an extension) is not followed round again.
 */
export function walkStatusPaths(proc: Process, opts: WalkOptions = {}): { paths: StatusPath[]; problems: StatusPathProblem[] } {
  const allowed = opts.allowed ?? canTransition;
  const terminal = opts.terminal ?? TERMINAL_STATUSES;
  const maxPaths = opts.maxPaths ?? 10_000;
  const index = new Map(proc.steps.map((s, i) => [s.id, i]));
  const paths: StatusPath[] = [];
  const problems: StatusPathProblem[] = [];
  const seenProblem = new Set<string>();
  const report = (problem: StatusPathProblem['problem'], hops: PathHop[]) => {
    const hop = hops[hops.length - 1] as PathHop;
    const key = `${problem}|${hop.stepIndex}|${hop.entry}|${hop.from}|${hop.status}`;
    if (seenProblem.has(key)) return;
    seenProblem.add(key);
    problems.push({ problem, hop, path: hops.map((h) => h.step) });
  };

  const walk = (stepIndex: number, status: ApplicationStatus, decision: Decision | undefined, hops: PathHop[], onPath: Set<string>) => {
    if (paths.length >= maxPaths) return;
    const step = proc.steps[stepIndex] as ProcessStep;
    const key = `${step.id}|${status}|${decision ?? ''}`;
    if (onPath.has(key)) return; // a loop: its continuation is walked from the first visit
    onPath.add(key);
    const known = step.connector?.sets === '$decision' ? undefined : decision;
    for (const j of possibleEntries(step, known)) {
      const n = step.next[j] as StepTransition;
      const after = statusAfter(step, n) ?? status;
      const d = n.decision === 'approve' || n.decision === 'refuse' ? n.decision : known;
      const hop: PathHop = { step: step.id, stepIndex, entry: j, to: n.to, ...(n.decision ? { decision: n.decision } : {}), from: status, status: after };
      const next = [...hops, hop];
      if (after !== status && !allowed(status, after)) {
        report('forbidden-status', next);
        continue;
      }
      if (n.to === 'end') {
        if (!terminal.includes(after)) report('not-terminal', next);
        paths.push({ hops: next, end: after });
        continue;
      }
      const to = index.get(n.to);
      if (to !== undefined) walk(to, after, d, next, onPath);
    }
    onPath.delete(key);
  };
  if (proc.steps.length) walk(0, opts.start ?? 'draft', undefined, [], new Set());
  return { paths, problems };
}
