/**
 * Load the synthetic population into the simulated state systems.
 *
 *   npm run seed -- --persons 10000 [--seed 42] [--as-of 2026-11-01] [--reset]
 *
 * Uses DATABASE_URL (PostgreSQL) or the embedded PGlite in DATA_DIR, like the server, and
 * migrates first. Deterministic: the same seed and size give the same data. Does nothing when
 * the registries are already seeded, unless --reset (empties the simulated systems' tables
 * first; the gateway call log is kept). Progress on stderr, a summary on stdout.
 */
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { DEFAULT_AS_OF, DEFAULT_PERSONS, DEFAULT_SEED, type SeedProgress, seedPopulation } from '../registries/seed/index.ts';

const REGISTRY_TABLES = ['zags_participants', 'zags_acts', 'gbdfl_family_links', 'gbdfl_registrations', 'gbdfl_persons', 'gbdul_entities', 'enis_powers_of_attorney', 'addr_addresses', 'registries_seed'];

function args(argv: string[]) {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) out[k] = argv[++i] as string;
    else out[k] = true;
  }
  return out;
}

function usage(msg?: string): never {
  if (msg) process.stderr.write(`seed: ${msg}\n`);
  process.stderr.write('usage: npm run seed -- [--persons 10000] [--seed 42] [--as-of YYYY-MM-DD] [--batch 5000] [--reset]\n');
  process.exit(2);
}

function bar(p: SeedProgress, t0: number): string {
  const width = 30;
  const share = p.total ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(share * width);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const label =
    p.phase === 'generate'
      ? `generating ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} persons`
      : p.phase === 'indexes'
        ? 'building indexes, committing'
        : `${p.phase} — ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows`;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${label} ${secs}s\x1b[K`;
}

async function main() {
  const a = args(process.argv.slice(2));
  if (a.help || a.h) usage();
  const persons = a.persons === undefined ? DEFAULT_PERSONS : Number(a.persons);
  const seed = a.seed === undefined ? DEFAULT_SEED : Number(a.seed);
  const asOf = typeof a['as-of'] === 'string' ? a['as-of'] : DEFAULT_AS_OF;
  const batch = a.batch === undefined ? undefined : Number(a.batch);
  if (!Number.isInteger(persons) || persons < 1 || persons > 20_000_000) usage('--persons must be an integer 1…20 000 000');
  if (!Number.isInteger(seed)) usage('--seed must be an integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) usage('--as-of must be YYYY-MM-DD');
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) usage('--batch must be a positive integer');

  const config = loadConfig();
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : config.dataDir, poolSize: 2 });
  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
  try {
    await migrate(db);
    if (a.reset) {
      await db.exec(`TRUNCATE ${REGISTRY_TABLES.join(', ')}`);
      process.stderr.write('seed: simulated systems emptied (--reset)\n');
    }
    const t0 = performance.now();
    const tty = process.stderr.isTTY;
    let lastDraw = 0;
    let lastPhase = '';
    const r = await seedPopulation(db, {
      persons,
      seed,
      asOf,
      ...(batch ? { batchSize: batch } : {}),
      onProgress: (p) => {
        const now = performance.now();
        if (tty) {
          if (now - lastDraw > 100 || p.phase === 'done') {
            process.stderr.write(bar(p, t0));
            lastDraw = now;
          }
        } else if (p.phase !== lastPhase) {
          process.stderr.write(`seed: ${p.phase}… (${((now - t0) / 1000).toFixed(1)}s)\n`);
        }
        lastPhase = p.phase;
      },
    });
    if (tty) process.stderr.write('\n');
    if (!r.seeded) {
      process.stdout.write(`The simulated state systems in ${where} are already seeded (seed ${r.seed}, ${r.persons} persons, as of ${r.asOf}); nothing to do. Use --reset to reload.\n`);
      return;
    }
    process.stdout.write(
      [
        `Seeded ${where}: ${r.persons.toLocaleString('en')} persons (seed ${r.seed}, as of ${r.asOf}) in ${(r.durationMs / 1000).toFixed(1)} s (generation ${(r.generateMs / 1000).toFixed(1)} s).`,
        ...Object.entries(r.counts).map(([k, v]) => `  ${k.padEnd(18)} ${v.toLocaleString('en').padStart(12)}`),
        '',
      ].join('\n'),
    );
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  process.stderr.write(`\nseed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
