/**
 * Service groups as data (`services/groups.yaml`): every service of the registry belongs to exactly
 * one group; a ticket is taken for a group and its letter starts the ticket's number; a branch's
 * windows name the groups they call (organisations/*.yaml `branch.windows`). Checked once, at start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { I18n } from '../lib/i18n.ts';
import type { Organisations } from '../organisations/organisations.ts';
import { SERVICES_DIR } from '../registry/loader.ts';
import type { Registry } from '../registry/registry.ts';

export interface ServiceGroup {
  id: string;
  letter: string;
  name: I18n;
  services: string[];
}

const Text = z.string().trim().min(1);
const FileSchema = z
  .object({
    groups: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
            letter: z.string().regex(/^[A-Z]$/),
            name: z.object({ kk: Text, ru: Text, en: Text }).strict(),
            services: z.array(z.string()),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export class ServiceGroups {
  readonly #byId: Map<string, ServiceGroup>;
  readonly #ofService = new Map<string, ServiceGroup>();
  constructor(readonly list: readonly ServiceGroup[]) {
    this.#byId = new Map(list.map((g) => [g.id, g]));
    for (const g of list) for (const s of g.services) this.#ofService.set(s, g);
  }
  get(id: string): ServiceGroup | null {
    return this.#byId.get(id) ?? null;
  }
  /** The group a service's applicants queue in. */
  ofService(code: string): ServiceGroup | null {
    return this.#ofService.get(code) ?? null;
  }
}

/**
 * Parse and check the groups: ids and letters unique, each service in one group, and — given the
 * registry and the organisations — every service of the registry in a group, and every window of
 * every branch naming groups that exist. Throws Error naming the file and what is wrong.
 */
export function loadServiceGroups(opts: { file?: string; registry?: Pick<Registry, 'codes'>; orgs?: Organisations } = {}): ServiceGroups {
  const file = opts.file ?? join(SERVICES_DIR, 'groups.yaml');
  const parsed = FileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: /${parsed.error.issues[0]!.path.join('/')}: ${parsed.error.issues[0]!.message}`);
  const groups = parsed.data.groups;
  const seen = new Map<string, string>();
  const letters = new Set<string>();
  groups.forEach((g, i) => {
    if (groups.findIndex((x) => x.id === g.id) !== i) throw new Error(`${file}: /groups/${i}/id: duplicate group "${g.id}"`);
    if (letters.has(g.letter)) throw new Error(`${file}: /groups/${i}/letter: letter ${g.letter} is used twice`);
    letters.add(g.letter);
    g.services.forEach((s, j) => {
      if (seen.has(s)) throw new Error(`${file}: /groups/${i}/services/${j}: ${s} is already in group ${seen.get(s)}`);
      seen.set(s, g.id);
    });
  });
  if (opts.registry) {
    const codes = new Set(opts.registry.codes());
    for (const [s, g] of seen) if (!codes.has(s)) throw new Error(`${file}: group ${g}: unknown service "${s}"`);
    const missing = [...codes].filter((c) => !seen.has(c));
    if (missing.length) throw new Error(`${file}: no group holds ${missing.join(', ')}`);
  }
  const out = new ServiceGroups(groups);
  if (opts.orgs)
    for (const b of opts.orgs.branches())
      b.branch!.windows.forEach((w, i) => {
        for (const g of w.groups) if (!out.get(g)) throw new Error(`${b.file}: ${b.id} /branch/windows/${i}/groups: unknown service group "${g}" (services/groups.yaml)`);
      });
  return out;
}
