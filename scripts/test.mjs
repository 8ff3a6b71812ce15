#!/usr/bin/env node
// Runs every test/**/*.test.ts with node's own test runner (tsx loader).
//   npm test              → embedded PGlite (in memory) for database tests
//   npm test -- --pg      → also against a real PostgreSQL server: creates a fresh
//                           database qyzmet_ci_<random> on $PG_ADMIN_URL (default
//                           postgres://postgres@127.0.0.1:5432/postgres), drops it after.
//   npm test -- --only browser   → only files whose path contains "browser"
// Node 20 does not expand globs, so the file list is built here.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrerequisites } from './prerequisites.mjs';

const args = process.argv.slice(2);
const pg = args.includes('--pg');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : null;
const skipIdx = args.indexOf('--skip');
const skip = skipIdx >= 0 ? args[skipIdx + 1] : null;

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
let files = walk('test').sort();
if (only) files = files.filter((f) => f.includes(only));
if (skip) files = files.filter((f) => !f.includes(skip));
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}

// Before any test: what the suite needs from the system (installs it when root, else one line and stop).
ensurePrerequisites();

const env = { ...process.env };
let dbName = null;
let admin = null;
if (pg) {
  const pgMod = await import('pg');
  admin = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  dbName = `qyzmet_ci_${randomBytes(4).toString('hex')}`;
  const c = new pgMod.default.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${dbName}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  env.TEST_DATABASE_URL = u.toString();
  console.log(`# real PostgreSQL: database ${dbName}`);
} else {
  delete env.TEST_DATABASE_URL;
}

const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--import', 'tsx', ...files], { stdio: 'inherit', env });

if (pg && dbName) {
  const pgMod = await import('pg');
  const c = new pgMod.default.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await c.end();
}
process.exit(r.status ?? 1);
