/**
 * Process entry: open the database (PGlite in DATA_DIR, or DATABASE_URL), migrate,
 * load service definitions and the calendar, seed demo data (demo mode), start
 * the job worker and the HTTP server. Stops cleanly on SIGINT/SIGTERM.
 */
import { consentPolicy } from './consent/policy.ts';
import { mkdirSync } from 'node:fs';
import { SessionCache } from './accounts/accounts.ts';
import { watchSessionRevocations } from './accounts/session-events.ts';
import { SubmitBatcher } from './applications/batch.ts';
import { NumberAllocator } from './applications/numbering.ts';
import { loadCalendar } from './calendar/calendar.ts';
import { type Config, loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { openDb } from './db/db.ts';
import { migrate, withMigrationLock } from './db/migrate.ts';
import { seedDemo, seedDemoKeystores } from './demo/demo.ts';
import { buildApp } from './http/app.ts';
import { JOB_HANDLERS, JOB_TIMERS } from './jobs/handlers.ts';
import { startWorker } from './jobs/worker.ts';
import { closeMailers } from './notifications/delivery.ts';
import { loadPkiConfig } from './pki/config.ts';
import { createStateGateway } from './registries/index.ts';
import { seedPopulation } from './registries/seed/index.ts';
import { createPki } from './pki/service.ts';
import { loadRegistry } from './registry/registry.ts';
import { syncDefinitions } from './registry/sync.ts';
import { loadOrganisations } from './organisations/organisations.ts';
import { syncOrganisations } from './organisations/sync.ts';

export async function createContext(config = loadConfig()): Promise<AppContext> {
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const registry = await loadRegistry(config.servicesDir);
  const calendar = await loadCalendar(config.calendarFile);
  const orgs = loadOrganisations(config.organisationsDir, registry);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : config.dataDir, poolSize: config.dbPoolSize });
  await migrate(db);
  // Start-up writes under the migration lock: processes started together on a fresh database
  // seed it one after the other (the second finds it done) instead of racing on unique keys.
  const pki = await withMigrationLock(db, async () => {
    await syncDefinitions(db, registry);
    await syncOrganisations(db, orgs);
    if (config.demo) await seedDemo(db);
    const pki = await createPki({ db, config: loadPkiConfig(process.env) });
    if (config.demo) await seedDemoKeystores(db, pki);
    // Demo mode: a synthetic population in the simulated state systems (first start only; ~5 s on PGlite).
    if (config.demo) await seedPopulation(db, { persons: config.demoPopulation, seed: 42 });
    return pki;
  });
  // Every read of a person's data needs a basis: consent, a confirmed close relative, or a law.
  const gateway = createStateGateway(db, { access: consentPolicy });
  return { config, db, registry, orgs, calendar, numbers: new NumberAllocator(db), submits: new SubmitBatcher(db, { inflight: config.submitInflight }), sessions: new SessionCache(config.sessionCacheMs), pki, gateway };
}

/** The start-up line: where it listens and, in demo mode, why only on this machine. */
export function startupMessage(config: Pick<Config, 'host' | 'port' | 'demo' | 'hostExplicit'>): string {
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `Qyzmet is running on http://${shown}:${config.port}`;
  if (!config.demo) return `${base} (listening on ${config.host})`;
  if (!config.hostExplicit)
    return `${base} — demo mode: listening on ${config.host} only, because demo accounts, passwords, keystores and SMS codes are served to anyone who can reach the port; set HOST (e.g. HOST=0.0.0.0) to listen elsewhere`;
  return `${base} — demo mode on HOST=${config.host}: demo accounts, passwords, keystores and SMS codes are served to anyone who can reach it`;
}

async function main() {
  const config = loadConfig();
  const ctx = await createContext(config);
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  // A logout or session revocation on any process evicts from this process's session cache at once.
  const unwatchSessions = await watchSessionRevocations(ctx.db, ctx.sessions);
  const worker = config.workers ? startWorker(ctx, JOB_HANDLERS, undefined, JOB_TIMERS) : null;
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ engine: ctx.db.engine, demo: config.demo, host: config.host, port: config.port, services: ctx.registry.codes().length }, startupMessage(config));
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await worker?.stop();
    closeMailers();
    await ctx.gateway.close();
    await unwatchSessions();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
