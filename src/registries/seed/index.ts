/**
 * seedPopulation(db, {persons, seed}) — loads the deterministic synthetic population into
 * the simulated state systems' tables. Idempotent: a second call (or a second process at
 * the same time — an advisory lock serialises them) finds the registries_seed row and does
 * nothing. Everything is written in ONE transaction, so a crash leaves no half population.
 *
 * Writing: one multi-row INSERT … SELECT FROM unnest($1::text[], …) per batch of rows
 * (a named prepared statement per table on PostgreSQL), which both engines accept.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { addDemoFamilies } from './demo-families.ts';
import { isElectronicRecord } from '../civil-registry/index.ts';
import { type GPerson, isoOf, Generator as PopulationGenerator, type Population } from './generate.ts';

export const DEFAULT_SEED = 42;
export const DEFAULT_PERSONS = 10_000;
/** The synthetic population's "today" (fixed, so the same seed gives the same data on any day). */
export const DEFAULT_AS_OF = '2026-11-01';
const LOCK_KEY = 7_442_003;

export type SeedPhase = 'generate' | 'addresses' | 'persons' | 'registrations' | 'family links' | 'acts' | 'participants' | 'entities' | 'powers of attorney' | 'indexes' | 'done';

export interface SeedProgress {
  phase: SeedPhase;
  /** Rows (or, while generating, persons) done so far / in all. */
  done: number;
  total: number;
}

export interface SeedOptions {
  persons?: number;
  seed?: number;
  asOf?: string;
  onProgress?: (p: SeedProgress) => void;
  /** Rows per INSERT statement. */
  batchSize?: number;
}

export interface SeedResult {
  /** false when the registries were already seeded (nothing was done). */
  seeded: boolean;
  seed: number;
  persons: number;
  asOf: string;
  counts: Record<string, number>;
  generateMs: number;
  durationMs: number;
}

type ColType = 'text' | 'int8' | 'bool' | 'date' | 'jsonb' | 'text[]';
type Col = readonly [string, ColType];

function insertSql(table: string, cols: readonly Col[]): string {
  const params = cols.map(([, t], i) => `$${i + 1}::${t === 'int8' ? 'int8' : t === 'bool' ? 'bool' : 'text'}[]`);
  const sel = cols.map(([, t], i) => (t === 'date' || t === 'jsonb' || t === 'text[]' ? `c${i}::${t}` : `c${i}`));
  return `INSERT INTO ${table} (${cols.map((c) => c[0]).join(', ')}) SELECT ${sel.join(', ')} FROM unnest(${params.join(', ')}) AS u(${cols.map((_, i) => `c${i}`).join(', ')})`;
}

/** One element of a PostgreSQL array literal. */
function arrayElement(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return `"${/["\\]/.test(s) ? s.replace(/["\\]/g, '\\$&') : s}"`;
}

/**
 * Insert rows in batches of `batch`, one statement per batch. Each column travels as one array
 * literal built here while the previous batch is still executing (one statement in flight).
 */
async function bulk<T>(q: Queryable, table: string, cols: readonly Col[], items: Iterable<T>, row: (t: T) => unknown[], batch: number, tick: (n: number) => void): Promise<number> {
  const sql = insertSql(table, cols);
  const n = cols.length;
  let buf: string[][] = cols.map(() => []);
  let size = 0;
  let total = 0;
  let inflight: Promise<void> | null = null;
  const flush = async () => {
    if (!size) return;
    const params = buf.map((c) => `{${c.join(',')}}`);
    const rows = size;
    buf = cols.map(() => []);
    size = 0;
    if (inflight) await inflight;
    inflight = q.query(sql, params, `seed_${table}`).then(() => {
      total += rows;
      tick(rows);
    });
    inflight.catch(() => {}); // awaited below; this only avoids an "unhandled" warning meanwhile
  };
  for (const it of items) {
    const v = row(it);
    for (let c = 0; c < n; c++) (buf[c] as string[]).push(arrayElement(v[c]));
    if (++size >= batch) await flush();
  }
  await flush();
  if (inflight) await inflight;
  return total;
}

export { isoOf };

const d = (day: number | null) => (day === null ? null : isoOf(day));

function* participants(pop: Population): Generator<[number, string, string]> {
  for (const a of pop.acts) {
    const seen = new Set<string>();
    for (const [iin, role] of a.parts) {
      const k = `${iin}/${role}`;
      if (seen.has(k)) continue;
      seen.add(k);
      yield [a.id, iin, role];
    }
  }
}

function* registrations(pop: Population): Generator<[GPerson, number]> {
  for (const p of pop.persons) for (let i = 0; i < p.regs.length; i++) yield [p, i];
}

const LOADED_TABLES = ['addr_addresses', 'gbdfl_persons', 'gbdfl_registrations', 'gbdfl_family_links', 'zags_acts', 'zags_participants', 'gbdul_entities', 'enis_powers_of_attorney'];

/** Drop the loaded tables' non-primary-key indexes and foreign keys; returns the DDL that recreates them. */
async function dropSecondaryIndexes(q: Queryable): Promise<string[]> {
  const idx = (
    await q.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))
       ORDER BY i.indexname`,
      [LOADED_TABLES],
    )
  ).rows;
  const fks = (
    await q.query<{ tbl: string; name: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.contype = 'f' AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
         AND c.conrelid::regclass::text = ANY($1::text[])
       ORDER BY c.conname`,
      [LOADED_TABLES],
    )
  ).rows;
  for (const f of fks) await q.exec(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.name}`);
  for (const i of idx) await q.exec(`DROP INDEX ${i.name}`);
  return [...idx.map((i) => i.def), ...fks.map((f) => `ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.name} ${f.def}`)];
}

/** Generate the population in memory (no database): for tests and tools. */
export function generatePopulation(opts: { persons: number; seed: number; asOf?: string; addressIdBase?: number; actIdBase?: number; onProgress?: (n: number) => void }) {
  const g = new PopulationGenerator({ persons: opts.persons, seed: opts.seed, asOf: opts.asOf ?? DEFAULT_AS_OF, ...(opts.addressIdBase ? { addressIdBase: opts.addressIdBase } : {}), ...(opts.actIdBase ? { actIdBase: opts.actIdBase } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  const demo = addDemoFamilies(g);
  g.households();
  g.finish();
  return { pop: g.pop, demo, generator: g };
}

export async function seedPopulation(db: Db, opts: SeedOptions = {}): Promise<SeedResult> {
  const persons = Math.max(1, Math.floor(opts.persons ?? DEFAULT_PERSONS));
  const seed = Math.floor(opts.seed ?? DEFAULT_SEED);
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  const batch = opts.batchSize ?? 5000;
  const progress = opts.onProgress ?? (() => {});
  const t0 = performance.now();

  const already = async (q: Queryable): Promise<SeedResult | null> => {
    const r = await q.query<{ seed: number; persons: number; as_of: string }>('SELECT seed, persons, as_of FROM registries_seed');
    const row = r.rows[0];
    return row ? { seeded: false, seed: row.seed, persons: row.persons, asOf: row.as_of, counts: {}, generateMs: 0, durationMs: performance.now() - t0 } : null;
  };
  const first = await already(db);
  if (first) return first;

  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const again = await already(q);
    if (again) return again;

    // Ids already taken (e.g. acts registered through the gateway before seeding).
    const bases = (
      await q.query<{ a: number; z: number }>('SELECT (SELECT coalesce(max(id), 0) FROM addr_addresses)::int8 AS a, (SELECT coalesce(max(id), 0) FROM zags_acts)::int8 AS z')
    ).rows[0] as { a: number; z: number };

    const tg = performance.now();
    progress({ phase: 'generate', done: 0, total: persons });
    const { pop } = generatePopulation({ persons, seed, asOf, addressIdBase: bases.a, actIdBase: bases.z, onProgress: (n) => progress({ phase: 'generate', done: n, total: persons }) });
    progress({ phase: 'generate', done: pop.persons.length, total: persons });
    const generateMs = performance.now() - tg;

    const regCount = pop.persons.reduce((a, p) => a + p.regs.length, 0);
    const partCount = pop.acts.reduce((a, x) => a + x.parts.length, 0);
    const total = pop.addresses.length + pop.persons.length + regCount + pop.links.length + pop.acts.length + partCount + pop.entities.length + pop.poas.length;
    let done = 0;
    const tick = (phase: SeedPhase) => (n: number) => {
      done += n;
      progress({ phase, done, total });
    };

    // Bulk load into empty tables: drop the secondary indexes and the foreign key first and
    // build them again at the end (one sort instead of millions of B-tree inserts). The
    // definitions are read from the catalog, so they always match the migration.
    const deferred = bases.z === 0 && bases.a === 0 ? await dropSecondaryIndexes(q) : [];

    const counts: Record<string, number> = {};
    counts.addresses = await bulk(
      q,
      'addr_addresses',
      [['id', 'int8'], ['region', 'text'], ['district_kk', 'text'], ['district_ru', 'text'], ['locality_kk', 'text'], ['locality_ru', 'text'], ['locality_kind', 'text'], ['street_kk', 'text'], ['street_ru', 'text'], ['house', 'text'], ['flat', 'text']],
      pop.addresses,
      (a) => [a.id, a.region, a.district?.kk ?? null, a.district?.ru ?? null, a.loc.kk, a.loc.ru, a.loc.kind, a.street?.kk ?? null, a.street?.ru ?? null, a.house, a.flat],
      batch,
      tick('addresses'),
    );
    counts.persons = await bulk(
      q,
      'gbdfl_persons',
      [['iin', 'text'], ['surname', 'text'], ['given_name', 'text'], ['patronymic', 'text'], ['birth_surname', 'text'], ['birth_date', 'date'], ['sex', 'text'], ['birth_country', 'text'], ['birth_region', 'text'], ['birth_locality', 'text'], ['citizenship', 'text'], ['nationality', 'text'], ['death_date', 'date']],
      pop.persons,
      (p) => [p.iin, p.surname, p.given, p.patr, p.birthSurname, d(p.bd), p.sex, p.bCountry, p.bRegion, p.bLoc, p.cit, p.nat, d(p.death)],
      batch,
      tick('persons'),
    );
    counts.registrations = await bulk(
      q,
      'gbdfl_registrations',
      [['iin', 'text'], ['address_id', 'int8'], ['kind', 'text'], ['registered_from', 'date'], ['registered_to', 'date']],
      registrations(pop),
      ([p, i]) => {
        const r = p.regs[i] as GPerson['regs'][number];
        return [p.iin, r.addr, r.kind, d(r.from), d(r.to)];
      },
      batch,
      tick('registrations'),
    );
    counts.familyLinks = await bulk(
      q,
      'gbdfl_family_links',
      [['iin', 'text'], ['relative_iin', 'text'], ['relation', 'text'], ['basis', 'text'], ['since', 'date'], ['until', 'date']],
      pop.links,
      (l) => [l.iin, l.rel, l.relation, l.basis, d(l.since), d(l.until)],
      batch,
      tick('family links'),
    );
    counts.acts = await bulk(
      q,
      'zags_acts',
      [['id', 'int8'], ['kind', 'text'], ['act_number', 'text'], ['act_date', 'date'], ['registering_body', 'text'], ['electronic', 'bool'], ['details', 'jsonb']],
      pop.acts,
      (a) => [a.id, a.kind, a.number, d(a.date), a.body, isElectronicAct(a.kind, a.date), a.details ? JSON.stringify(a.details) : null],
      batch,
      tick('acts'),
    );
    counts.participants = await bulk(q, 'zags_participants', [['act_id', 'int8'], ['iin', 'text'], ['role', 'text']], participants(pop), (x) => x, batch, tick('participants'));
    counts.entities = await bulk(
      q,
      'gbdul_entities',
      [['bin', 'text'], ['name_kk', 'text'], ['name_ru', 'text'], ['form_kk', 'text'], ['form_ru', 'text'], ['registered_on', 'date'], ['head_iin', 'text'], ['head_name', 'text'], ['address_id', 'int8'], ['oked', 'text'], ['status', 'text'], ['liquidated_on', 'date']],
      pop.entities,
      (e) => [e.bin, e.nameKk, e.nameRu, e.formKk, e.formRu, d(e.registeredOn), e.head?.iin ?? null, e.head ? [e.head.surname, e.head.given, e.head.patr].filter(Boolean).join(' ') : null, e.addr, e.oked, e.status, d(e.liquidatedOn)],
      batch,
      tick('entities'),
    );
    counts.powersOfAttorney = await bulk(
      q,
      'enis_powers_of_attorney',
      [['number', 'text'], ['principal_id', 'text'], ['representative_iin', 'text'], ['scope', 'text[]'], ['valid_from', 'date'], ['valid_to', 'date'], ['notarised', 'bool'], ['notary_name', 'text'], ['issued_on', 'date'], ['revoked_on', 'date']],
      pop.poas,
      (p) => [p.number, p.principal, p.representative, `{${p.scope.join(',')}}`, d(p.validFrom), d(p.validTo), p.notarised, p.notary, d(p.issuedOn), d(p.revokedOn)],
      batch,
      tick('powers of attorney'),
    );
    progress({ phase: 'indexes', done, total });
    for (const ddl of deferred) await q.exec(ddl);
    // registerAct takes ids from the identity sequence: continue after the seeded ones.
    await q.query(`SELECT setval(pg_get_serial_sequence('zags_acts', 'id'), (SELECT greatest(coalesce(max(id), 0), 1) FROM zags_acts))`);
    const durationMs = performance.now() - t0;
    await q.query('INSERT INTO registries_seed (seed, persons, as_of, duration_ms) VALUES ($1, $2, $3, $4)', [seed, pop.persons.length, asOf, Math.round(durationMs)]);
    progress({ phase: 'done', done: total, total });
    return { seeded: true, seed, persons: pop.persons.length, asOf, counts, generateMs, durationMs };
  });
}

const isElectronicAct = (kind: Parameters<typeof isElectronicRecord>[0], day: number) => isElectronicRecord(kind, isoOf(day));
