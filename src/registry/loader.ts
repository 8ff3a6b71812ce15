/**
 * Loads `services/<code>/v<N>.yaml`, resolves `inherits`, validates against
 * `services/service-definition.schema.json`, then runs the semantic checks the
 * schema cannot express. The first broken file stops loading with a
 * `DefinitionError` naming the file, the JSON path and the rule.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parseDocument } from 'yaml';
import { checkCivilAct } from '../civil/plan.ts';
import { findEditorialWording } from './editorial.ts';
import { isDateBound, resolveDateBound, validateForm } from './form.ts';
import { ACTOR_ROLE, KIND_DECISIONS, PROCESS_VARIABLES, stepDecisions, SYSTEM_ACTORS, walkStatusPaths } from '../process/engine.ts';
import type { Condition, Decision, ServiceDefinition, StepKind } from './types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
export const SERVICES_DIR = join(REPO_ROOT, 'services');
export const SCHEMA_FILE = join(SERVICES_DIR, 'service-definition.schema.json');

/** `$`-variables a condition may use besides form fields (see types.ts Condition). */
export const CONTEXT_VARIABLES = ['$channel', '$region', '$filedAt', '$recipientKind'] as const;
/**
 * `$`-variables only document conditions may use: `$feeExempt` is true when a fee exemption
 * applies to a fee item that applies (`fees.ts`), false otherwise (payment document vs proof).
 */
export const DOCUMENT_VARIABLES = ['$feeExempt'] as const;

export class DefinitionError extends Error {
  constructor(
    /** Path of the broken file relative to the repository root, with `/` separators. */
    readonly file: string,
    /** JSON pointer into the (inheritance-resolved) definition, `''` = the whole file. */
    readonly path: string,
    /** The rule broken: an ajv keyword (`enum`, `required`, …) or a registry rule (`step-reference`, …). */
    readonly rule: string,
    readonly detail: string,
  ) {
    super(`${file}: ${path || '/'}: ${rule}: ${detail}`);
    this.name = 'DefinitionError';
  }
}

export interface LoadOptions {
  /** Directory holding `<code>/v<N>.yaml`; default `<repo>/services`. */
  dir?: string;
  /** Base for the file names in errors; default the parent of `dir`. */
  root?: string;
  /** Schema file; default `<repo>/services/service-definition.schema.json`. */
  schemaFile?: string;
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validators = new Map<string, Validator>();

function schemaValidator(schemaFile: string): Validator {
  let v = validators.get(schemaFile);
  if (!v) {
    const ajv = new Ajv2020({ strict: true, allErrors: false, allowUnionTypes: true });
    addFormats(ajv);
    v = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8'))) as Validator;
    validators.set(schemaFile, v);
  }
  return v;
}

const ptr = (...parts: Array<string | number>) => parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** The most specific ajv error, rendered as (path, rule, message). */
function describeAjvError(errors: ErrorObject[]): { path: string; rule: string; detail: string } {
  const composite = new Set(['if', 'then', 'else', 'oneOf', 'anyOf', 'allOf', 'not']);
  const e = errors.find((x) => !composite.has(x.keyword)) ?? (errors[0] as ErrorObject);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: e.instancePath + ptr(String(p.missingProperty)), rule: 'required', detail: `required property '${p.missingProperty}' is missing` };
    case 'additionalProperties':
      return {
        path: e.instancePath + ptr(String(p.additionalProperty)),
        rule: 'additionalProperties',
        detail: `property '${p.additionalProperty}' is not allowed here`,
      };
    case 'enum':
      return { path: e.instancePath, rule: 'enum', detail: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'not':
      return { path: e.instancePath, rule: 'not', detail: 'must not be present for this operator' };
    default:
      return { path: e.instancePath, rule: e.keyword, detail: e.message ?? 'is invalid' };
  }
}

function walkConditions(c: Condition, visit: (field: string) => void): void {
  if ('all' in c) for (const x of c.all) walkConditions(x, visit);
  else if ('any' in c) for (const x of c.any) walkConditions(x, visit);
  else if ('not' in c) walkConditions(c.not, visit);
  else visit(c.field);
}

/** Semantic checks on one resolved, schema-valid definition. Throws via `fail(path, rule, detail)`. */
function checkDefinition(def: ServiceDefinition, fail: (path: string, rule: string, detail: string) => never) {
  const unique = (items: Array<{ id: string }>, base: string) => {
    const seen = new Set<string>();
    for (const [i, it] of items.entries()) {
      if (seen.has(it.id)) fail(`${base}/${i}/id`, 'unique-id', `id '${it.id}' is used twice in ${base}`);
      seen.add(it.id);
    }
  };
  unique(def.terms, '/terms');
  unique(def.extensions, '/extensions');
  unique(def.documents, '/documents');
  unique(def.refusalGrounds, '/refusalGrounds');
  unique(def.complaints, '/complaints');
  unique(def.fees.items, '/fees/items');
  unique(def.fees.exemptions, '/fees/exemptions');
  unique(def.notes ?? [], '/notes');
  const names = new Set<string>();
  for (const [i, f] of def.form.fields.entries()) {
    if (names.has(f.name)) fail(`/form/fields/${i}/name`, 'unique-id', `field '${f.name}' is defined twice`);
    names.add(f.name);
    const values = new Set<string>();
    for (const [j, o] of (f.options ?? []).entries()) {
      if (values.has(o.value)) fail(`/form/fields/${i}/options/${j}/value`, 'unique-id', `option '${o.value}' is listed twice`);
      values.add(o.value);
      for (const [k, c] of (o.channels ?? []).entries())
        if (!def.channels.includes(c)) fail(`/form/fields/${i}/options/${j}/channels/${k}`, 'channel-not-offered', `channel '${c}' is not among the service's channels (${def.channels.join(', ')})`);
    }
    if (f.prefill && (f.prefill === 'phone' ? f.type !== 'phone' : f.type !== 'string' && f.type !== 'text'))
      fail(`/form/fields/${i}/prefill`, 'prefill-type', `prefill '${f.prefill}' needs a ${f.prefill === 'phone' ? 'phone' : 'string or text'} field, not ${f.type}`);
    if (f.bindsTo && f.type !== (f.bindsTo === 'signer-iin' ? 'iin' : 'bin'))
      fail(`/form/fields/${i}/bindsTo`, 'binds-to-type', `bindsTo '${f.bindsTo}' needs a field of type ${f.bindsTo === 'signer-iin' ? 'iin' : 'bin'}, not ${f.type}`);
    // The applicant is the signer: every IIN/BIN field says whose number it holds, and the
    // applicant's own is bound to the signer's certificate — in every definition, so a version
    // that opens the portal is bound already (on other channels the binding has no effect).
    const idField = f.type === 'iin' || f.type === 'bin';
    if (idField && !f.role)
      fail(`/form/fields/${i}/role`, 'field-role', `${f.type} field '${f.name}' must say whose number it holds: role applicant, second-applicant or other`);
    if (!idField && f.role) fail(`/form/fields/${i}/role`, 'field-role', `role is for iin/bin fields only, '${f.name}' is ${f.type}`);
    const signer = f.type === 'bin' ? 'signer-bin' : 'signer-iin';
    if (f.role === 'applicant' && f.bindsTo !== signer)
      fail(`/form/fields/${i}/bindsTo`, 'applicant-unbound', `'${f.name}' is the applicant's own ${f.type.toUpperCase()}: it must have bindsTo: ${signer}`);
    if (f.bindsTo && f.role !== 'applicant')
      fail(`/form/fields/${i}/bindsTo`, 'binds-to-role', `only the applicant's own field (role: applicant) binds to the signer; '${f.name}' has role ${f.role ?? '(none)'}`);
  }

  // file fields (form.ts, src/uploads/): their own options only on them; `document` names a scanned copy of this definition
  const FILE_ONLY = ['accept', 'maxSizeKb', 'maxFiles', 'document'] as const;
  for (const [i, f] of def.form.fields.entries()) {
    for (const k of FILE_ONLY)
      if (f[k] !== undefined && f.type !== 'file') fail(`/form/fields/${i}/${k}`, 'file-option', `${k} is for file fields only, '${f.name}' is ${f.type}`);
    if (f.type !== 'file' || f.document === undefined) continue;
    const doc = def.documents.find((d) => d.id === f.document);
    if (!doc) fail(`/form/fields/${i}/document`, 'reference', `no document with id '${f.document}'`);
    else if (doc.form !== 'scan') fail(`/form/fields/${i}/document`, 'file-document', `a file field holds scanned copies: document '${doc.id}' has form ${doc.form}, not scan`);
  }

  // co-applicants who sign too (src/applications/cosign.ts): each names a form field holding a
  // second applicant's IIN, once, on the portal only (elsewhere both come in person)
  const coFields = new Set<string>();
  for (const [i, c] of (def.coApplicants ?? []).entries()) {
    const at = `/coApplicants/${i}`;
    const f = def.form.fields.find((x) => x.name === c.field);
    if (!f) fail(`${at}/field`, 'co-applicant-field', `'${c.field}' is not a field of this form`);
    else if (f.type !== 'iin' || f.role !== 'second-applicant')
      fail(`${at}/field`, 'co-applicant-role', `'${c.field}' must be an iin field with role: second-applicant to name a co-applicant (it is ${f.type}${f.role ? `, role ${f.role}` : ''})`);
    if (coFields.has(c.field)) fail(`${at}/field`, 'unique-id', `co-applicant '${c.field}' is declared twice`);
    coFields.add(c.field);
    for (const [j, ch] of c.channels.entries()) {
      if (!def.channels.includes(ch)) fail(`${at}/channels/${j}`, 'channel-not-offered', `channel '${ch}' is not among the service's channels (${def.channels.join(', ')})`);
      if (ch !== 'portal') fail(`${at}/channels/${j}`, 'co-applicant-channel', `a co-applicant signs separately on the portal only; on '${ch}' both applicants come in person`);
    }
  }

  // date bounds and range order (form.ts): dates and years only, well-formed, earliest before latest
  for (const [i, f] of def.form.fields.entries()) {
    for (const k of ['earliest', 'latest'] as const) {
      const b = f[k];
      if (b === undefined) continue;
      const at = `/form/fields/${i}/${k}`;
      if (f.type !== 'date' && f.type !== 'integer') fail(at, 'date-bound', `${k} bounds a date or a year (integer) field, not ${f.type}`);
      if (!isDateBound(b)) fail(at, 'date-bound', `'${b}' is not a date bound (today, ±N y/m/d, or a real ISO date)`);
      if (f.type === 'integer' && !/^(today|[+-]\d+y)$/.test(b)) fail(at, 'date-bound', `a year field takes 'today' or ±Ny, not '${b}'`);
    }
    if (f.earliest && f.latest && resolveDateBound(f.earliest, '2000-06-15') > resolveDateBound(f.latest, '2000-06-15'))
      fail(`/form/fields/${i}/latest`, 'date-bound', `latest '${f.latest}' is before earliest '${f.earliest}'`);
    if (f.notBefore !== undefined) {
      const other = def.form.fields.find((x) => x.name === f.notBefore);
      if (!other || other === f) fail(`/form/fields/${i}/notBefore`, 'not-before', `'${f.notBefore}' is not another field of this form`);
      else if (other.type !== f.type) fail(`/form/fields/${i}/notBefore`, 'not-before', `'${f.notBefore}' is ${other.type}, '${f.name}' is ${f.type}: only values of one type can be ordered`);
    }
  }

  // channels
  const offered = new Set<string>(def.channels);
  const notOffered = (c: string, path: string) =>
    fail(path, 'channel-not-offered', `channel '${c}' is not among the service's channels (${def.channels.join(', ')})`);
  const channelsIn = (list: readonly string[], path: string) => {
    for (const [i, c] of list.entries()) if (!offered.has(c)) notOffered(c, `${path}/${i}`);
  };
  const keysIn = (obj: object | undefined, path: string) => {
    for (const c of Object.keys(obj ?? {})) if (!offered.has(c)) notOffered(c, `${path}/${c}`);
  };
  for (const [i, t] of def.terms.entries()) channelsIn(t.channels, `/terms/${i}/channels`);
  for (const [i, t] of def.terms.entries()) {
    if (t.automatic && t.unit !== 'hours' && t.unit !== 'minutes')
      fail(`/terms/${i}/automatic`, 'automatic-term', `an automatic term is counted in plain time from filing: its unit must be hours or minutes, not ${t.unit}`);
    if (t.automatic && def.automation !== 'fully-automated')
      fail(`/terms/${i}/automatic`, 'automatic-term', `an automatic term needs a fully automated service (automation: ${def.automation})`);
  }
  for (const [i, d] of def.documents.entries()) channelsIn(d.channels, `/documents/${i}/channels`);
  keysIn(def.process, '/process');
  keysIn(def.hours, '/hours');
  keysIn(def.fees.payment, '/fees/payment');
  keysIn(def.result.perChannel, '/result/perChannel');
  for (const c of def.channels) {
    if (!def.process[c]) fail(`/process/${c}`, 'process-missing', `channel '${c}' has no process`);
  }

  // references by id
  const refs = (list: readonly string[] | undefined, known: Set<string>, path: string, what: string) => {
    for (const [j, id] of (list ?? []).entries()) if (!known.has(id)) fail(`${path}/${j}`, 'reference', `no ${what} with id '${id}'`);
  };
  const termIds = new Set(def.terms.map((t) => t.id));
  for (const [i, x] of def.extensions.entries()) refs(x.terms, termIds, `/extensions/${i}/terms`, 'term');
  const feeIds = new Set(def.fees.items.map((f) => f.id));
  for (const [i, x] of def.fees.exemptions.entries()) refs(x.appliesTo, feeIds, `/fees/exemptions/${i}/appliesTo`, 'fee item');
  const docIds = new Set(def.documents.map((d) => d.id));
  for (const [i, x] of def.fetchedData.entries()) refs(x.replaces, docIds, `/fetchedData/${i}/replaces`, 'document');
  if (def.fees.kind === 'free') {
    for (const [i, f] of def.fees.items.entries()) {
      if (f.mci > 0) fail(`/fees/items/${i}/mci`, 'fees-free', 'a free service cannot charge a state duty');
    }
  }
  if (def.fees.kind === 'not-stated') {
    if (def.fees.items.length) fail('/fees/items', 'fees-not-stated', 'a duty the source does not state has no fee items');
    if (def.fees.exemptions.length) fail('/fees/exemptions', 'fees-not-stated', 'a duty the source does not state has no exemptions');
    if (!def.fees.note) fail('/fees/note', 'fees-not-stated', 'say what the applicant is told when the source does not state the duty (fees.note)');
  }
  if (def.qualitySurvey) {
    unique(def.qualitySurvey.questions, '/qualitySurvey/questions');
    for (const [i, q] of def.qualitySurvey.questions.entries()) {
      const seen = new Set<string>();
      for (const [j, o] of q.options.entries()) {
        if (seen.has(o.value)) fail(`/qualitySurvey/questions/${i}/options/${j}/value`, 'unique-id', `option '${o.value}' is listed twice`);
        seen.add(o.value);
      }
    }
  }

  // conditions name form fields or known context variables
  const known = new Set<string>([...names, ...CONTEXT_VARIABLES]);
  const checkCond = (c: { when: Condition } | undefined, path: string, extra: readonly string[] = []) => {
    if (!c) return;
    walkConditions(c.when, (field) => {
      if (!known.has(field) && !extra.includes(field))
        fail(`${path}/when`, 'condition-field', `'${field}' is neither a form field nor one of ${[...CONTEXT_VARIABLES, ...extra].join(', ')}`);
    });
  };
  for (const [i, x] of def.terms.entries()) checkCond(x.condition, `/terms/${i}/condition`);
  for (const [i, x] of def.fees.items.entries()) checkCond(x.condition, `/fees/items/${i}/condition`);
  for (const [i, x] of def.fees.exemptions.entries()) checkCond(x.condition, `/fees/exemptions/${i}/condition`);
  for (const [i, x] of def.documents.entries()) checkCond(x.condition, `/documents/${i}/condition`, DOCUMENT_VARIABLES);
  for (const [i, x] of def.fetchedData.entries()) checkCond(x.condition, `/fetchedData/${i}/condition`);
  for (const [i, x] of def.form.fields.entries()) checkCond(x.condition, `/form/fields/${i}/condition`);

  // the decision's data (result.decisionFields): fields of their own, named once
  const decisionNames = new Set<string>();
  for (const [i, f] of (def.result.decisionFields ?? []).entries()) {
    if (decisionNames.has(f.name)) fail(`/result/decisionFields/${i}/name`, 'unique-id', `decision field '${f.name}' is defined twice`);
    decisionNames.add(f.name);
  }

  // processes: graphs that can run (src/process/README.md)
  checkProcesses(def, names, fail);

  // what approving it does in the civil registry (src/civil): fields of the form, grounds of the definition
  checkCivilAct(def, fail);

  // effective period of the version itself
  if (def.effectiveTo && def.effectiveTo <= def.effectiveFrom) fail('/effectiveTo', 'effective-period', `effectiveTo ${def.effectiveTo} is not after effectiveFrom ${def.effectiveFrom}`);

  // citizen text speaks to the citizen: remarks about Qyzmet or its sources belong in `editorial:`
  const wording = findEditorialWording(def);
  if (wording)
    fail(wording.path, 'editorial-wording', `citizen text reads like an authors' note (/${wording.pattern}/): move the remark to an \`editorial:\` note and say what the citizen must do: "${wording.text.slice(0, 120)}"`);

  // the example must be a valid application
  const first = validateForm(def, def.form.example)[0];
  if (first) fail(first.path.replace(/^\/form/, '/form/example'), 'form-example', `${first.code}: ${first.message.en}`);
}

/** Step kinds done by people: their actor must be a role staff hold (ACTOR_ROLE). */
const PERSON_KINDS: readonly StepKind[] = ['forward', 'register', 'assign', 'decide', 'sign', 'dispatch', 'issue'];

/**
 * The process checks (src/process/README.md): per channel, the first step is the one intake step;
 * every next step is defined and every step reachable; each step's actor fits its kind (a role for
 * people's steps, a system for automatic ones); each decision is one the step's kind may offer, and
 * `extend` / `request-data` stay on the step; conditions name known fields and variables; every
 * status path from `draft` is one the status table allows and ends in a terminal status. Then, for
 * the definition: refusal grounds need a step that can refuse, extensions a step that can extend.
 */
/** Step-limit units counted in whole days or months. */
const WHOLE_UNITS = new Set<string>(['working-days', 'calendar-days', 'calendar-months']);

function checkProcesses(def: ServiceDefinition, formNames: Set<string>, fail: (path: string, rule: string, detail: string) => never): void {
  const knownVars = new Set<string>([...formNames, ...CONTEXT_VARIABLES, ...PROCESS_VARIABLES]);
  const allowedVars = [...CONTEXT_VARIABLES, ...PROCESS_VARIABLES].join(', ');
  const checkFields = (c: Condition, path: string) =>
    walkConditions(c, (field) => {
      if (!knownVars.has(field)) fail(path, 'condition-field', `'${field}' is neither a form field nor one of ${allowedVars}`);
    });
  const offered = new Set<Decision>();
  let automaticRefusal = false;

  for (const [channel, proc] of Object.entries(def.process)) {
    if (!proc) continue;
    const base = `/process/${channel}/steps`;
    const ids = new Set<string>();
    for (const [i, s] of proc.steps.entries()) {
      if (ids.has(s.id)) fail(`${base}/${i}/id`, 'unique-id', `id '${s.id}' is used twice in ${base}`);
      ids.add(s.id);
    }
    const byId = new Map(proc.steps.map((s) => [s.id, s]));

    for (const [i, s] of proc.steps.entries()) {
      const at = `${base}/${i}`;
      if (i === 0 && s.kind !== 'intake') fail(`${at}/kind`, 'intake-first', `the first step of the ${channel} process must be its intake step (kind: intake), not ${s.kind}`);
      if (i > 0 && s.kind === 'intake') fail(`${at}/kind`, 'intake-first', `'${s.id}' is a second intake step: a channel has one, its first step`);
      if (PERSON_KINDS.includes(s.kind) && ACTOR_ROLE[s.actor] === null)
        fail(`${at}/actor`, 'unknown-role', `a ${s.kind} step is work for staff, but '${s.actor}' holds no staff role (ACTOR_ROLE); use an automatic step for a system`);
      if (s.kind === 'automatic' && !SYSTEM_ACTORS.includes(s.actor))
        fail(`${at}/actor`, 'unknown-role', `an automatic step is done by a system (${SYSTEM_ACTORS.join(', ')}), not by '${s.actor}'`);
      if (s.connector && s.kind !== 'automatic') fail(`${at}/connector`, 'connector', `only automatic steps call a connector; '${s.id}' is ${s.kind}`);
      if (s.connector?.sets && !(PROCESS_VARIABLES as readonly string[]).includes(s.connector.sets))
        fail(`${at}/connector/sets`, 'connector', `'${s.connector.sets}' is not a process variable (${PROCESS_VARIABLES.join(', ')})`);
      const decisions = stepDecisions(s);
      if (s.requestDataPausesTimer !== undefined && !decisions.includes('request-data'))
        fail(`${at}/requestDataPausesTimer`, 'request-data-timer', `'${s.id}' offers no request-data decision, so its timer has nothing to pause for`);
      if (s.kind === 'decide' && decisions.length === 0) fail(`${at}/next`, 'step-decision', `a decide step offers its decisions by next entries (approve, refuse…); '${s.id}' offers none`);
      if (s.kind !== 'decide' && !s.next.some((n) => !n.decision))
        fail(`${at}/next`, 'step-decision', `'${s.id}' (${s.kind}) has no entry without a decision to take when its action completes`);
      if (s.onTimeout === 'proceed' && !s.next.some((n) => !n.decision && !n.condition))
        fail(`${at}/onTimeout`, 'on-timeout', `onTimeout proceed goes on by the unconditional entry, and '${s.id}' has none`);
      for (const [k, l] of (s.limitIf ?? []).entries()) checkFields(l.condition.when, `${at}/limitIf/${k}/condition/when`);
      // Days and months are counted whole on the calendar (src/calendar/worktime.ts): 1.5 months is no limit.
      for (const [path, l] of [['limit', s.limit], ...(s.limitIf ?? []).map((x, k) => [`limitIf/${k}`, x] as const)] as const)
        if (l && WHOLE_UNITS.has(l.unit) && !Number.isInteger(l.amount))
          fail(`${at}/${path}/amount`, 'step-limit', `a limit in ${l.unit} is a whole number, not ${l.amount}`);
      for (const [j, n] of s.next.entries()) {
        const np = `${at}/next/${j}`;
        if (n.to !== 'end' && !byId.has(n.to)) fail(`${np}/to`, 'step-reference', `'${n.to}' is not a step of the ${channel} process (nor 'end')`);
        if (n.decision) {
          if (!KIND_DECISIONS[s.kind].includes(n.decision))
            fail(`${np}/decision`, 'step-decision', `a ${s.kind} step cannot offer '${n.decision}' (it may offer: ${KIND_DECISIONS[s.kind].join(', ') || 'no decisions'})`);
          if ((n.decision === 'extend' || n.decision === 'request-data') && n.to !== s.id)
            fail(`${np}/to`, 'decision-target', `'${n.decision}' keeps the task on its step: to must be '${s.id}', not '${n.to}'`);
          offered.add(n.decision);
        }
        if (n.condition) checkFields(n.condition, `${np}/condition`);
        if (s.kind === 'automatic' && (n.status ?? s.status) === 'refused') automaticRefusal = true;
      }
    }

    const first = proc.steps[0]?.id as string;
    const reached = new Set<string>();
    const queue = [first];
    while (queue.length) {
      const id = queue.pop() as string;
      if (reached.has(id)) continue;
      reached.add(id);
      for (const n of byId.get(id)?.next ?? []) if (n.to !== 'end') queue.push(n.to);
    }
    for (const [i, s] of proc.steps.entries()) {
      if (!reached.has(s.id)) fail(`${base}/${i}`, 'unreachable-step', `step '${s.id}' cannot be reached from '${first}'`);
    }

    // and from every step the process can still end (no loop without a way out)
    const ends = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of proc.steps)
        if (!ends.has(s.id) && s.next.some((n) => n.to === 'end' || ends.has(n.to))) {
          ends.add(s.id);
          grew = true;
        }
    }
    for (const [i, s] of proc.steps.entries()) {
      if (!ends.has(s.id)) fail(`${base}/${i}/next`, 'no-end', `no path from step '${s.id}' reaches 'end'`);
    }

    const { problems } = walkStatusPaths(proc);
    const p = problems[0];
    if (p) {
      const trail = `${p.path.join(' → ')}${p.hop.to === 'end' ? ' → end' : ''}`;
      if (p.problem === 'forbidden-status')
        fail(`${base}/${p.hop.stepIndex}/next/${p.hop.entry}`, 'status-path', `the status table forbids ${p.hop.from} → ${p.hop.status} (src/applications/status.ts), on the path ${trail}`);
      fail(`${base}/${p.hop.stepIndex}/next/${p.hop.entry}`, 'status-path', `the path ${trail} ends in '${p.hop.status}', not in a terminal status (issued, refused, returned…)`);
    }
  }

  if (def.refusalGrounds.length && !offered.has('refuse') && !automaticRefusal)
    fail('/refusalGrounds', 'decision-not-offered', `the definition lists refusal grounds, but no step offers 'refuse' (nor refuses automatically)`);
  if (def.extensions.length && !offered.has('extend')) fail('/extensions', 'decision-not-offered', `the definition allows extensions, but no step offers 'extend'`);
}

function listVersionFiles(dir: string): Array<{ code: string; file: string }> {
  const out: Array<{ code: string; file: string }> = [];
  for (const code of readdirSync(dir).sort()) {
    const sub = join(dir, code);
    if (code.startsWith('.') || !statSync(sub).isDirectory()) continue;
    for (const f of readdirSync(sub)) if (/^v.*\.yaml$/.test(f)) out.push({ code, file: join(sub, f) });
  }
  return out;
}

const versionOfName = (file: string) => {
  const m = /^v(\d+)\.yaml$/.exec(file.split(sep).pop() as string);
  return m ? Number(m[1]) : Number.NaN;
};

/** Load, resolve and check every definition; returns them ordered by code, then version. */
export function loadDefinitions(opts: LoadOptions = {}): ServiceDefinition[] {
  const dir = resolve(opts.dir ?? SERVICES_DIR);
  const root = resolve(opts.root ?? dirname(dir));
  const validate = schemaValidator(resolve(opts.schemaFile ?? SCHEMA_FILE));
  const rel = (f: string) => relative(root, f).split(sep).join('/');

  const byCode = new Map<string, Array<{ file: string; n: number }>>();
  for (const { code, file } of listVersionFiles(dir)) {
    const n = versionOfName(file);
    if (Number.isNaN(n)) throw new DefinitionError(rel(file), '', 'file-name', `a version file must be named v<N>.yaml, e.g. v1.yaml`);
    const list = byCode.get(code) ?? [];
    list.push({ file, n });
    byCode.set(code, list);
  }

  const all: ServiceDefinition[] = [];
  for (const [code, files] of [...byCode].sort(([a], [b]) => (a < b ? -1 : 1))) {
    files.sort((a, b) => a.n - b.n);
    const resolved = new Map<number, ServiceDefinition>();
    let previous: ServiceDefinition | undefined;
    files.forEach(({ file, n }, index) => {
      const name = rel(file);
      const fail = (path: string, rule: string, detail: string): never => {
        throw new DefinitionError(name, path, rule, detail);
      };
      const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
      if (doc.errors.length) fail('', 'yaml', (doc.errors[0] as Error).message.split('\n')[0] as string);
      const raw = doc.toJS() as unknown;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'type', 'a definition file must be a YAML mapping');
      const own = raw as Record<string, unknown>;

      let merged: Record<string, unknown> = own;
      if (own.inherits !== undefined) {
        const base = typeof own.inherits === 'number' ? resolved.get(own.inherits) : undefined;
        if (!base || (own.inherits as number) >= n) {
          fail('/inherits', 'inherits', `inherits must name an earlier, loaded version of '${code}' (got ${JSON.stringify(own.inherits)})`);
        }
        merged = { ...(base as unknown as Record<string, unknown>), ...own };
      }

      if (!validate(merged)) {
        const { path, rule, detail } = describeAjvError(validate.errors ?? []);
        fail(path, rule, detail);
      }
      const def = merged as unknown as ServiceDefinition;
      if (def.code !== code) fail('/code', 'code-matches-directory', `code '${def.code}' must equal the directory name '${code}'`);
      if (def.version !== n) fail('/version', 'version-matches-file', `version ${def.version} must match the file name v${n}.yaml`);
      if (n !== index + 1) fail('/version', 'versions-consecutive', `versions of '${code}' must run 1, 2, 3…; expected v${index + 1}, found v${n}`);
      checkDefinition(def, fail);
      if (previous) {
        if (def.effectiveFrom <= previous.effectiveFrom) {
          fail('/effectiveFrom', 'versions-ordered', `v${n} starts ${def.effectiveFrom}, not after v${previous.version} (${previous.effectiveFrom})`);
        }
        if (!previous.effectiveTo || previous.effectiveTo > def.effectiveFrom) {
          fail(
            '/effectiveFrom',
            'versions-overlap',
            `v${n} starts ${def.effectiveFrom} while v${previous.version} is in force until ${previous.effectiveTo ?? 'further notice'}`,
          );
        }
      }
      resolved.set(n, def);
      previous = def;
      all.push(def);
    });
  }
  checkSameNames(all, (d) => rel(join(dir, d.code, `v${d.version}.yaml`)));
  return all;
}

const overlap = (a: ServiceDefinition, b: ServiceDefinition) =>
  (!a.effectiveTo || b.effectiveFrom < a.effectiveTo) && (!b.effectiveTo || a.effectiveFrom < b.effectiveTo);

/**
 * Two services in force at the same time under the same name (in any language) would be two
 * identical cards in the catalogue: each must carry a `variant` (a region, a regime) and the
 * variants must differ.
 */
function checkSameNames(all: ServiceDefinition[], fileOf: (d: ServiceDefinition) => string): void {
  const norm = (s: string) => s.trim().toLocaleLowerCase('ru');
  for (const [i, a] of all.entries()) {
    for (const b of all.slice(i + 1)) {
      if (a.code === b.code || !overlap(a, b)) continue;
      if (!(['kk', 'ru', 'en'] as const).some((l) => norm(a.name[l]) === norm(b.name[l]))) continue;
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (!x.variant)
          throw new DefinitionError(fileOf(x), '/variant', 'same-name-variant', `'${y.code}' v${y.version} is in force at the same time under the same name: say which one this is (variant)`);
      }
      for (const l of ['kk', 'ru', 'en'] as const)
        if (norm(a.variant?.[l] ?? '') === norm(b.variant?.[l] ?? ''))
          throw new DefinitionError(fileOf(b), `/variant/${l}`, 'same-name-variant', `the variant is the same as that of '${a.code}' v${a.version}, which has the same name`);
    }
  }
}
