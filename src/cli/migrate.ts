/**
 * Apply the migrations, as the schema's owner role, and give the application role its rights.
 *
 *   DATABASE_URL=postgres://qyzmet_owner@db/qyzmet npm run db:migrate -- --app-role qyzmet_app
 *
 * The server may then connect as qyzmet_app: it can change the application's tables but may only
 * SELECT and INSERT the audit log (src/db/roles.ts, src/audit/README.md). Without --app-role it
 * only migrates (PGlite: DATA_DIR; there are no roles there, the append-only triggers guard).
 */
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { grantAppRole, isRoleName } from '../db/roles.ts';

async function main() {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--app-role');
  const role = i >= 0 ? argv[i + 1] : undefined;
  if (argv.some((a) => a.startsWith('--') && a !== '--app-role') || (i >= 0 && (!role || !isRoleName(role)))) {
    process.stderr.write('usage: npm run db:migrate -- [--app-role ROLE]   (ROLE: lower-case letters, digits, _)\n');
    process.exit(2);
  }
  const config = loadConfig();
  if (role && !config.databaseUrl) {
    process.stderr.write('db:migrate: --app-role needs DATABASE_URL (PGlite has no roles)\n');
    process.exit(2);
  }
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : config.dataDir, poolSize: 1 });
  try {
    const applied = await migrate(db);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'no migration pending\n');
    if (role) {
      await grantAppRole(db, role);
      process.stdout.write(`${role}: SELECT, INSERT, UPDATE, DELETE on the application's tables; SELECT, INSERT only on audit_log; SELECT on the audit chain\n`);
    }
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`db:migrate: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
