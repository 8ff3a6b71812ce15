/**
 * bench/gateway — gateway round trips per second against the simulated persons DB
 * (`getPerson` for random IINs), on PGlite and on PostgreSQL, with a same-run baseline:
 * the very same lookup (same SQL, named prepared statement, same row mapping) as a direct
 * query, on the same database. The ratio is the cost of the gateway itself: request
 * validation, envelopes, circuit breaker, per-attempt timeout, fault-injection check and
 * the (batched) call-log row written for every call.
 *
 *   npx tsx bench/gateway.ts                        # both engines, 3 alternating rounds of 5 s
 *   npx tsx bench/gateway.ts --seconds 10 --rounds 5 --concurrency 32 --persons 50000 --engines postgres
 *   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { GET_PERSON_SQL, personFromRow } from '../src/registries/persons/index.ts';
import { createStateGateway, seedPopulation } from '../src/registries/index.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '5'));
const CONCURRENCY = Number(arg('concurrency', '16'));
const PERSONS = Number(arg('persons', '20000'));
const ENGINES = arg('engines', 'pglite,postgres').split(',');
/** Direct and gateway measurements alternate, `ROUNDS` times each; medians are reported (robust on a busy machine). */
const ROUNDS = Number(arg('rounds', '3'));
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

interface Result {
  ops: number;
  perSec: number;
  p50: number;
  p99: number;
}

async function measure(seconds: number, concurrency: number, op: () => Promise<void>): Promise<Result> {
  // warm-up
  for (let i = 0; i < 200; i++) await op();
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        await op();
        lat.push(performance.now() - s);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return { ops: lat.length, perSec: lat.length / elapsed, p50: q(0.5), p99: q(0.99) };
}

async function run(engine: string) {
  let db: Db;
  let cleanup = async () => {};
  if (engine === 'pglite') {
    db = await openPglite(null);
  } else {
    const name = `qyzmet_bench_gw_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(ADMIN);
    u.pathname = `/${name}`;
    db = await openPostgres(u.toString(), CONCURRENCY);
    cleanup = async () => {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  try {
    await migrate(db);
    const t = performance.now();
    await seedPopulation(db, { persons: PERSONS, seed: 42 });
    const seedS = (performance.now() - t) / 1000;
    const iins = (await db.query<{ iin: string }>('SELECT iin FROM gbdfl_persons')).rows.map((r) => r.iin);
    const pick = () => iins[Math.floor(Math.random() * iins.length)] as string;

    const gw = createStateGateway(db, {}, {});
    const meta = { sender: 'qyzmet-bench', purpose: 'bench', actorId: 'bench' };
    const directOp = async () => {
      const r = await db.query<Record<string, unknown>>(GET_PERSON_SQL, [pick()], 'gbdfl_get_person');
      if (!r.rows[0]) throw new Error('missing person');
      personFromRow(r.rows[0]);
    };
    const gatewayOp = async () => {
      const r = await gw.send('persons', 'getPerson', { iin: pick() }, meta);
      if (r.status !== 'ok') throw new Error('missing person');
    };
    const rounds: Array<{ direct: Result; viaGateway: Result }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      const d = await measure(SECONDS, CONCURRENCY, directOp);
      const g = await measure(SECONDS, CONCURRENCY, gatewayOp);
      rounds.push({ direct: d, viaGateway: g });
    }
    const med = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)] as T;
    const direct = med(rounds.map((r) => r.direct), (r) => r.perSec);
    const viaGateway = med(rounds.map((r) => r.viaGateway), (r) => r.perSec);
    const ratio = med(rounds.map((r) => r.viaGateway.perSec / r.direct.perSec), (x) => x);
    await gw.close();
    return { engine, seedS, direct, viaGateway, ratio, rounds };
  } finally {
    await db.close();
    await cleanup();
  }
}

const fmt = (r: Result) => `${r.perSec.toFixed(0).padStart(7)} /s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   (${r.ops} calls)`;

console.log(`bench/gateway: getPerson for random IINs of ${PERSONS} persons, concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds of ${SECONDS} s (medians)`);
for (const e of ENGINES) {
  const r = await run(e);
  console.log(`\n${e}  (seeded ${PERSONS} persons in ${r.seedS.toFixed(1)} s)`);
  console.log(`  direct SQL   ${fmt(r.direct)}`);
  console.log(`  via gateway  ${fmt(r.viaGateway)}`);
  console.log(`  gateway / direct = ${r.ratio.toFixed(2)}×   (per round: ${r.rounds.map((x) => (x.viaGateway.perSec / x.direct.perSec).toFixed(2)).join(', ')}; every gateway call also wrote its call-log row)`);
}
