/**
 * The case an application makes, at submission: who it is for (the applicant), who lodged it
 * (the submitter and their role), a representative with their power of attorney, the intake
 * branch, and the provider organisation that works it (routing.ts).
 *
 * - On the portal the signer is the applicant and the submitter; no intake branch.
 * - At a front office (a centre operator, a provider's clerk, an akimat officer) the applicant is
 *   the person whose IIN/BIN the form's applicant field (`role: applicant`) holds — or, for a form
 *   without one, `intake.applicantIin` — and their account when they have one (so the application
 *   shows in their cabinet); the member of staff is the submitter, their organisation the intake
 *   branch, and it must take applications for the service (a centre for `centre`, a provider's own
 *   office or an akimat for `provider`).
 */
import type { User } from '../accounts/accounts.ts';
import type { Role } from '../accounts/roles.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { isValidBin, isValidIin } from '../ids/iin.ts';
import { evaluateCondition } from '../registry/conditions.ts';
import type { Channel, ServiceDefinition } from '../registry/types.ts';
import type { Organisation, Organisations } from './organisations.ts';
import { tryRouteProvider } from './routing.ts';

/** What staff add at a front office, beside the form. */
export interface IntakeInput {
  /** The applicant's IIN/BIN when the form has no applicant field (birth, death registration…). */
  applicantIin?: string;
  /** The district of the applicant's case when it decides the provider (default: the intake branch's). */
  district?: string;
  /** A representative applying for the applicant (digest §2.3: a notarised power of attorney). */
  representative?: { iin: string; powerOfAttorney: { number: string; date: string; notary: string } };
}

export interface PowerOfAttorneyRecord {
  number: string;
  date: string;
  notary: string;
  /** Whether it was checked in the unified notary information system (ЕНИС); not yet at intake. */
  checkedInRegistry: boolean;
}

export interface CaseParties {
  applicantIin: string;
  /** The applicant's account, when they have one. */
  applicantId: string | null;
  submitterRole: Role;
  intakeOrg: string | null;
  representativeIin: string | null;
  powerOfAttorney: PowerOfAttorneyRecord | null;
  /** The routed provider (routing.ts): a case that cannot be routed is refused with a 422, never filed unrouted. */
  providerOrg: string;
}

/** The roles that lodge applications at a front office of each kind. */
const INTAKE_ROLE: Record<'centre' | 'provider' | 'akimat', Role> = { centre: 'centre-operator', provider: 'provider-clerk', akimat: 'akimat-officer' };
export const INTAKE_ROLES: readonly Role[] = Object.values(INTAKE_ROLE);

/** The applicant's IIN/BIN as the form holds it: the first applicant field that applies and has a value. */
export function formApplicant(def: Pick<ServiceDefinition, 'form'>, form: Record<string, unknown>, values: Record<string, unknown> = {}): { field: string; value: string } | null {
  for (const f of def.form.fields) {
    if (f.role !== 'applicant' || (f.type !== 'iin' && f.type !== 'bin')) continue;
    if (f.condition && !evaluateCondition(f.condition.when, { values: { ...values, ...form } })) continue;
    const v = form[f.name];
    if (typeof v === 'string' && v.trim()) return { field: f.name, value: v.trim() };
  }
  return null;
}

/** The intake branch of a member of staff for this service and channel, or 403 NOT_FRONT_OFFICE. */
export function intakeBranch(orgs: Organisations, user: Pick<User, 'orgId' | 'roles'>, code: string, channel: Exclude<Channel, 'portal'>): { org: Organisation; role: Role } {
  const org = orgs.get(user.orgId);
  const fits = org && (channel === 'centre' ? org.kind === 'centre' : org.kind === 'provider' || org.kind === 'akimat');
  if (!org || !fits || !orgs.takesIntake(org, code)) throw new AppError('NOT_FRONT_OFFICE', { path: '/channel', details: { organisation: user.orgId } });
  const role = INTAKE_ROLE[org.kind as 'centre' | 'provider' | 'akimat'];
  if (!user.roles.includes(role)) throw new AppError('FORBIDDEN', { path: '/channel' });
  return { org, role };
}

export async function resolveCase(
  ctx: Pick<AppContext, 'orgs' | 'gateway'>,
  q: Queryable,
  user: User,
  def: ServiceDefinition,
  input: { channel: Channel; form: Record<string, unknown>; region?: string | null; intake?: IntakeInput },
): Promise<CaseParties & { region: string | null }> {
  const form = input.form;
  if (input.channel === 'portal') {
    if (input.intake) throw new AppError('BAD_REQUEST', { path: '/intake', message: { kk: 'Порталда өтініш беруші – қол қоюшының өзі: «intake» тек қызметкерге арналған.', ru: 'На портале заявитель — сам подписывающий: «intake» только для сотрудников.', en: 'On the portal the signer is the applicant: "intake" is for staff only.' } });
    const { providerOrg, region } = await routePortal(ctx, user, def, form, input.region ?? null);
    return { applicantIin: user.iin, applicantId: user.id, submitterRole: 'citizen', intakeOrg: null, representativeIin: null, powerOfAttorney: null, providerOrg, region };
  }
  const { org, role } = intakeBranch(ctx.orgs, user, def.code, input.channel);
  const intake = input.intake ?? {};
  const fromForm = formApplicant(def, form, { $channel: input.channel, $region: input.region ?? org.region });
  const given = intake.applicantIin?.trim();
  if (given !== undefined && !isValidIin(given) && !isValidBin(given)) throw new AppError('INVALID_IIN', { path: '/intake/applicantIin' });
  if (fromForm && given && given !== fromForm.value) throw new AppError('APPLICANT_REQUIRED', { path: '/intake/applicantIin', details: { field: fromForm.field } });
  const applicantIin = fromForm?.value ?? given;
  if (!applicantIin) throw new AppError('APPLICANT_REQUIRED', { path: '/intake/applicantIin' });
  if (applicantIin === user.iin) throw new AppError('APPLICANT_REQUIRED', { path: fromForm ? `/form/${fromForm.field}` : '/intake/applicantIin' });

  const rep = intake.representative;
  if (form.viaRepresentative === true && !rep) throw new AppError('REPRESENTATIVE_REQUIRED', { path: '/intake/representative' });
  if (rep && (!isValidIin(rep.iin) || rep.iin === applicantIin)) throw new AppError('REPRESENTATIVE_REQUIRED', { path: '/intake/representative/iin' });

  // The region of the case: the one given, else the intake branch's; its district when the same region.
  const region = input.region ?? org.region;
  const district = intake.district ?? (region === org.region ? org.district : null);
  // A provider's own office works what it takes in when it provides the service itself.
  const providerOrg =
    org.kind === 'provider' && org.provides.some((p) => p.service === def.code) ? org.id : tryRouteOrThrow(ctx.orgs, def, { region, district, form, channel: input.channel });
  const acc = isValidIin(applicantIin) ? await q.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [applicantIin]) : { rows: [] };
  return {
    applicantIin,
    applicantId: acc.rows[0]?.id ?? null,
    submitterRole: role,
    intakeOrg: org.id,
    representativeIin: rep?.iin ?? null,
    powerOfAttorney: rep ? { ...rep.powerOfAttorney, checkedInRegistry: false } : null,
    providerOrg,
    region,
  };
}

function tryRouteOrThrow(orgs: Organisations, def: ServiceDefinition, input: Parameters<typeof tryRouteProvider>[2]): string {
  const r = tryRouteProvider(orgs, def, input);
  if (!r.ok) throw r.error;
  return r.orgId;
}

/**
 * The provider of a portal application. A region given that no provider serves is the
 * applicant's mistake (422 NO_PROVIDER). A service provided by different organisations in
 * different regions (education departments) needs a region: when none is given, it is the
 * region of the applicant's permanent registration in the persons DB (read through the gateway
 * on the basis of their own data, like the form's prefill); when that is unknown, cannot be read,
 * or no provider serves it, 422 REGION_REQUIRED at `/region` and nothing is written — never an
 * unrouted application that no one's inbox shows.
 */
export async function routePortal(
  ctx: Pick<AppContext, 'orgs' | 'gateway'>,
  user: Pick<User, 'id' | 'iin'>,
  def: ServiceDefinition,
  form: Record<string, unknown>,
  region: string | null,
): Promise<{ providerOrg: string; region: string | null }> {
  const routed = tryRouteProvider(ctx.orgs, def, { region, form, channel: 'portal' });
  if (routed.ok) return { providerOrg: routed.orgId, region };
  if (region !== null || routed.error.opts.path !== '/region') throw routed.error;
  const home = await registeredRegion(ctx, user, def);
  const derived = home.region ? tryRouteProvider(ctx.orgs, def, { region: home.region, form, channel: 'portal' }) : null;
  if (derived?.ok) return { providerOrg: derived.orgId, region: home.region };
  const regions = [...new Set(ctx.orgs.providersOf(def.code).map((o) => o.region).filter((r): r is NonNullable<typeof r> => r !== null))].sort();
  throw new AppError('REGION_REQUIRED', {
    path: '/region',
    details: { service: def.code, regions, registeredRegion: home.region, reason: home.region ? 'not-served' : home.reason },
  });
}

/** The region of the person's permanent registration (persons DB), or why it is not known. */
async function registeredRegion(
  ctx: Pick<AppContext, 'gateway'>,
  user: Pick<User, 'id' | 'iin'>,
  def: Pick<ServiceDefinition, 'code'>,
): Promise<{ region: string | null; reason: 'no-registration' | 'unavailable' | null }> {
  try {
    const r = await ctx.gateway.send('persons', 'getPerson', { iin: user.iin }, { sender: 'qyzmet-portal', purpose: def.code, actorId: user.id, self: { iin: user.iin } });
    const region = r.status === 'ok' ? (r.data.address?.region ?? null) : null;
    return region ? { region, reason: null } : { region: null, reason: 'no-registration' };
  } catch (e) {
    // The persons DB unavailable (or the read refused): the applicant can still name the region.
    if (e instanceof AppError) return { region: null, reason: 'unavailable' };
    throw e;
  }
}
