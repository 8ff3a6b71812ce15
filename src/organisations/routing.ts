/**
 * Routing: which organisation works an application, by service, region, district and form. Pure.
 *
 * 1. The service's providers whose provision holds (`when` over the form and `$region`,
 *    `$district`, `$channel`); a provision with a condition that holds is more specific than one
 *    without, and wins (the archive the form names over the department that takes the rest).
 * 2. No region given: exactly one provider → it; all of them in one region → as if that region
 *    were given; exactly one of republican jurisdiction → it.
 * 3. A region: the one provider of the named district; else the region's only provider; else its
 *    only region-level one (no district); else its `regionDefault`; with none in the region, the
 *    one of republican jurisdiction.
 * Anything else is 422 NO_PROVIDER with the path of what is missing or wrong (`/region`,
 * `/district`, `/serviceCode`).
 */
import { AppError } from '../errors/errors.ts';
import { evaluateCondition } from '../registry/conditions.ts';
import type { Channel, ServiceDefinition } from '../registry/types.ts';
import { type Organisation, Organisations } from './organisations.ts';

export interface RouteInput {
  region?: string | null;
  district?: string | null;
  form: Record<string, unknown>;
  channel?: Channel;
}

const noProvider = (path: string, details: Record<string, unknown>) => new AppError('NO_PROVIDER', { path, details });

export function routeProvider(orgs: Organisations | readonly Organisation[], def: Pick<ServiceDefinition, 'code'>, input: RouteInput): string {
  const set = orgs instanceof Organisations ? orgs : new Organisations(orgs);
  const all = set.providersOf(def.code);
  if (!all.length) throw noProvider('/serviceCode', { service: def.code });
  const district = input.district ?? null;
  let region = input.region ?? null;
  if (region === null) {
    const regions = new Set(all.map((o) => o.region));
    if (regions.size === 1 && !regions.has(null)) region = [...regions][0] as string;
  }
  const values = { ...input.form, $region: region, $district: district, $channel: input.channel ?? null };
  // Each provider with the best provision it has for this application: 2 = a condition that holds, 1 = none, 0 = does not hold.
  const scored = all.map((o) => ({
    o,
    score: Math.max(...o.provides.filter((p) => p.service === def.code).map((p) => (!p.when ? 1 : evaluateCondition(p.when, { values }) ? 2 : 0))),
  }));
  const best = Math.max(...scored.map((s) => s.score));
  const matching = scored.filter((s) => s.score === best && best > 0).map((s) => s.o);
  const details = { service: def.code, region, district };
  const one = (xs: readonly Organisation[]) => (xs.length === 1 ? (xs[0] as Organisation).id : null);
  if (!matching.length) throw noProvider('/form', details);

  const national = matching.filter((o) => o.region === null);
  if (region === null) {
    const id = one(matching) ?? one(national);
    if (id) return id;
    throw noProvider('/region', details);
  }
  const inRegion = matching.filter((o) => o.region === region);
  if (!inRegion.length) {
    const id = one(national);
    if (id) return id;
    throw noProvider('/region', details);
  }
  if (district !== null) {
    const inDistrict = inRegion.filter((o) => o.district === district);
    if (inDistrict.length > 1) throw noProvider('/district', details);
    const id = one(inDistrict);
    if (id) return id;
  }
  const id =
    one(inRegion) ??
    one(inRegion.filter((o) => o.district === null)) ??
    one(inRegion.filter((o) => o.regionDefault));
  if (id) return id;
  throw noProvider('/district', details);
}

/** routeProvider's answer as a value: the organisation, or the error it would throw. */
export function tryRouteProvider(orgs: Organisations | readonly Organisation[], def: Pick<ServiceDefinition, 'code'>, input: RouteInput): { ok: true; orgId: string } | { ok: false; error: AppError } {
  try {
    return { ok: true, orgId: routeProvider(orgs, def, input) };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e };
    throw e;
  }
}
