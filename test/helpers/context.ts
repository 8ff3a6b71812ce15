/**
 * A fresh, isolated Qyzmet context for one test file:
 * - default: in-memory PGlite;
 * - with TEST_DATABASE_URL (npm test -- --pg): a new schema on the real PostgreSQL
 *   server, dropped on close, so test files can run in parallel.
 */
import { consentPolicy } from '../../src/consent/policy.ts';
import { randomBytes } from 'node:crypto';
import { SessionCache } from '../../src/accounts/accounts.ts';
import { SubmitBatcher } from '../../src/applications/batch.ts';
import { NumberAllocator } from '../../src/applications/numbering.ts';
import { loadCalendar } from '../../src/calendar/calendar.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { openPglite, openPostgres, type Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo, seedDemoKeystores } from '../../src/demo/demo.ts';
import { loadPkiConfig } from '../../src/pki/config.ts';
import { createPki } from '../../src/pki/service.ts';
import { createStateGateway } from '../../src/registries/index.ts';
import { seedPopulation } from '../../src/registries/seed/index.ts';
import { loadRegistry } from '../../src/registry/registry.ts';
import { syncDefinitions } from '../../src/registry/sync.ts';
import { loadOrganisations } from '../../src/organisations/organisations.ts';
import { syncOrganisations } from '../../src/organisations/sync.ts';

export const engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export async function openTestDb(): Promise<Db & { drop: () => Promise<void>; url: string | null }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openPglite(null);
    return Object.assign(db, { drop: () => db.close(), url: null });
  }
  const schema = `t_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgres(u.toString(), 10);
  return Object.assign(db, {
    /** This schema's URL: a second process (another pool) on the same database opens it. */
    url: u.toString(),
    drop: async () => {
      await db.close();
      const a = await openPostgres(url, 1);
      await a.exec(`DROP SCHEMA ${schema} CASCADE`);
      await a.close();
    },
  });
}

export async function makeTestContext(opts: { demo?: boolean; population?: number } = {}): Promise<AppContext & { close: () => Promise<void>; dbUrl: string | null }> {
  const config = { ...loadConfig({}), demo: opts.demo ?? true, workers: false };
  const db = await openTestDb();
  await migrate(db);
  const registry = await loadRegistry(config.servicesDir);
  const calendar = await loadCalendar(config.calendarFile);
  await syncDefinitions(db, registry);
  const orgs = loadOrganisations(config.organisationsDir, registry);
  await syncOrganisations(db, orgs);
  if (config.demo) await seedDemo(db);
  const pki = await createPki({ db, config: loadPkiConfig({ DEMO: 'true', PKI_KEYSTORE_ITERATIONS: '2048' }) });
  if (config.demo) await seedDemoKeystores(db, pki);
  const gateway = createStateGateway(db, { access: consentPolicy }, {});
  if (opts.population) await seedPopulation(db, { persons: opts.population, seed: 42 });
  return {
    config,
    db,
    registry,
    orgs,
    calendar,
    numbers: new NumberAllocator(db),
    submits: new SubmitBatcher(db, { inflight: config.submitInflight }),
    sessions: new SessionCache(config.sessionCacheMs),
    pki,
    gateway,
    dbUrl: db.url,
    close: async () => {
      await gateway.close();
      await db.drop();
    },
  };
}
