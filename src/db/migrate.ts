/**
 * Plain SQL migrations in src/db/migrations, applied in file-name order, each in
 * its own transaction, recorded in schema_migrations. An advisory lock makes
 * concurrent starts of several server processes safe; `withMigrationLock` holds the same
 * lock around the rest of the start-up writes (definitions, demo data, the CA), so that
 * processes started together on a fresh database seed it once, one after the other.
 *
 * In production the owner role migrates (`npm run db:migrate`, src/cli/migrate.ts) and the server
 * connects as an application role without DDL rights (src/db/roles.ts): with every migration
 * applied, migrate() then only reads schema_migrations; with one pending it fails naming it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_442_001; // arbitrary, stable

export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Only when missing: CREATE … IF NOT EXISTS needs the right to create in the schema, which an application role lacks.
    if (!(await q.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t")).rows[0]?.t)
      await q.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await q.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = readFileSync(join(DIR, f), 'utf8');
      // Both engines accept multi-statement SQL through a simple query without parameters.
      try {
        await q.exec(sql);
      } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code === '42501')
          throw Object.assign(new Error(`migration ${f} needs the schema owner's rights (${err.message}): run \`npm run db:migrate\` as the owner role first`), { code: err.code });
        throw e;
      }
      await q.query('INSERT INTO schema_migrations (version) VALUES ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}

/**
 * Runs `fn` while this process holds the migration lock (PostgreSQL: a transaction on a
 * connection of its own takes the transaction-level advisory lock and stays open until `fn`
 * ends; `fn` itself uses the pool as usual and must not call `migrate`). A second process
 * waits here until the first is done, then finds everything seeded. PGlite has one connection
 * and one process per data directory: `fn` just runs.
 */
export async function withMigrationLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (db.engine !== 'postgres') return fn();
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    return fn();
  });
}
