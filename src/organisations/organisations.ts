/**
 * Organisations as data: `organisations/*.yaml` (one file per region, `national.yaml` for bodies of
 * republican jurisdiction), validated at load with a zod schema and against the service registry,
 * mirrored into the `organisations` table at start (sync.ts). See README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { compileHours, type WorkingHours as WorkTimeHours } from '../calendar/worktime.ts';
import { REGION_CODES, type Region } from '../regions.ts';
import { REPO_ROOT } from '../registry/loader.ts';
import type { Registry } from '../registry/registry.ts';
import type { Condition, I18n } from '../registry/types.ts';

export const ORGANISATIONS_DIR = join(REPO_ROOT, 'organisations');

/**
 * - `provider`: works applications (the back office): a ministry committee, a department, an
 *   archive, a civil-registry division of an akimat, an education department.
 * - `centre`: a public service centre (a branch of the State Corporation): a front office.
 * - `akimat`: the office of an akim (ЖАО/МИО) acting as a front office for a provider.
 * - `quality-authority`: the authorised body for evaluating the quality of public services.
 * - `operator`: whoever runs this platform.
 */
export const ORG_KINDS = ['provider', 'centre', 'akimat', 'quality-authority', 'operator'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Opening hours (local time) when they differ from the default office day (`DEFAULT_OFFICE_HOURS`). */
export interface WorkingHours {
  from: string;
  until: string;
  lunch?: { from: string; until: string };
  saturday?: { from: string; until: string };
}

/**
 * The working day of an organisation that declares no `hours` (a provider: a department, an
 * archive, a civil-registry division): 09:00–18:00 with lunch 13:00–14:00, the hours the seed
 * gives for the authorised body (digest §2.1, 004 cl.21 L92–93). Step limits in minutes and
 * hours count only these (src/tasks/runtime.ts `stepTimes`).
 */
export const DEFAULT_OFFICE_HOURS: Readonly<WorkingHours> = Object.freeze({ from: '09:00', until: '18:00', lunch: Object.freeze({ from: '13:00', until: '14:00' }) });

const toWorkTime = (h: WorkingHours): WorkTimeHours =>
  Object.freeze({ from: h.from, until: h.until, ...(h.lunch ? { breaks: [h.lunch] } : {}), ...(h.saturday ? { saturday: h.saturday } : {}) });
const DEFAULT_WORK_TIME = toWorkTime(DEFAULT_OFFICE_HOURS);
const workTimeOf = new WeakMap<Organisation, WorkTimeHours>();

/**
 * The hours whose time a step's limit counts when this organisation's staff work it: its own
 * `hours` (a centre 09:00–20:00, six days), else `DEFAULT_OFFICE_HOURS`; the same object for the
 * same organisation, so the compiled schedule is cached.
 */
export function officeHours(org: Organisation | null): WorkTimeHours {
  if (!org?.hours) return DEFAULT_WORK_TIME;
  let h = workTimeOf.get(org);
  if (!h) workTimeOf.set(org, (h = toWorkTime(org.hours)));
  return h;
}

/** A service an organisation provides; with `when`, only for the applications it holds for (the archive the form names). */
export interface Provision {
  service: string;
  /** In the definitions' condition language, over the form, `$region`, `$district` and `$channel`. */
  when?: Condition;
}

/**
 * A centre that is a branch (issue 11): its timetable decides the acceptance day (002 cl.3),
 * its windows the service groups they call (src/queue). `ordinary`: Mon–Fri 09:00–18:00;
 * `duty` (кезекші бөлім): Mon–Fri 09:00–20:00 and Sat 09:00–13:00; `own`: the `hours` given;
 * `mobile`: a mobile centre on its route, at least 6 working hours in one settlement (004 L30).
 */
export const BRANCH_TIMETABLES = ['ordinary', 'duty', 'own', 'mobile'] as const;
export type BranchTimetable = (typeof BRANCH_TIMETABLES)[number];

export const TIMETABLE_HOURS: Readonly<Record<'ordinary' | 'duty', WorkingHours>> = Object.freeze({
  ordinary: Object.freeze({ from: '09:00', until: '18:00' }),
  duty: Object.freeze({ from: '09:00', until: '20:00', saturday: Object.freeze({ from: '09:00', until: '13:00' }) }),
});

/** A window (оператор терезесі) and the service groups it serves (services/groups.yaml). */
export interface BranchWindow {
  id: string;
  groups: string[];
}

/** A mobile centre's stop: a settlement on a weekday (1 Monday … 6 Saturday), ≥ 6 hours. */
export interface RouteStop {
  weekday: number;
  settlement: I18n;
  from: string;
  until: string;
}

export interface Branch {
  timetable: BranchTimetable;
  windows: BranchWindow[];
  route: RouteStop[];
}

/** The least a mobile centre stays in one settlement (004 L30, digest §2.19), in minutes. */
export const MOBILE_MIN_STOP_MINUTES = 6 * 60;

export interface Organisation {
  id: string;
  kind: OrgKind;
  name: I18n;
  /** `null`: republican jurisdiction (the whole country). */
  region: Region | null;
  /** The district or city of oblast significance within the region (a slug), when it matters. */
  district: string | null;
  parent: string | null;
  /** Providers: the services it works. */
  provides: Provision[];
  /** Centres and akimats: the services they accept applications for (`all`: every service with that channel). */
  frontOfficeFor: string[] | 'all';
  /** Providers: receives its region's applications for its services when no district is named. */
  regionDefault: boolean;
  /** Where a body of republican jurisdiction sits (its working calendar's city), e.g. `astana`. */
  seat: Region | null;
  hours: WorkingHours | null;
  /** Centres that are branches: timetable, windows, route (mobile). */
  branch: Branch | null;
  source?: { doc: string; lines?: string; clause?: string };
  editorial?: string;
  /** The file it comes from, relative to the repository root. */
  file: string;
}

// ------------------------------------------------------------------ schema

const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lowercase slug: letters, digits and single hyphens');
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Text = z.string().trim().min(1);
const I18nSchema = z.object({ kk: Text, ru: Text, en: Text }).strict();
const RegionSchema = z.enum(REGION_CODES as [Region, ...Region[]]);
const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
    z
      .object({
        field: z.string().min(1),
        op: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'present', 'absent']),
        value: z.union([Scalar, z.array(z.union([z.string(), z.number()]))]).optional(),
      })
      .strict(),
  ]),
) as z.ZodType<Condition>;
const Span = z.object({ from: Hhmm, until: Hhmm }).strict();

const OrgSchema = z
  .object({
    id: Slug,
    kind: z.enum(ORG_KINDS),
    name: I18nSchema,
    region: RegionSchema.nullable().optional(),
    district: Slug.optional(),
    parent: Slug.optional(),
    provides: z.array(z.object({ service: Slug, when: ConditionSchema.optional() }).strict()).optional(),
    frontOfficeFor: z.union([z.literal('all'), z.array(Slug).min(1)]).optional(),
    regionDefault: z.boolean().optional(),
    seat: RegionSchema.optional(),
    hours: z.object({ from: Hhmm, until: Hhmm, lunch: Span.optional(), saturday: Span.optional() }).strict().optional(),
    branch: z
      .object({
        timetable: z.enum(BRANCH_TIMETABLES),
        windows: z.array(z.object({ id: z.string().regex(/^[0-9A-Za-z-]{1,10}$/, 'a short window number'), groups: z.array(Slug).min(1) }).strict()).min(1),
        route: z.array(z.object({ weekday: z.number().int().min(1).max(6), settlement: I18nSchema, from: Hhmm, until: Hhmm }).strict()).optional(),
      })
      .strict()
      .optional(),
    source: z.object({ doc: z.string(), lines: z.string().optional(), clause: z.string().optional() }).strict().optional(),
    editorial: z.string().optional(),
  })
  .strict();

const FileSchema = z
  .object({
    /** The region of every organisation in the file (each may override it); absent: national. */
    region: RegionSchema.optional(),
    organisations: z.array(OrgSchema).min(1),
  })
  .strict();

export class OrganisationError extends Error {
  constructor(
    readonly file: string,
    /** JSON pointer into the file, e.g. `/organisations/2/provides/0/service`. */
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${file}: ${path || '/'}: ${detail}`);
    this.name = 'OrganisationError';
  }
}

// ------------------------------------------------------------------ the loaded set

export class Organisations {
  readonly #byId: Map<string, Organisation>;
  readonly #providers = new Map<string, Organisation[]>();

  constructor(readonly list: readonly Organisation[]) {
    this.#byId = new Map(list.map((o) => [o.id, o]));
    for (const o of list) {
      if (o.kind !== 'provider') continue;
      for (const code of new Set(o.provides.map((p) => p.service))) this.#providers.set(code, [...(this.#providers.get(code) ?? []), o]);
    }
  }

  /** The centres that are branches (a `branch` section), in file order. */
  branches(): readonly Organisation[] {
    return this.list.filter((o) => o.branch !== null);
  }

  get(id: string | null | undefined): Organisation | null {
    return id ? (this.#byId.get(id) ?? null) : null;
  }

  /** The providers of a service (any region), in file order. */
  providersOf(code: string): readonly Organisation[] {
    return this.#providers.get(code) ?? [];
  }

  /** Whether `org` accepts applications for the service as a front office (a centre, an akimat) or as its own provider office. */
  takesIntake(org: Organisation, code: string): boolean {
    if (org.kind === 'provider') return org.provides.some((p) => p.service === code);
    if (org.kind !== 'centre' && org.kind !== 'akimat') return false;
    return org.frontOfficeFor === 'all' || org.frontOfficeFor.includes(code);
  }
}

/** Parse and validate one file's text (no registry checks). */
export function parseOrganisationsFile(text: string, file: string): Organisation[] {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) throw new OrganisationError(file, '', `YAML: ${doc.errors[0]?.message}`);
  const parsed = FileSchema.safeParse(doc.toJS({ maxAliasCount: 1000 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OrganisationError(file, `/${issue.path.join('/')}`.replace(/\/$/, ''), issue.message);
  }
  const fileRegion = parsed.data.region ?? null;
  return parsed.data.organisations.map((o) => ({
    id: o.id,
    kind: o.kind,
    name: o.name,
    region: o.region === undefined ? fileRegion : o.region,
    district: o.district ?? null,
    parent: o.parent ?? null,
    provides: (o.provides ?? []).map((p) => ({ service: p.service, ...(p.when ? { when: p.when } : {}) })),
    frontOfficeFor: o.frontOfficeFor ?? [],
    regionDefault: o.regionDefault ?? false,
    seat: o.seat ?? null,
    hours: o.branch && (o.branch.timetable === 'ordinary' || o.branch.timetable === 'duty') && !o.hours ? TIMETABLE_HOURS[o.branch.timetable] : (o.hours ?? null),
    branch: o.branch ? { timetable: o.branch.timetable, windows: o.branch.windows, route: o.branch.route ?? [] } : null,
    ...(o.source ? { source: o.source } : {}),
    ...(o.editorial ? { editorial: o.editorial } : {}),
    file,
  }));
}

function fieldsOfCondition(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => fieldsOfCondition(x, out));
  else if ('any' in c) c.any.forEach((x) => fieldsOfCondition(x, out));
  else if ('not' in c) fieldsOfCondition(c.not, out);
  else out.push(c.field);
  return out;
}

/** Variables a provision's condition may use besides the form's fields. */
export const ROUTING_VARIABLES = ['$region', '$district', '$channel'] as const;

/**
 * The rules the schema cannot express, across files and against the registry: ids unique, parents
 * exist (no cycles), kinds fit their fields, every service named exists and every condition names
 * a field of its form, and every service in the registry has at least one provider.
 */
export function checkOrganisations(list: readonly Organisation[], registry?: Pick<Registry, 'codes' | 'versions'>): void {
  const where = (o: Organisation) => `/organisations/${list.filter((x) => x.file === o.file).indexOf(o)}`;
  const fail = (o: Organisation, path: string, detail: string): never => {
    throw new OrganisationError(o.file, `${where(o)}${path}`, detail);
  };
  const byId = new Map<string, Organisation>();
  for (const o of list) {
    if (byId.has(o.id)) fail(o, '/id', `duplicate organisation id "${o.id}" (also in ${byId.get(o.id)!.file})`);
    byId.set(o.id, o);
  }
  for (const o of list) {
    if (o.parent !== null) {
      if (!byId.has(o.parent)) fail(o, '/parent', `unknown parent "${o.parent}"`);
      const seen = new Set([o.id]);
      for (let p = byId.get(o.parent); p; p = p.parent ? byId.get(p.parent) : undefined) {
        if (seen.has(p.id)) fail(o, '/parent', `a cycle of parents through "${p.id}"`);
        seen.add(p.id);
      }
    }
    if (o.kind === 'provider' && !o.provides.length) fail(o, '/provides', 'a provider provides at least one service');
    if (o.kind !== 'provider' && o.provides.length) fail(o, '/provides', `only a provider provides services (this is a ${o.kind})`);
    if (o.kind !== 'centre' && o.kind !== 'akimat' && (o.frontOfficeFor === 'all' || o.frontOfficeFor.length)) fail(o, '/frontOfficeFor', `only a centre or an akimat is a front office (this is a ${o.kind})`);
    if (o.regionDefault && (o.kind !== 'provider' || o.region === null)) fail(o, '/regionDefault', 'only a provider of a region receives its region by default');
    if (o.district !== null && o.region === null) fail(o, '/district', 'a district lies in a region: set the region');
    if (o.hours)
      try {
        compileHours(officeHours(o));
      } catch (e) {
        if (e instanceof RangeError) fail(o, e.message.startsWith('Saturday') ? '/hours/saturday' : e.message.startsWith('break') ? '/hours/lunch' : '/hours', e.message);
        throw e;
      }
    if (o.branch) checkBranch(o, fail);
    if (!registry) continue;
    const known = new Set(registry.codes());
    o.provides.forEach((p, i) => {
      if (!known.has(p.service)) fail(o, `/provides/${i}/service`, `unknown service "${p.service}"`);
      if (!p.when) return;
      const fields = new Set<string>(ROUTING_VARIABLES);
      for (const d of registry.versions(p.service)) for (const f of d.form.fields) fields.add(f.name);
      for (const f of fieldsOfCondition(p.when)) if (!fields.has(f)) fail(o, `/provides/${i}/when`, `"${f}" is neither a field of ${p.service} nor one of ${ROUTING_VARIABLES.join(', ')}`);
    });
    if (Array.isArray(o.frontOfficeFor))
      o.frontOfficeFor.forEach((c, i) => {
        if (!known.has(c)) fail(o, `/frontOfficeFor/${i}`, `unknown service "${c}"`);
      });
  }
  // Two region defaults for one service in one region would make "no district named" ambiguous.
  const defaults = new Map<string, Organisation>();
  for (const o of list)
    if (o.regionDefault)
      for (const p of o.provides) {
        const k = `${o.region}|${p.service}`;
        if (defaults.has(k)) fail(o, '/regionDefault', `${defaults.get(k)!.id} already receives ${p.service} in ${o.region} by default`);
        defaults.set(k, o);
      }
  if (registry) {
    const provided = new Set(list.flatMap((o) => o.provides.map((p) => p.service)));
    const missing = registry.codes().filter((c) => !provided.has(c));
    if (missing.length) throw new OrganisationError('organisations', '', `no organisation provides ${missing.join(', ')}`);
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const sameSpan = (a?: { from: string; until: string }, b?: { from: string; until: string }) => (!a && !b) || (!!a && !!b && a.from === b.from && a.until === b.until);

/** A branch's own rules: the timetable fits the hours, windows are unique, a mobile centre's stops last ≥ 6 hours. */
function checkBranch(o: Organisation, fail: (o: Organisation, path: string, detail: string) => never): void {
  const b = o.branch!;
  if (o.kind !== 'centre') fail(o, '/branch', `only a centre is a branch (this is a ${o.kind})`);
  if (b.timetable === 'ordinary' || b.timetable === 'duty') {
    const std = TIMETABLE_HOURS[b.timetable];
    const h = o.hours!;
    if (h !== std && (h.from !== std.from || h.until !== std.until || h.lunch || !sameSpan(h.saturday, std.saturday)))
      fail(o, '/hours', `a ${b.timetable} branch keeps ${std.from}–${std.until}${std.saturday ? ` and Saturday ${std.saturday.from}–${std.saturday.until}` : ''} (002 cl.3): leave out hours, or use timetable: own`);
  }
  if (b.timetable === 'own' && !o.hours) fail(o, '/hours', 'a branch with its own timetable states its hours');
  if (b.timetable === 'mobile') {
    if (o.hours) fail(o, '/hours', 'a mobile centre keeps the hours of its route, not hours of its own');
    if (!b.route.length) fail(o, '/branch/route', 'a mobile centre has a route of at least one stop');
    const days = new Set<number>();
    b.route.forEach((s, i) => {
      if (minutes(s.until) - minutes(s.from) < MOBILE_MIN_STOP_MINUTES)
        fail(o, `/branch/route/${i}`, `a stop of ${s.from}–${s.until} is shorter than 6 working hours in one settlement (004 L30)`);
      if (days.has(s.weekday)) fail(o, `/branch/route/${i}/weekday`, `two stops on weekday ${s.weekday}`);
      days.add(s.weekday);
    });
  } else if (b.route.length) fail(o, '/branch/route', 'only a mobile centre has a route');
  const ids = new Set<string>();
  b.windows.forEach((w, i) => {
    if (ids.has(w.id)) fail(o, `/branch/windows/${i}/id`, `duplicate window "${w.id}"`);
    ids.add(w.id);
  });
}

/** Load every `*.yaml` of the directory (default `<repo>/organisations`), validated; the first error stops loading. */
export function loadOrganisations(dir: string = ORGANISATIONS_DIR, registry?: Pick<Registry, 'codes' | 'versions'>): Organisations {
  const abs = resolve(dir);
  const files = readdirSync(abs)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const list: Organisation[] = [];
  for (const f of files) {
    const path = join(abs, f);
    list.push(...parseOrganisationsFile(readFileSync(path, 'utf8'), relative(REPO_ROOT, path).split('\\').join('/')));
  }
  checkOrganisations(list, registry);
  return new Organisations(list);
}
