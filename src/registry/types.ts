/**
 * The service-definition model: a state service standard/regulation as data.
 *
 * One YAML file per *version* of a service: `services/<code>/v<N>.yaml`.
 * The JSON Schema in `services/service-definition.schema.json` is the normative
 * form of these types; the loader validates every file against it and these
 * types describe the validated, inheritance-resolved result.
 */

import type { I18n } from '../lib/i18n.ts';
import type { ApplicationStatus } from '../applications/status-types.ts';

// Base types, defined in src/lib/i18n.ts and src/applications/status-types.ts; re-exported here.
export { type I18n, type Lang, LANGS } from '../lib/i18n.ts';
export type { ApplicationStatus } from '../applications/status-types.ts';

/** Where an application is lodged. `provider` = the provider's own office, incl. akim offices (ЖАО/МИО) acting as its front office. */
export type Channel = 'portal' | 'centre' | 'provider';
export const CHANNELS: readonly Channel[] = ['portal', 'centre', 'provider'] as const;

export type RecipientKind = 'individual' | 'legal-entity';

/** A pointer to the source text, e.g. `{ doc: "003", lines: "L112-118" }`. */
export interface SourceRef {
  doc: string;
  lines?: string;
  clause?: string;
}

// ---------------------------------------------------------------- conditions

/**
 * A condition over the application context. `field` names a form field, or a
 * context variable starting with `$`: `$channel`, `$region`, `$filedAt` (ISO
 * date-time), `$recipientKind`.
 *
 * Date comparisons: values are ISO dates (`YYYY-MM-DD`) compared as strings.
 * `olderThanWorkingDays` / `olderThanCalendarDays`: the field holds a date and
 * more than `value` days lie between it and the filing date.
 */
export type ConditionOp =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'in'
  | 'notIn'
  | 'present'
  | 'absent'
  | 'olderThanWorkingDays'
  | 'olderThanCalendarDays';

export type Condition =
  | { field: string; op: ConditionOp; value?: string | number | boolean | Array<string | number> }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** A condition together with the words a person reads, e.g. "if the marriage was registered before 2008". */
export interface LabelledCondition {
  when: Condition;
  label: I18n;
}

// ---------------------------------------------------------------- terms

export type DurationUnit = 'minutes' | 'hours' | 'working-days' | 'calendar-days' | 'months';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/**
 * A service term (the time within which the result must be ready).
 * Terms are tried in order; the first whose `channels` include the channel and
 * whose `condition` holds applies. Put specific terms (Astana, late birth)
 * before the general one.
 */
export interface Term {
  id: string;
  channels: Channel[];
  amount: number;
  /**
   * `calendar-months`: "after one month from the application" — the same day of the month n
   * months after acceptance, or that month's last day when it has none (Civil Code rule on
   * terms in months); a non-working last day moves to the next working day.
   */
  unit: 'working-days' | 'calendar-days' | 'calendar-months' | 'hours' | 'minutes';
  /** The day of acceptance is not counted (002 cl.25 and most texts). Default true. */
  excludeAcceptanceDay?: boolean;
  /** The day of issuance is not counted either (004 cl.7): the result is issued the working day after the term. */
  excludeIssuanceDay?: boolean;
  /**
   * Decided by an information system without staff (the address reference online): accepted at
   * once at any hour on any day, and an hours/minutes term counted in plain time from filing, not
   * in working time. Only with `hours` or `minutes`.
   */
  automatic?: boolean;
  /** When set, the term applies only if the condition holds (e.g. `$region eq astana`). */
  condition?: LabelledCondition;
  /**
   * Added by the registry: a notice the applicant is owed when this term applies, counted from
   * the day of acceptance (paternity: "informing the recipient within 3 calendar days", 003 L742).
   * The deadline engine returns its date as `noticeBy`.
   */
  notice?: TermNotice;
  label: I18n;
  source?: SourceRef;
}

export interface TermNotice {
  amount: number;
  unit: 'working-days' | 'calendar-days';
  /** What the applicant is told, e.g. "that the birth record is requested from another body". */
  label: I18n;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

/** A permitted extension of a term, with the notice owed to the applicant. */
export interface Extension {
  id: string;
  /** Which terms it extends (term ids); empty/absent = all. */
  terms?: string[];
  maxAmount: number;
  unit: 'working-days' | 'calendar-days';
  /** Notice to the applicant, counted from the moment of extension. */
  noticeWithin: { amount: number; unit: 'working-days' | 'calendar-days' | 'hours' };
  reason: I18n;
  /**
   * Added by the registry: when true, `maxAmount` is the whole term after the
   * extension, counted like the term itself ("extended up to 30 calendar days",
   * 003 L2197), not an addition to the original term.
   */
  totalTerm?: boolean;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

// ---------------------------------------------------------------- fees

export interface FeeItem {
  id: string;
  /** State duty as a multiple of the MCI (АЕК/МРП) in force on the payment date. 0 = free. */
  mci: number;
  label: I18n;
  condition?: LabelledCondition;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

export interface FeeExemption {
  id: string;
  label: I18n;
  /** Fee item ids it exempts from; absent = all. */
  appliesTo?: string[];
  /**
   * When the exemption applies: the acts the law names and the ground the applicant claims
   * (e.g. `feeExemption eq privileged-categories` and `actType eq birth`). Required: an
   * exemption that lives in its label only is never applied by the engine (`fees.ts`).
   */
  condition: LabelledCondition;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

export interface Fees {
  /**
   * `free`: no state duty at all; `state-duty`: see items; `not-stated`: the source does not say
   * whether a duty is payable or how much (no items; `note` says what the applicant is told).
   */
  kind: 'free' | 'state-duty' | 'not-stated';
  items: FeeItem[];
  exemptions: FeeExemption[];
  /** How the duty is paid per channel (bank payment document, e-government payment gateway). */
  payment?: Partial<Record<Channel, 'bank' | 'payment-gateway' | 'bank-or-payment-gateway'>>;
  /** Legal basis, e.g. Tax Code art. 537. */
  basis?: I18n;
  /** Added by the registry: a remark a person reads, e.g. "the source states no fee". */
  note?: I18n;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

// ---------------------------------------------------------------- documents

export type DocumentForm = 'original' | 'copy' | 'original-for-check' | 'scan' | 'e-request' | 'data' | 'notarised-copy';

export interface RequiredDocument {
  id: string;
  name: I18n;
  channels: Channel[];
  form: DocumentForm;
  /** Absent = always required on those channels. */
  condition?: LabelledCondition;
  /** "If available" documents: listed, never a reason to refuse acceptance. */
  optional?: boolean;
  /** The provider/centre obtains it from a state system; not demanded from the applicant (002 cl.22). */
  fetchedFrom?: StateSystem;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

export type StateSystem =
  | 'persons'
  | 'legal-entities'
  | 'notary'
  | 'civil-registry'
  | 'address'
  | 'payment-gateway'
  | 'pension'
  | 'other';

export interface FetchedData {
  system: StateSystem;
  data: I18n;
  /** Document ids this data replaces. */
  replaces?: string[];
  condition?: LabelledCondition;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

// ---------------------------------------------------------------- process

/** Who performs a step. */
export type Actor =
  | 'applicant'
  | 'second-applicant'
  | 'portal'
  | 'centre-operator'
  | 'centre-issuing-sector'
  | 'centre-courier'
  | 'akimat'
  | 'provider-clerk'
  | 'provider-head'
  | 'responsible-executor'
  | 'provider-system'
  | 'state-system'
  | 'payment-gateway';

export interface StepLimit {
  amount: number;
  /**
   * Seconds, minutes and hours count only the working hours of the organisation whose staff work
   * the step; day-based units end at the close of the due working day. `calendar-months` ("1
   * month"): the same day of the month n months on, or that month's last day when it has none.
   * `clock-hours`: plain elapsed time, nights, weekends and holidays included (the 48 hours the
   * second spouse has to sign a joint request: Fri 17:00 + 48 → Sun 17:00).
   */
  unit: 'seconds' | 'minutes' | 'hours' | 'clock-hours' | 'working-days' | 'calendar-days' | 'calendar-months' | 'same-day';
  /** `min..max` forms in the source ("30 s – 1 min"): amount is the max, this the min. */
  minAmount?: number;
}

/**
 * What kind of work a step is; it decides which actions a task of the step offers
 * (src/process/README.md):
 * - `intake`: the application is lodged (the portal submission, the operator's or clerk's
 *   intake). Done by the submission itself, never a task. The first step of every channel.
 * - `forward`: a front office (akimat, centre) sends the package to the provider → action `forward`.
 * - `register`: the provider's clerk registers the incoming application → `register`.
 * - `assign`: the head reviews it and assigns a responsible executor → `assign` (body: executorId).
 * - `decide`: the executor prepares the decision → the decisions its `next` entries name:
 *   `approve` (with the decision's data), `refuse` (with refusal grounds), `extend`,
 *   `request-data`, `return`.
 * - `sign`: the head signs the prepared decision with the SIGN certificate → `sign`
 *   (and `return`, when a `next` entry offers it, sends it back).
 * - `dispatch`: the clerk registers the outgoing result and hands it on → `dispatch`.
 * - `issue`: the result reaches the recipient (at a front office, or in the cabinet) → `issue`.
 * - `automatic`: a system step (a gateway connector call or a check); no person, no task
 *   for people; taken by the engine at once.
 */
export type StepKind = 'intake' | 'forward' | 'register' | 'assign' | 'decide' | 'sign' | 'dispatch' | 'issue' | 'automatic';
export const STEP_KINDS: readonly StepKind[] = ['intake', 'forward', 'register', 'assign', 'decide', 'sign', 'dispatch', 'issue', 'automatic'] as const;

/** A named decision of a step's actor; a `next` entry with `decision` is taken by it. */
export type Decision = 'approve' | 'refuse' | 'extend' | 'request-data' | 'return';
export const DECISIONS: readonly Decision[] = ['approve', 'refuse', 'extend', 'request-data', 'return'] as const;

/**
 * Where a step goes next. An entry is taken either
 * - by `decision`: the step's actor took that decision (`extend` and `request-data` name the
 *   step itself as `to`: the task stays, its timer moves or waits);
 * - by `condition`: in the definition's condition language, over the form and the process
 *   variables (`PROCESS_VARIABLES` in src/registry/loader.ts: `$decision`, `$intake`, `$actRecord`…),
 *   tried in order when the step completes;
 * - or unconditionally (neither): the entry taken when no conditional entry holds.
 * `when` is the label a person reads. `status`, when set, is the status the application
 * enters by this entry, instead of the step's own `status`.
 */
export interface StepTransition {
  to: string; // step id, or 'end'
  decision?: Decision;
  condition?: Condition;
  /** Branch label, e.g. "violations found". */
  when?: I18n;
  status?: ApplicationStatus;
}

/** A limit that applies instead of the step's `limit` when its condition holds (tried in order, like terms). */
export interface ConditionalStepLimit extends StepLimit {
  condition: LabelledCondition;
}

/** One of the minute-steps an operator or a system does inside a step ("log in: 1 minute"), kept as timings. */
export interface StepTiming {
  action: I18n;
  limit: StepLimit;
}

/** What an automatic step does: a gateway connector call (src/gateway) whose answer may set a process variable. */
export interface StepConnector {
  system: StateSystem;
  /** The connector operation, e.g. `civil-registry.find-act`, `persons.lookup`. */
  operation: string;
  /** The process variable the answer sets (e.g. `$actRecord`: `exists` / `absent`). */
  sets?: string;
}

export interface ProcessStep {
  id: string;
  kind: StepKind;
  actor: Actor;
  action: I18n;
  /** The step's time limit, counted in the provider's working time for minutes and hours. */
  limit?: StepLimit;
  /** Limits that apply instead of `limit` when their condition holds (late birth registration: 15 calendar days). */
  limitIf?: ConditionalStepLimit[];
  /**
   * What happens when the limit passes: `escalate` (default for people's steps): the task is
   * marked overdue and escalated to the head of the organisation; `proceed`: the step is taken
   * as done and the process goes on by its unconditional entry; `annul`: the application is annulled.
   */
  onTimeout?: 'escalate' | 'proceed' | 'annul';
  /** The operator's minute-steps inside this step (log in, select the service, query the registry). */
  timings?: StepTiming[];
  /** `automatic` steps: the connector it calls. */
  connector?: StepConnector;
  /** `decide` steps offering `request-data`: whether the step's timer stops while the answer is awaited (only where the regulation says so). */
  requestDataPausesTimer?: boolean;
  next: StepTransition[];
  /** The status the application enters when this step completes, if any (a `next` entry's `status` wins). */
  status?: ApplicationStatus;
  /** This step ends the process with a refusal message/reasoned refusal. */
  outcome?: 'result' | 'refusal' | 'end';
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

export interface Process {
  steps: ProcessStep[];
}

// ---------------------------------------------------------------- form

export type FieldType =
  | 'string'
  | 'text'
  | 'date'
  | 'iin'
  | 'bin'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'phone'
  | 'email'
  | 'file';

export type FieldRole = 'applicant' | 'second-applicant' | 'other';

export type PrefillSource = 'full-name' | 'registered-address' | 'phone';
export const PREFILL_SOURCES: readonly PrefillSource[] = ['full-name', 'registered-address', 'phone'] as const;

/** `today`, `±N(y|m|d)` from today, or an ISO date `YYYY-MM-DD`. */
export type DateBound = string;

export interface FormField {
  name: string;
  type: FieldType;
  required: boolean;
  label: I18n;
  help?: I18n;
  /** `channels`: only these channels offer the option (e.g. "another relative" at the centre only). */
  options?: Array<{ value: string; label: I18n; channels?: Channel[] }>;
  /**
   * On the portal the value must be the signer's: `signer-iin` the IIN of the applicant's
   * certificate (or account, for SMS signing), `signer-bin` the BIN in the organisation's
   * certificate (an SMS code cannot sign for an organisation).
   */
  bindsTo?: 'signer-iin' | 'signer-bin';
  /**
   * Whose number an IIN/BIN field holds (required on every `iin`/`bin` field, absent on others):
   * `applicant` – the applicant's own IIN/BIN, which must be bound to the signer (`bindsTo`
   * `signer-iin` for an IIN, `signer-bin` for a BIN; the loader refuses it unbound);
   * `second-applicant` – a co-applicant who signs too (the other spouse, the second parent);
   * `other` – anyone else (the child, the ward, the deceased, the person a record names).
   */
  role?: FieldRole;
  /**
   * Filled in on the portal from what the state holds about the signed-in person, who may
   * correct it: `full-name` and `registered-address` from the persons DB (their own data is
   * the basis of the read), `phone` from the account (the mobile citizens DB).
   */
  prefill?: PrefillSource;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  pattern?: string;
  /**
   * Date bounds relative to the filing day (Kazakhstan date of `$filedAt`, else today):
   * `today`, `-150y` / `+1m` / `-30d` (years, months, days from today) or an ISO date. On an
   * `integer` field they bound a year: `today` = this year, `-150y` = 150 years ago
   * (only `today` and `±Ny` there). Outside → TOO_EARLY / TOO_LATE.
   */
  earliest?: DateBound;
  latest?: DateBound;
  /** The value may not be earlier than this other field's (same type), e.g. a period's end → OUT_OF_ORDER. */
  notBefore?: string;
  /** Only shown/required when the condition holds. */
  condition?: LabelledCondition;
  /**
   * `file` fields: scanned copies attached on the portal (src/uploads/). The value is a list of
   * `FileRef`s, each naming an upload the person made (POST /api/v1/uploads) by its id and the
   * SHA-256 of its bytes, so the hashes are part of what the person signs.
   * `accept`: MIME types (default `DEFAULT_FILE_ACCEPT`); `maxSizeKb` per file (default
   * `DEFAULT_FILE_MAX_SIZE_KB`); `maxFiles` per field (default `DEFAULT_FILE_MAX_FILES`, several
   * pages of one document); `document`: the id of the definition's document the files prove.
   */
  accept?: FileMime[];
  maxSizeKb?: number;
  maxFiles?: number;
  document?: string;
}

/** The file types Qyzmet accepts and recognises by their content (src/uploads/sniff.ts). */
export const FILE_MIMES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type FileMime = (typeof FILE_MIMES)[number];
export const DEFAULT_FILE_ACCEPT: readonly FileMime[] = FILE_MIMES;
export const DEFAULT_FILE_MAX_SIZE_KB = 10_240;
export const DEFAULT_FILE_MAX_FILES = 5;

/** One attached file in a form value: an upload of the signed-in person, by id and content hash. */
export interface FileRef {
  /** The upload's id (uuid) from POST /api/v1/uploads. */
  id: string;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  /** The file name as the person chose it (shown to staff; never used as a path). */
  name: string;
  /** Bytes. */
  size: number;
  mime: FileMime;
}

/**
 * A co-applicant who signs the application too, in their own cabinet (both parents of a minor,
 * both spouses): `field` is the form field (type `iin`, `role: second-applicant`) holding their
 * IIN. Needed only on `channels` and only when that field's condition holds and it has a value.
 * The application waits (`awaiting-second-applicant`) `within.hours` clock hours from the first
 * applicant's signature; not signed by then, it is annulled (src/applications/cosign.ts).
 */
export interface CoApplicant {
  field: string;
  channels: Channel[];
  within: { hours: number; clock: true };
  /** Who they are, as a person reads it: "Second parent". */
  label: I18n;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

export interface Form {
  fields: FormField[];
  /** One valid payload; tests submit it. */
  example: Record<string, unknown>;
}

// ---------------------------------------------------------------- the definition

export interface LegalAct {
  kind: 'standard' | 'regulation' | 'rules' | 'decree' | 'news' | 'working-edition';
  title: I18n;
  /** The number alone, the same in every language ("205", "124/5"). */
  number?: string;
  /** The wording the act is taken in ("as amended by No. 363"). */
  amendedBy?: I18n;
  date?: string; // ISO date
  issuer?: I18n;
  /** Repealed by, if the act itself says so. */
  repealedBy?: string;
  source?: SourceRef;
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

export interface QualitySurvey {
  title: I18n;
  questions: Array<{ id: string; text: I18n; options: Array<{ value: string; label: I18n }> }>;
  source?: SourceRef;
}

export interface Ambiguity {
  /** e.g. "digest §5.22" */
  ref: string;
  /** Which reading this definition takes, and why. */
  reading: string;
}

/** Civil-status act kinds of the civil registry (src/registries/catalogue.ts `ActKind`). */
export type CivilActKind = 'birth' | 'marriage' | 'divorce' | 'death' | 'paternity' | 'adoption' | 'name_change';
export const CIVIL_ACT_KINDS: readonly CivilActKind[] = ['birth', 'marriage', 'divorce', 'death', 'paternity', 'adoption', 'name_change'] as const;

/**
 * A participant's role in the act: the registry's own (`mother`, `wife`, `adoptee`…), or one
 * decided by the IIN's sex digit — `spouse` (husband/wife), `parent` (father/mother),
 * `adoptive-parent` — or `subject`: the person the act is about (birth: child, death: deceased,
 * marriage/divorce: spouse, paternity: child, adoption: adoptee, name change: person).
 */
export type CivilActRole =
  | 'child'
  | 'mother'
  | 'father'
  | 'husband'
  | 'wife'
  | 'deceased'
  | 'adoptee'
  | 'adoptive_mother'
  | 'adoptive_father'
  | 'person'
  | 'applicant'
  | 'spouse'
  | 'parent'
  | 'adoptive-parent'
  | 'subject';
export const CIVIL_ACT_ROLES: readonly CivilActRole[] = ['child', 'mother', 'father', 'husband', 'wife', 'deceased', 'adoptee', 'adoptive_mother', 'adoptive_father', 'person', 'applicant', 'spouse', 'parent', 'adoptive-parent', 'subject'] as const;

/**
 * Added by the registry: what approving the service does in the civil registry (src/civil):
 * `register` a new act record, `restore` a lost or paper-only one as an electronic record, or
 * `lookup` an existing one (repeat certificates, references); where `amend.when` holds, the
 * approval amends the act record the form names instead. The act record's number and date go
 * into the decision (`actRecord`) and onto the certificate. A refusal by the registry (the
 * record exists / there is no such record) turns the approval into a reasoned refusal on
 * `grounds` (default ids `act-record-exists` / `act-record-not-found`).
 */
export interface CivilActSpec {
  operation: 'register' | 'restore' | 'lookup';
  /** The act kind, or the form field naming it (`kindField`, its values mapped by `kinds`; a value not mapped: no act). */
  kind?: CivilActKind;
  kindField?: string;
  kinds?: Record<string, CivilActKind>;
  /** Form fields holding the participants' IINs (an empty optional field is skipped). */
  participants: Array<{ field: string; role: CivilActRole }>;
  /** Birth of a child without an IIN yet: the registry assigns one; the fields with the birth date, sex and given name. */
  newChild?: { birthDate: string; sex: string; givenName?: string };
  /** `restore`: the field with the original record's date (a date, or a year). Otherwise the act is dated the day of approval. */
  actDate?: string;
  /** `lookup`: the field with the year the act was registered (only acts of that year match). */
  year?: string;
  /** Form fields copied into the act record's details. */
  details?: string[];
  amend?: { when: Condition; number: string; date?: string; text?: string };
  grounds?: { exists?: string; notFound?: string };
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
}

import type { Category } from './categories.ts';

export interface ServiceDefinition {
  code: string;
  version: number;
  effectiveFrom: string; // ISO date
  effectiveTo?: string | null; // ISO date, exclusive
  legalAct: LegalAct;
  /** The 8-digit code in the state register, when known. */
  registryCode?: string;
  /** Digest reference, e.g. "S6". */
  digestRef: string;
  name: I18n;
  sphere: 'civil-registration' | 'archives' | 'family' | 'industry' | 'identity' | 'address';
  /** Catalogue categories (names in src/registry/categories.ts). */
  categories: Category[];
  /**
   * What sets the service apart from another one in force with the same name (a region, a
   * regime), shown beside the name; the loader requires it when names coincide.
   */
  variant?: I18n;
  provider: {
    kind:
      | 'ministry-committee'
      | 'archive'
      | 'local-executive'
      | 'education-authority'
      | 'internal-affairs'
      | 'justice';
    name: I18n;
    editorial?: string;
  };
  recipients: RecipientKind[];
  channels: Channel[];
  automation: 'manual' | 'partially-automated' | 'fully-automated';
  /** Centre/provider working-day end that applies to this service (HH:MM, local time); defaults from config. */
  hours?: Partial<Record<Channel, { from: string; until: string; saturday?: { from: string; until: string } }>>;
  terms: Term[];
  extensions: Extension[];
  fees: Fees;
  documents: RequiredDocument[];
  fetchedData: FetchedData[];
  result: {
    description: I18n;
    form: 'paper' | 'electronic' | 'paper-or-electronic';
    /** Per channel, when it differs (e.g. portal gets an e-document). */
    perChannel?: Partial<Record<Channel, { description: I18n; form: 'paper' | 'electronic' }>>;
    validity?: Duration;
    /** Template id for the result document (rendered by a later issue). */
    template?: string;
    /**
     * What the executor fills in when approving (`approve` of a `decide` step): the decision's
     * data, e.g. the reference text, the act to record. Validated like form fields. Absent:
     * one required `text` field (the text of the decision).
     */
    decisionFields?: FormField[];
  /** A note for maintainers (English), served to admins only — never citizen text (see `Editorial`). */
  editorial?: string;
  };
  refusalGrounds: Array<{ id: string; text: I18n; source?: SourceRef; editorial?: string }>;
  complaints: Array<{ id: string; to: I18n; term?: Duration; note?: I18n; source?: SourceRef; editorial?: string }>;
  storage?: { unclaimedKeptFor: Duration; thenTo: I18n; source?: SourceRef; editorial?: string };
  /** Added by the registry: the questionnaire on the quality and accessibility of the service (001 annex 6). */
  qualitySurvey?: QualitySurvey;
  process: Partial<Record<Channel, Process>>;
  form: Form;
  /** Added by the registry: co-applicants who must sign too (see `CoApplicant`). */
  coApplicants?: CoApplicant[];
  /** Added by the registry: the act record an approval writes or finds in the civil registry (see `CivilActSpec`). */
  civilAct?: CivilActSpec;
  ambiguities: Ambiguity[];
  /** Free keywords to help search (synonyms). */
  keywords?: I18n;
  /**
   * Added by the registry: the version this file was shallow-merged onto
   * (`inherits: 1` in `v2.yaml`); kept on the resolved definition for traceability.
   */
  inherits?: number;
  /** Added by the registry: rules of the text that have no structured home (copy certification, home visits…). */
  notes?: Array<{ id: string; text: I18n; source?: SourceRef; editorial?: string }>;
}
