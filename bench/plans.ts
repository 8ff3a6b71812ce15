/**
 * bench/plans — query plans and timings of the hot queries on a large applications table.
 * Creates a throwaway PostgreSQL database, fills it with N synthetic applications (default
 * 2,000,000; --rows N) spread over 200,000 applicants and 500 provider bodies with 3 % still
 * open, then prints EXPLAIN (ANALYZE, BUFFERS) for:
 *   1. an applicant's cabinet (newest first, first page),
 *   2. a provider's open work by due date,
 *   3. the overdue sweep,
 * and the same queries' times as a ratio to a primary-key lookup (the floor).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/db/migrate.ts';
import { openPostgres } from '../src/db/db.ts';

const i = process.argv.indexOf('--rows');
const ROWS = i >= 0 ? Number(process.argv[i + 1]) : 2_000_000;
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `qyzmet_plans_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const u = new URL(ADMIN);
u.pathname = `/${name}`;
const db = await openPostgres(u.toString(), 2);
try {
  await migrate(db);
  const t0 = Date.now();
  await db.exec(`
    INSERT INTO users (id, iin, surname, given_name, password_hash, roles)
    SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, lpad(g::text, 12, '0'), 'S', 'G', 'x', '{citizen}'
      FROM generate_series(1, 200000) g;
    INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form,
                              filed_at, due_date, provider_org)
    SELECT gen_random_uuid(), 'N' || g, 'archival-reference', 2, 'portal',
           ('00000000-0000-7000-8000-' || lpad(to_hex(1 + g % 200000), 12, '0'))::uuid, lpad((1 + g % 200000)::text, 12, '0'),
           CASE WHEN g % 100 < 3 THEN 'in-progress' ELSE 'issued' END, '{}'::jsonb,
           now() - make_interval(secs => (${ROWS} - g) * 15), (now() - make_interval(secs => (${ROWS} - g) * 15))::date + 15,
           'provider-' || (g % 500)
      FROM generate_series(1, ${ROWS}) g;
    ANALYZE;`);
  console.log(`filled ${ROWS.toLocaleString()} applications in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const queries: Array<[string, string, unknown[]]> = [
    ['floor: primary-key lookup', 'SELECT id, number, status FROM applications WHERE number = $1', ['N12345']],
    ['cabinet: my applications, newest first', 'SELECT id, number, status, due_date FROM applications WHERE applicant_id = $1 ORDER BY filed_at DESC, id DESC LIMIT 20', ['00000000-0000-7000-8000-000000000abc']],
    [
      "provider's open work by due date",
      "SELECT id, number, status, due_date FROM applications WHERE provider_org = $1 AND status IN ('submitted','delivered','registered','in-progress','extended','returned','awaiting-payment','awaiting-second-applicant') ORDER BY due_date, id LIMIT 50",
      ['provider-1'],
    ],
    [
      'overdue sweep',
      "SELECT id, number, due_date FROM applications WHERE due_date < current_date AND status IN ('submitted','delivered','registered','in-progress','extended','returned','awaiting-payment','awaiting-second-applicant') ORDER BY due_date, id LIMIT 500",
      [],
    ],
  ];
  const times: number[] = [];
  for (const [label, sql, params] of queries) {
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    const runs = 200;
    const t = performance.now();
    for (let k = 0; k < runs; k++) await db.query(sql, params);
    const ms = (performance.now() - t) / runs;
    times.push(ms);
    console.log(`\n== ${label}: ${ms.toFixed(3)} ms/query (${(ms / (times[0] as number)).toFixed(1)}× the floor)`);
    for (const r of plan.rows) console.log(`   ${r['QUERY PLAN']}`);
  }
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
