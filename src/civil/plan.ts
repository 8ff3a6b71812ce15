/**
 * Pure part of the civil acts (README.md): from a service's `civilAct` spec and an
 * application's form, the one request approving it sends to the civil registry — register or
 * restore an act record, amend the one the form names, or look one up — and the check the
 * registry loader runs on the spec. No I/O here.
 */
import { validateIin } from '../ids/iin.ts';
import { type ConditionContext, evaluateCondition } from '../registry/conditions.ts';
import type { CivilActKind, CivilActRole, CivilActSpec, Condition, ServiceDefinition } from '../registry/types.ts';
import type { ActAmendment, ActRole, NewAct, Sex } from '../registries/catalogue.ts';

export const DEFAULT_GROUNDS = { exists: 'act-record-exists', notFound: 'act-record-not-found' } as const;

/** The refusal grounds a service's registry answers map to. */
export const groundsOf = (spec: CivilActSpec): { exists: string; notFound: string } => ({
  exists: spec.grounds?.exists ?? DEFAULT_GROUNDS.exists,
  notFound: spec.grounds?.notFound ?? DEFAULT_GROUNDS.notFound,
});

export type ActPlan =
  | { op: 'register'; request: NewAct }
  | { op: 'amend'; request: ActAmendment }
  | { op: 'lookup'; kind: CivilActKind; iin: string; year: number | null }
  /** The form does not name the act to amend or find: the registry cannot have it. */
  | { op: 'missing'; what: string };

export interface PlanInput {
  /** The application's form values. */
  form: Record<string, unknown>;
  /** The caller's key for the write: the application id (a repeated approval writes once). */
  reference: string;
  /** The Kazakhstan date of the approval (YYYY-MM-DD): the date a new act record carries. */
  today: string;
  /** The registering body, as the act record names it. */
  registeringBody: string;
  /** The condition context of the application (form values, $channel…), for `amend.when`. */
  conditions?: ConditionContext;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** male / female from the IIN's century-and-sex digit; null when it does not say. */
export function sexOfIin(iin: string): Sex | null {
  const v = validateIin(iin);
  return v.ok ? v.info.sex : null;
}

/** The person the act is about, by kind (the role `subject` stands for). */
export const SUBJECT_ROLE: Record<CivilActKind, CivilActRole> = {
  birth: 'child',
  death: 'deceased',
  marriage: 'spouse',
  divorce: 'spouse',
  paternity: 'child',
  adoption: 'adoptee',
  name_change: 'person',
};

const BY_SEX: Partial<Record<CivilActRole, Record<Sex, ActRole>>> = {
  spouse: { male: 'husband', female: 'wife' },
  parent: { male: 'father', female: 'mother' },
  'adoptive-parent': { male: 'adoptive_father', female: 'adoptive_mother' },
};

/** The registry's role for a participant: a sexed role by the IIN, `subject` by the act kind. */
export function resolveRole(role: CivilActRole, kind: CivilActKind, iin: string): ActRole {
  const r = role === 'subject' ? SUBJECT_ROLE[kind] : role;
  const sexed = BY_SEX[r];
  if (!sexed) return r as ActRole;
  // An IIN that does not say (a foreigner's, malformed): the first of the pair; the registry checks the shape.
  return sexed[sexOfIin(iin) ?? 'male'];
}

/** The act kind for this application: the spec's, or the one the form's field names (null: no act for this value). */
export function kindOf(spec: CivilActSpec, form: Record<string, unknown>): CivilActKind | null {
  if (spec.kind) return spec.kind;
  const v = spec.kindField ? str(form[spec.kindField]) : null;
  return v ? (spec.kinds?.[v] ?? null) : null;
}

/** A date field, or a year field as 1 January of that year. */
function dateOf(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  if (ISO.test(s)) return s;
  if (/^\d{4}$/.test(s)) return `${s}-01-01`;
  return null;
}

/** The form fields the spec copies into the act record's details (empty values left out). */
function detailsOf(spec: CivilActSpec, form: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const f of spec.details ?? []) {
    const v = form[f];
    if (v === undefined || v === null || v === '') continue;
    out[f] = typeof v === 'string' ? v.trim() : v;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The request approving this application sends to the civil registry, or null when the service
 * (or this application, e.g. a marital-capacity reference) records no act.
 */
export function planAct(spec: CivilActSpec | undefined, input: PlanInput): ActPlan | null {
  if (!spec) return null;
  const { form } = input;
  const kind = kindOf(spec, form);
  if (!kind) return null;
  const people = spec.participants.flatMap((p) => {
    const iin = str(form[p.field]);
    return iin ? [{ iin, role: resolveRole(p.role, kind, iin) }] : [];
  });

  const ctx: ConditionContext = input.conditions ?? { values: form };
  if (spec.amend && evaluateCondition(spec.amend.when as Condition, ctx)) {
    const number = str(form[spec.amend.number]);
    if (!number) return { op: 'missing', what: spec.amend.number };
    const date = spec.amend.date ? dateOf(form[spec.amend.date]) : null;
    const text = spec.amend.text ? str(form[spec.amend.text]) : null;
    const changes = detailsOf(spec, form);
    return {
      op: 'amend',
      request: {
        actNumber: number,
        ...(date ? { actDate: date } : {}),
        madeOn: input.today,
        registeringBody: input.registeringBody,
        ...(text ? { text } : {}),
        ...(changes ? { changes } : {}),
        reference: input.reference,
      },
    };
  }

  if (spec.operation === 'lookup') {
    const who = people[0];
    if (!who) return { op: 'missing', what: spec.participants[0]?.field ?? 'participants' };
    const y = spec.year ? Number(str(form[spec.year])) : NaN;
    return { op: 'lookup', kind, iin: who.iin, year: Number.isInteger(y) && y > 0 ? y : null };
  }

  const details = detailsOf(spec, form);
  const request: NewAct = {
    kind,
    actDate: (spec.operation === 'restore' && spec.actDate ? dateOf(form[spec.actDate]) : null) ?? input.today,
    registeringBody: input.registeringBody,
    participants: people,
    ...(details ? { details } : {}),
    reference: input.reference,
  };
  if (spec.operation === 'restore') request.restored = true;
  if (spec.newChild) {
    const birthDate = dateOf(form[spec.newChild.birthDate]);
    const sex = str(form[spec.newChild.sex]);
    const givenName = spec.newChild.givenName ? str(form[spec.newChild.givenName]) : null;
    // A child named by IIN among the participants needs none; else the registry gives one.
    if (birthDate && (sex === 'male' || sex === 'female') && !people.some((p) => p.role === 'child'))
      request.newChild = { birthDate, sex, ...(givenName ? { givenName } : {}) };
  }
  return { op: 'register', request };
}

// ------------------------------------------------------------------ the loader's check

type Fail = (path: string, rule: string, detail: string) => never;

/** Semantic checks of `civilAct` (the registry loader runs them on every definition). */
export function checkCivilAct(def: ServiceDefinition, fail: Fail): void {
  const spec = def.civilAct;
  if (!spec) return;
  const fields = new Map(def.form.fields.map((f) => [f.name, f]));
  const need = (name: string | undefined, path: string, types?: string[]) => {
    if (name === undefined) return;
    const f = fields.get(name);
    if (!f) fail(`/civilAct${path}`, 'civil-act-field', `'${name}' is not a field of this form`);
    if (types && !types.includes(f.type)) fail(`/civilAct${path}`, 'civil-act-field', `'${name}' is ${f.type}; here a field of type ${types.join(' or ')} is needed`);
  };
  if (spec.kind ? spec.kindField !== undefined || spec.kinds !== undefined : spec.kindField === undefined || spec.kinds === undefined)
    fail('/civilAct', 'civil-act-kind', 'name the act kind (kind), or the form field that names it (kindField with kinds): one of the two');
  for (const [i, p] of spec.participants.entries()) need(p.field, `/participants/${i}/field`, ['iin']);
  if (spec.kindField) {
    need(spec.kindField, '/kindField', ['enum']);
    const values = new Set((fields.get(spec.kindField)?.options ?? []).map((o) => o.value));
    for (const v of Object.keys(spec.kinds ?? {})) if (!values.has(v)) fail(`/civilAct/kinds/${v}`, 'civil-act-kind', `'${v}' is not an option of '${spec.kindField}'`);
  }
  if (spec.newChild) {
    need(spec.newChild.birthDate, '/newChild/birthDate', ['date']);
    need(spec.newChild.sex, '/newChild/sex', ['enum']);
    need(spec.newChild.givenName, '/newChild/givenName', ['string']);
  }
  need(spec.actDate, '/actDate', ['date', 'integer']);
  need(spec.year, '/year', ['integer']);
  for (const [i, d] of (spec.details ?? []).entries()) need(d, `/details/${i}`);
  if (spec.amend) {
    need(spec.amend.number, '/amend/number', ['string']);
    need(spec.amend.date, '/amend/date', ['date']);
    need(spec.amend.text, '/amend/text', ['string', 'text']);
    const walk = (c: Condition, path: string): void => {
      if ('all' in c) c.all.forEach((x, i) => walk(x, `${path}/all/${i}`));
      else if ('any' in c) c.any.forEach((x, i) => walk(x, `${path}/any/${i}`));
      else if ('not' in c) walk(c.not, `${path}/not`);
      else if (!c.field.startsWith('$') && !fields.has(c.field)) fail(`/civilAct${path}/field`, 'condition-field', `'${c.field}' is not a field of this form`);
    };
    walk(spec.amend.when, '/amend/when');
  }
  if (spec.operation === 'lookup' && spec.newChild) fail('/civilAct/newChild', 'civil-act-operation', 'a lookup finds an existing act: it assigns no newborn IIN');
  if (spec.operation !== 'restore' && spec.actDate) fail('/civilAct/actDate', 'civil-act-operation', 'only a restored record keeps its original date; a new one is dated the day of approval');
  const known = new Set(def.refusalGrounds.map((g) => g.id));
  const g = groundsOf(spec);
  for (const k of groundsNeeded(spec))
    if (!known.has(g[k])) fail(`/civilAct/grounds/${k}`, 'civil-act-ground', `no refusal ground with id '${g[k]}': the registry's ${k === 'exists' ? '"the record exists"' : '"no such record"'} must name one of the definition's grounds`);
}

/** The registry answers this spec can meet: `exists` (a new record the registry refuses), `notFound` (the record to find, amend or dissolve is not there). */
export function groundsNeeded(spec: CivilActSpec): Array<'exists' | 'notFound'> {
  const kinds = spec.kind ? [spec.kind] : Object.values(spec.kinds ?? {});
  const out = new Set<'exists' | 'notFound'>();
  if (spec.operation === 'lookup' || spec.amend) out.add('notFound');
  if (spec.operation === 'restore' && kinds.some((k) => k === 'birth' || k === 'death')) out.add('exists');
  if (spec.operation === 'register') {
    if (kinds.some((k) => k !== 'name_change' && k !== 'divorce')) out.add('exists');
    if (kinds.includes('divorce')) out.add('notFound');
  }
  return [...out];
}
