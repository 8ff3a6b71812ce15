/**
 * bench/audit — what the audit chain (migration 010) costs writers on PostgreSQL: transactions/s
 * of many concurrent clients that each write one row to a plain table and one audit row and
 * commit (the shape of a login, a consent or a status change), with
 *   - no chain      the link trigger disabled (the log before migration 010),
 *   - 1 chain       every writer's commit serialised on one head,
 *   - N chains      a free head taken with SKIP LOCKED (16 is what migration 010 creates).
 * Rounds alternate between the settings on one database, so the machine's drift hits each alike.
 *
 *   npx tsx bench/audit.ts [--seconds 5] [--rounds 3] [--clients 32] [--rows 1] [--chains 1,8,16]
 *   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { writeAudit } from '../src/audit/audit.ts';
import { verifyAuditChain } from '../src/audit/verify.ts';
import { openPostgres } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '5'));
const ROUNDS = Number(arg('rounds', '3'));
const CLIENTS = Number(arg('clients', '32'));
const ROWS = Number(arg('rows', '1'));
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const CHAINS = arg('chains', '1,8,16').split(',').map(Number);

async function main() {
  const name = `qz_bench_audit_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), CLIENTS);
  try {
    await migrate(db);
    await db.exec('CREATE TABLE bench_work (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text)');
    // Shards 1–7 are parked here while a round runs on one chain.
    await db.exec('CREATE TABLE bench_parked (LIKE audit_chain_head)');

    // 0 = no chain; n = shards 0…n-1 in use, the rest parked in bench_parked.
    const most = Math.max(16, ...CHAINS);
    await db.exec(`ALTER TABLE audit_chain_head DISABLE TRIGGER USER; INSERT INTO audit_chain_head (shard, hash) SELECT g, '\\x${'00'.repeat(32)}' FROM generate_series(16, ${most - 1}) g; ALTER TABLE audit_chain_head ENABLE TRIGGER USER`);
    const setMode = async (n: number) => {
      await db.exec('ALTER TABLE audit_chain_head DISABLE TRIGGER USER');
      await db.exec('INSERT INTO audit_chain_head SELECT * FROM bench_parked; DELETE FROM bench_parked');
      await db.exec(`WITH moved AS (DELETE FROM audit_chain_head WHERE shard >= ${Math.max(1, n)} RETURNING *) INSERT INTO bench_parked SELECT * FROM moved`);
      await db.exec('ALTER TABLE audit_chain_head ENABLE TRIGGER USER');
      await db.exec(`ALTER TABLE audit_log ${n === 0 ? 'DISABLE' : 'ENABLE'} TRIGGER audit_log_chain`);
    };

    const round = async () => {
      let done = 0;
      const lat: number[] = [];
      const until = performance.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          while (performance.now() < until) {
            const t0 = performance.now();
            await db.tx(async (q) => {
              await q.query('INSERT INTO bench_work (v) VALUES ($1)', [`c${c}`]);
              for (let r = 0; r < ROWS; r++) await writeAudit(q, { event: 'bench.action', actorId: null, subject: { type: 'bench', id: `c${c}` }, data: { r } });
            });
            lat.push(performance.now() - t0);
            done++;
          }
        }),
      );
      lat.sort((a, b) => a - b);
      return { tps: done / SECONDS, p50: lat[Math.floor(lat.length / 2)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0 };
    };

    const modes = [0, ...CHAINS];
    const label = (n: number) => (n === 0 ? 'no chain' : `${n} chain${n > 1 ? 's' : ''}`);
    const out = new Map<number, Array<{ tps: number; p50: number; p99: number }>>(modes.map((m) => [m, []]));
    await setMode(16);
    await round(); // warm-up
    for (let r = 0; r < ROUNDS; r++)
      for (const m of r % 2 ? [...modes].reverse() : modes) {
        await setMode(m);
        out.get(m)!.push(await round());
      }
    await setMode(most);

    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.log(`\nPostgreSQL, ${CLIENTS} clients, ${ROWS} audit row(s) per transaction, ${ROUNDS} rounds × ${SECONDS} s`);
    const base = med(out.get(0)!.map((x) => x.tps));
    for (const m of modes) {
      const xs = out.get(m)!;
      const tps = med(xs.map((x) => x.tps));
      console.log(
        `  ${label(m).padEnd(9)} ${tps.toFixed(0).padStart(6)} tx/s (${Math.min(...xs.map((x) => x.tps)).toFixed(0)}–${Math.max(...xs.map((x) => x.tps)).toFixed(0)})   p50 ${med(xs.map((x) => x.p50)).toFixed(1)} ms  p99 ${med(xs.map((x) => x.p99)).toFixed(1)} ms   ${((tps / base) * 100).toFixed(0)} % of no chain`,
      );
    }
    // The rows written while the link trigger was off are (rightly) reported as not chained.
    const v = await verifyAuditChain(db);
    const unchained = v.breaks.filter((b) => b.kind === 'not-chained').length;
    console.log(`  verifier: ${v.links} links, ${v.breaks.length - unchained} breaks besides the rows of the no-chain rounds`);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
