/**
 * bench/backoffice — the back office's hot queries at national scale (issue 9 item 7):
 *   - the inbox (GET /api/v1/tasks's query, src/tasks/tasks.ts `inbox`) with 1,000,000 open
 *     tasks across 200 organisations: p50/p99 over random employees, plain and with filters;
 *   - the timer sweep (src/tasks/timers.ts) with 1,000,000 open tasks: nothing due (the common
 *     turn), and 100 due tasks escalated through the action pipeline.
 * Baseline in the same run: a primary-key read of one task (one index probe + round trip), so
 * the ratios say how many "cheapest possible queries" one inbox page costs.
 *
 *   npm run bench:backoffice                          # 1,000,000 tasks, 2,000 inbox queries
 *   npm run bench:backoffice -- --tasks 200000 --queries 500
 *   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default); a fresh database, dropped after.
 *
 * The rows are made by SQL (generate_series): 1,000,000 applications of the archival reference
 * at the executor's step and one open task each, due over the next 30 days, 200 organisations,
 * three roles; then ANALYZE. The query plans are printed.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { User } from '../src/accounts/accounts.ts';
import { loadCalendar } from '../src/calendar/calendar.ts';
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { openPostgres } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { syncDefinitions } from '../src/registry/sync.ts';
import { inbox } from '../src/tasks/tasks.ts';
import { sweepTaskTimers } from '../src/tasks/timers.ts';

const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const TASKS = arg('tasks', 1_000_000);
const QUERIES = arg('queries', 2000);
const ORGS = 200;
const ROLES = ['provider-clerk', 'provider-head', 'responsible-executor'] as const;
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main() {
  const name = `qyzmet_bench_bo_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 4);
  try {
    await migrate(db);
    const config = loadConfig({});
    const registry = await loadRegistry(config.servicesDir);
    await syncDefinitions(db, registry);
    const calendar = await loadCalendar(config.calendarFile);
    const ctx = { config, db, registry, calendar } as unknown as AppContext;

    const t0 = performance.now();
    await db.query(
      `INSERT INTO users (id, iin, surname, given_name, password_hash, roles, org_id)
       SELECT md5('u' || o || r)::uuid, lpad((o * 10 + r)::text, 12, '0'), 'Bench', 'User', 'x', ARRAY[(ARRAY['provider-clerk','provider-head','responsible-executor'])[r + 1]], 'org-' || o
         FROM generate_series(0, ${ORGS - 1}) o, generate_series(0, 2) r`,
    );
    await db.query(
      `INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form, filed_at, provider_org, current_step)
       SELECT md5('a' || i)::uuid, 'B-' || i, 'archival-reference', 1, 'portal', md5('u00')::uuid, '000000000000', 'in-progress', '{}', now() - interval '1 day', 'org-' || (i % ${ORGS}), 'p-decide'
         FROM generate_series(1, ${TASKS}) i`,
    );
    await db.query(
      `INSERT INTO tasks (id, application_id, service_code, channel, step_id, kind, role, org_id, opened_at, due_at, warn_at)
       SELECT md5('t' || i)::uuid, md5('a' || i)::uuid, 'archival-reference', 'portal', 'p-decide', 'decide',
              (ARRAY['provider-clerk','provider-head','responsible-executor'])[(i / ${ORGS}) % 3 + 1], 'org-' || (i % ${ORGS}),
              now() - interval '1 day', now() + (i % 43200) * interval '1 minute', now() + (i % 43200) * interval '45 seconds'
         FROM generate_series(1, ${TASKS}) i`,
    );
    await db.query('ANALYZE');
    console.log(`# ${TASKS.toLocaleString('en')} open tasks across ${ORGS} organisations, made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const user = (o: number, r: number): User => ({ id: `00000000-0000-4000-8000-${String(o * 10 + r).padStart(12, '0')}`, iin: '0', surname: 'B', givenName: 'U', patronymic: null, roles: [ROLES[r] as never], orgId: `org-${o}` });
    const ids = (await db.query<{ id: string }>('SELECT id FROM tasks ORDER BY random() LIMIT 1000')).rows.map((r) => r.id);

    const time = async (n: number, f: (i: number) => Promise<unknown>) => {
      const out: number[] = [];
      for (let i = 0; i < 50; i++) await f(i); // warm up
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await f(i);
        out.push(performance.now() - s);
      }
      return out;
    };
    const rand = (n: number) => Math.floor(Math.random() * n);
    const base = await time(QUERIES, (i) => db.query('SELECT * FROM tasks WHERE id = $1', [ids[i % ids.length]]));
    const plain = await time(QUERIES, () => inbox(ctx, user(rand(ORGS), rand(3)), { limit: 50 }));
    const overdue = await time(QUERIES, () => inbox(ctx, user(rand(ORGS), rand(3)), { limit: 50, overdue: true }));
    const service = await time(QUERIES, () => inbox(ctx, user(rand(ORGS), rand(3)), { limit: 50, service: 'archival-reference', status: 'in-progress' }));
    let cursor: string | null = null;
    const paging = await time(QUERIES, async (i) => {
      const r: { nextCursor: string | null } = await inbox(ctx, user(7, 2), { limit: 50, cursor: i % 20 === 0 ? undefined : (cursor ?? undefined) });
      cursor = r.nextCursor;
    });

    const rows: Array<[string, number[]]> = [
      ['baseline: one task by primary key', base],
      ['inbox, first page of 50', plain],
      ['inbox, overdue only', overdue],
      ['inbox, service + status filter', service],
      ['inbox, next pages (keyset cursor)', paging],
    ];
    const b99 = pct(base, 99);
    console.log('\n| query | p50 | p99 | p99 / baseline p99 |\n|---|---|---|---|');
    for (const [label, xs] of rows) console.log(`| ${label} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 99))} | ${(pct(xs, 99) / b99).toFixed(1)} |`);
    console.log(`\ntarget: inbox p99 < 20 ms → ${pct(plain, 99) < 20 ? 'met' : 'NOT met'} (${ms(pct(plain, 99))})`);

    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM ((SELECT t.id, t.due_at FROM tasks t JOIN applications a ON a.id = t.application_id
          WHERE t.org_id = 'org-7' AND t.state <> 'closed' AND t.role = 'responsible-executor' AND (t.assignee_id IS NULL OR t.assignee_id = md5('x')::uuid)
          ORDER BY t.due_at, t.id LIMIT 51)) x ORDER BY x.due_at, x.id LIMIT 51`,
    );
    console.log('\ninbox plan:\n' + plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));

    // ---------------------------------------------------------------- timers
    const idle = await time(200, () => sweepTaskTimers(ctx));
    const idlePlan = await db.query<{ 'QUERY PLAN': string }>(
      "EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM tasks WHERE state = 'open' AND escalated_at IS NULL AND due_at <= now() ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED",
    );
    const due: number[] = [];
    for (let round = 0; round < 5; round++) {
      await db.query(`UPDATE tasks SET due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes', warned_at = now() WHERE id IN (SELECT id FROM tasks WHERE state = 'open' AND escalated_at IS NULL ORDER BY id LIMIT 100 OFFSET ${round * 1000})`);
      const s = performance.now();
      const n = await sweepTaskTimers(ctx);
      due.push(performance.now() - s);
      if (n !== 100) throw new Error(`expected 100 escalations, got ${n}`);
    }
    console.log('\n| timer sweep, 1,000,000 open tasks | p50 | p99 / max |\n|---|---|---|');
    console.log(`| nothing due (both timers) | ${ms(pct(idle, 50))} | ${ms(pct(idle, 99))} |`);
    console.log(`| 100 due, each escalated through the pipeline | ${ms(pct(due, 50))} | ${ms(Math.max(...due))} |`);
    console.log(`\ntarget: sweep < 100 ms → ${pct(idle, 99) < 100 && Math.max(...due) < 100 ? 'met' : `idle ${pct(idle, 99) < 100 ? 'met' : 'NOT met'}, with 100 due ${Math.max(...due) < 100 ? 'met' : 'NOT met'}`}`);
    console.log('\nsweep plan:\n' + idlePlan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
