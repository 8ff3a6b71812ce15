/**
 * The region a portal test names for a service that organisations of several regions provide
 * (the education departments' references), undefined for the others. Without a region the
 * portal takes it from the applicant's registered address in the persons DB
 * (src/organisations/intake.ts `routePortal`), and a test context without the synthetic
 * population has no address to take: such a submission is 422 REGION_REQUIRED.
 * Astana when it is one of them (the demo citizen's home), else the first.
 */
import type { Organisations } from '../../src/organisations/organisations.ts';

export function regionFor(orgs: Organisations, code: string): string | undefined {
  const regions = [...new Set(orgs.providersOf(code).map((o) => o.region))];
  if (regions.length < 2 || regions.includes(null)) return undefined;
  return regions.includes('astana') ? 'astana' : (regions[0] as string);
}
