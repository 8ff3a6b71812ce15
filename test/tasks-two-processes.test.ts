/**
 * Task timers fire exactly once when two server processes share one PostgreSQL database (issue 9
 * item 4): 300 open tasks of the archival reference, each past its warning and its due time; two
 * separate processes (test/helpers/task-timer-process.ts) sweep them through the action pipeline.
 * Each task is warned once and escalated once — counted in the audit log, the history and the
 * outbox, with nothing unique to hide a second firing — and both processes took part.
 *
 * PGlite cannot be shared by processes: TEST_DATABASE_URL (npm run test:pg) or a fresh database on
 * the local server (test/helpers/processes.ts), skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { openPostgres, type Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { syncDefinitions } from '../src/registry/sync.ts';
import { sharedPostgres, spawnTsx, type SharedDb } from './helpers/processes.ts';

const SCRIPT = fileURLToPath(new URL('./helpers/task-timer-process.ts', import.meta.url));
const N = 300;
const shared = await sharedPostgres();
const skip = 'skip' in shared ? shared.skip : false;
let db: Db;

before(async () => {
  if (skip) return;
  db = await openPostgres((shared as SharedDb).url, 4);
  await migrate(db);
  await syncDefinitions(db, await loadRegistry(loadConfig({}).servicesDir));
  await db.query("INSERT INTO users (id, iin, surname, given_name, password_hash, roles, org_id) VALUES ('00000000-0000-4000-8000-000000000001', '880515300120', 'T', 'T', 'x', ARRAY['citizen'], NULL)");
  await db.query(
    `INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form, filed_at, provider_org, current_step)
     SELECT md5('a' || i)::uuid, 'T-' || i, 'archival-reference', 1, 'portal', '00000000-0000-4000-8000-000000000001', '880515300120', 'in-progress', '{}', now() - interval '2 days', 'pavlodar-archives', 'p-decide'
       FROM generate_series(1, ${N}) i`,
  );
  await db.query(
    `INSERT INTO tasks (id, application_id, service_code, channel, step_id, kind, role, org_id, opened_at, due_at, warn_at)
     SELECT md5('t' || i)::uuid, md5('a' || i)::uuid, 'archival-reference', 'portal', 'p-decide', 'decide', 'responsible-executor', 'pavlodar-archives',
            now() - interval '2 days', now() - interval '1 hour', now() - interval '2 hours'
       FROM generate_series(1, ${N}) i`,
  );
});

after(async () => {
  if (skip) return;
  await db?.close();
  await (shared as SharedDb).drop();
});

test('two processes sweep 300 overdue tasks: each is warned once and escalated once, through the pipeline', { skip }, async () => {
  const procs = [0, 1].map(() => spawnTsx(SCRIPT, { env: { DATABASE_URL: (shared as SharedDb).url } }));
  await Promise.all(procs.map((p) => p.waitFor((m) => m.type === 'ready', 60_000)));
  for (const p of procs) p.send({ type: 'go' });
  const done = (await Promise.all(procs.map((p) => p.waitFor((m) => m.type === 'finished', 120_000)))) as unknown as Array<{ pid: number; fired: number }>;
  assert.equal(done[0]!.fired + done[1]!.fired, 2 * N, `fired: ${done.map((d) => d.fired).join(' + ')}`);
  assert.ok(done.every((d) => d.fired > 0), `both processes took part: ${done.map((d) => d.fired).join(', ')}`);
  const audit = (await db.query<{ event: string; n: number; apps: number }>(
    "SELECT event, count(*)::int AS n, count(DISTINCT subject_id)::int AS apps FROM audit_log WHERE event IN ('task.warned', 'task.escalated') GROUP BY event ORDER BY event",
  )).rows;
  assert.deepEqual(audit, [
    { event: 'task.escalated', n: N, apps: N },
    { event: 'task.warned', n: N, apps: N },
  ]);
  const history = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM application_history WHERE reason->>'event' = 'escalated' AND actor_role = 'timer'")).rows[0]!.n;
  assert.equal(history, N, 'one escalation in each history');
  const outbox = (await db.query<{ kind: string; n: number }>("SELECT kind, count(*)::int AS n FROM jobs WHERE kind LIKE 'notify.task-%' GROUP BY kind ORDER BY kind")).rows;
  assert.deepEqual(outbox, [
    { kind: 'notify.task-escalated', n: N },
    { kind: 'notify.task-warning', n: N },
  ]);
  const versions = (await db.query<{ v: number; n: number }>('SELECT version AS v, count(*)::int AS n FROM applications GROUP BY version')).rows;
  assert.deepEqual(versions, [{ v: 2, n: N }], 'each application changed once by the escalation (a warning changes no state people act on)');
});
