import type { WorkCalendar } from './calendar/calendar.ts';
import type { Config } from './config.ts';
import type { SessionCache } from './accounts/accounts.ts';
import type { SubmitBatcher } from './applications/batch.ts';
import type { NumberAllocator } from './applications/numbering.ts';
import type { Db } from './db/db.ts';
import type { Gateway } from './gateway/gateway.ts';
import type { Pki } from './pki/service.ts';
import type { Registry } from './registry/registry.ts';
import type { Organisations } from './organisations/organisations.ts';

/** Everything a request handler or worker needs; built once per process in main.ts (or per test). */
export interface AppContext {
  config: Config;
  db: Db;
  registry: Registry;
  /** Providers, centres and akimats (organisations/*.yaml): routing and staff membership (src/organisations/). */
  orgs: Organisations;
  calendar: WorkCalendar;
  /** Application-number sequence values, allocated in blocks per process. */
  numbers: NumberAllocator;
  sessions: SessionCache;
  /** Group commit of submissions: concurrent ones share a statement (applications/batch.ts). */
  submits: SubmitBatcher;
  /** EDS: certification authority (demo/non-production), trust store, revocation, CMS verification. */
  pki: Pki;
  /** The one way to state information systems (persons, legal entities, notary, civil registry, addresses). */
  gateway: Gateway;
}
