/**
 * The audit log (issue 8, item 13): admin reads of the gateway are audited naming the admin; every
 * row is linked into a hash chain by the database at commit (migration 010), also when many
 * transactions on several connection pools ("processes") write at once; the verifier
 * (`npm run audit:verify`) reports exactly the row that was tampered with; UPDATE, DELETE and
 * TRUNCATE are refused (and, on PostgreSQL, the application role has only SELECT and INSERT).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { findUserByIin } from '../src/accounts/accounts.ts';
import { writeAudit } from '../src/audit/audit.ts';
import { verifyAuditChain } from '../src/audit/verify.ts';
import { type Db, openPglite, openPostgres } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const PG = process.env.TEST_DATABASE_URL;

/** A fresh migrated database; on PostgreSQL a new schema, reachable by `pools` independent pools (processes). */
async function freshDb(pools = 1): Promise<{ dbs: Db[]; url: string | null; schema: string | null; drop: () => Promise<void> }> {
  if (!PG) {
    const db = await openPglite(null);
    await migrate(db);
    return { dbs: [db], url: null, schema: null, drop: () => db.close() };
  }
  const schema = `t_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(PG, 1);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const u = new URL(PG);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const dbs = await Promise.all(Array.from({ length: pools }, () => openPostgres(u.toString(), 10)));
  await migrate(dbs[0]!);
  return {
    dbs,
    url: u.toString(),
    schema,
    drop: async () => {
      for (const d of dbs) await d.close();
      const a = await openPostgres(PG, 1);
      await a.exec(`DROP SCHEMA ${schema} CASCADE`);
      await a.close();
    },
  };
}

const entry = (i: number) => ({
  event: 'test.action',
  actorId: '01890000-0000-7000-8000-000000000001',
  actorRole: 'admin',
  subject: { type: 'thing', id: `t-${i}` },
  reason: `reason ${i} — причина`,
  data: { i, nested: { s: 'ü\n"' } },
});

const idOf = async (db: Db, subjectId: string) => (await db.query<{ id: number }>('SELECT id FROM audit_log WHERE subject_id = $1', [subjectId])).rows[0]!.id;

describe(`the hash chain (${engine})`, () => {
  test('200 concurrent writers on two pools: every committed row is linked once, no two links share a previous one, the chain verifies', async () => {
    const f = await freshDb(2);
    try {
      const before = (await f.dbs[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          f.dbs[i % f.dbs.length]!.tx(async (q) => {
            await writeAudit(q, entry(i));
            if (i % 10 === 0) await writeAudit(q, { ...entry(i), subject: { type: 'thing', id: `t-${i}-b` } });
            // Every 25th transaction fails after writing: its rows and links must leave no trace.
            if (i % 25 === 7) throw new Error('rolled back');
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'rejected').length, 8);
      // A set-based insert (as the submission statement makes) is linked row by row as well.
      await f.dbs[0]!.query(
        `INSERT INTO audit_log (event, actor_id, subject_type, subject_id, data) SELECT 'test.batch', NULL, 'thing', 'b-' || g, jsonb_build_object('g', g) FROM generate_series(1, 50) g`,
      );

      const db = f.dbs[0]!;
      const rows = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
      assert.equal(rows - before, 192 + 20 + 50);
      const links = (await db.query<{ n: number; prevs: number; ids: number }>('SELECT count(*)::int AS n, count(DISTINCT (shard, prev_hash))::int AS prevs, count(DISTINCT audit_id)::int AS ids FROM audit_chain')).rows[0]!;
      assert.equal(links.n, rows);
      assert.equal(links.ids, rows);
      assert.equal(links.prevs, rows, 'two links of one chain chained to the same previous link');
      const r = await verifyAuditChain(db, { pageSize: 37 });
      assert.deepEqual(r.breaks, []);
      assert.equal(r.ok, true);
      assert.equal(r.links, rows);
      // Each shard's links are numbered 1…n without a gap, and its head is its last link.
      for (const h of r.heads) {
        const s = (await db.query<{ n: number; max: number | null }>('SELECT count(*)::int AS n, max(seq) AS max FROM audit_chain WHERE shard = $1', [h.shard])).rows[0]!;
        assert.equal(s.n, h.seq);
        assert.equal(s.max ?? 0, h.seq);
      }
    } finally {
      await f.drop();
    }
  });
});

describe(`tampering is found (${engine})`, () => {
  /** A database with 30 chained rows; `tamper` runs as superuser with the append-only triggers off. */
  async function tampered(tamper: (q: Db, id: (n: number) => Promise<number>) => Promise<void>) {
    const f = await freshDb();
    const db = f.dbs[0]!;
    for (let i = 0; i < 30; i++) await db.tx((q) => writeAudit(q, entry(i)));
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only; ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_forward');
    await tamper(db, (n) => idOf(db, `t-${n}`));
    await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only; ALTER TABLE audit_chain ENABLE TRIGGER audit_chain_append_only; ALTER TABLE audit_chain_head ENABLE TRIGGER audit_chain_head_forward');
    return { f, db, result: await verifyAuditChain(db, { pageSize: 7 }) };
  }

  test('an intact chain verifies', async () => {
    const { f, result } = await tampered(async () => {});
    await f.drop();
    assert.equal(result.ok, true, JSON.stringify(result.breaks));
    assert.ok(result.links >= 30);
  });

  for (const [name, sql] of [
    ['a changed reason', "UPDATE audit_log SET reason = 'nothing happened' WHERE id = $1"],
    ['a changed actor', "UPDATE audit_log SET actor_id = '01890000-0000-7000-8000-000000000002' WHERE id = $1"],
    ['a changed time (one microsecond)', "UPDATE audit_log SET at = at + interval '1 microsecond' WHERE id = $1"],
    ['a changed data field', `UPDATE audit_log SET data = jsonb_set(data, '{i}', '999') WHERE id = $1`],
  ] as const)
    test(`${name}: the verifier names exactly that row`, async () => {
      let target = 0;
      const { f, result } = await tampered(async (db, id) => {
        target = await id(17);
        await db.query(sql, [target]);
      });
      await f.drop();
      assert.equal(result.ok, false);
      assert.equal(result.breaks.length, 1, JSON.stringify(result.breaks));
      assert.equal(result.breaks[0]!.kind, 'content-changed');
      assert.equal(result.breaks[0]!.auditId, target);
    });

  test('a deleted row: its link names it', async () => {
    let target = 0;
    const { f, result } = await tampered(async (db, id) => {
      target = await id(12);
      await db.query('DELETE FROM audit_log WHERE id = $1', [target]);
    });
    await f.drop();
    assert.deepEqual(result.breaks.map((b) => [b.kind, b.auditId]), [['row-missing', target]]);
  });

  test('a row deleted with its link: the gap is reported at the next link of its chain', async () => {
    let target = 0;
    let link = { shard: 0, seq: 0 };
    const { f, result } = await tampered(async (db, id) => {
      target = await id(9);
      link = (await db.query<{ shard: number; seq: number }>('SELECT shard, seq FROM audit_chain WHERE audit_id = $1', [target])).rows[0]!;
      await db.query('DELETE FROM audit_chain WHERE audit_id = $1', [target]);
      await db.query('DELETE FROM audit_log WHERE id = $1', [target]);
    });
    await f.drop();
    assert.equal(result.breaks.length, 1, JSON.stringify(result.breaks));
    assert.equal(result.breaks[0]!.kind, 'seq-gap');
    assert.equal(result.breaks[0]!.shard, link.shard);
    assert.equal(result.breaks[0]!.seq, link.seq + 1);
  });

  test('the last row cut off with its link: the head shows it', async () => {
    const { f, result } = await tampered(async (db) => {
      const last = (await db.query<{ audit_id: number }>('SELECT audit_id FROM audit_chain ORDER BY audit_id DESC LIMIT 1')).rows[0]!.audit_id;
      await db.query('DELETE FROM audit_chain WHERE audit_id = $1', [last]);
      await db.query('DELETE FROM audit_log WHERE id = $1', [last]);
    });
    await f.drop();
    assert.deepEqual(result.breaks.map((b) => b.kind), ['head-mismatch']);
  });

  test('a row slipped in with the chain trigger disabled is not in the chain', async () => {
    let target = 0;
    const { f, result } = await tampered(async (db) => {
      await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain');
      target = (await db.query<{ id: number }>("INSERT INTO audit_log (event, actor_id) VALUES ('auth.login', NULL) RETURNING id")).rows[0]!.id;
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain');
    });
    await f.drop();
    assert.deepEqual(result.breaks.map((b) => [b.kind, b.auditId]), [['not-chained', target]]);
  });

  test('a whole chain recomputed after an edit still differs from a head recorded before', async () => {
    const f = await freshDb();
    const db = f.dbs[0]!;
    try {
      for (let i = 0; i < 5; i++) await db.tx((q) => writeAudit(q, entry(i)));
      const recorded = (await verifyAuditChain(db)).heads;
      assert.equal((await verifyAuditChain(db, { expect: recorded })).ok, true);
      // Someone with the owner's rights rewrites a row and re-links the whole chain consistently.
      await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; ALTER TABLE audit_chain DISABLE TRIGGER USER; ALTER TABLE audit_chain_head DISABLE TRIGGER USER');
      await db.query("UPDATE audit_log SET reason = 'rewritten' WHERE id = $1", [await idOf(db, 't-2')]);
      await db.exec("DELETE FROM audit_chain; UPDATE audit_chain_head SET seq = 0, hash = '\\x0000000000000000000000000000000000000000000000000000000000000000'");
      await db.exec('DO $$ DECLARE a audit_log; BEGIN FOR a IN SELECT * FROM audit_log ORDER BY id LOOP PERFORM audit_chain_append(0::smallint, a); END LOOP; END $$');
      const r = await verifyAuditChain(db);
      assert.equal(r.ok, true, `a consistent rewrite passes on its own: ${JSON.stringify(r.breaks)}`);
      const anchored = await verifyAuditChain(db, { expect: recorded.filter((h) => h.seq > 0) });
      assert.equal(anchored.ok, false);
      assert.ok(anchored.breaks.every((b) => b.kind === 'anchor-mismatch'));
    } finally {
      await f.drop();
    }
  });

  test('npm run audit:verify: exit 0 and the heads on an intact chain, exit 1 naming the row after tampering', async () => {
    const dir = PG ? null : mkdtempSync(join(tmpdir(), 'qz-audit-'));
    let db: Db;
    let drop: () => Promise<void>;
    let env: NodeJS.ProcessEnv;
    if (dir) {
      db = await openPglite(dir);
      await migrate(db);
      drop = async () => rmSync(dir, { recursive: true, force: true });
      env = { ...process.env, DATABASE_URL: '', DATA_DIR: dir };
    } else {
      const f = await freshDb();
      db = f.dbs[0]!;
      drop = f.drop;
      env = { ...process.env, DATABASE_URL: f.url! };
    }
    const run = async () => {
      if (dir) await db.close(); // PGlite: one process at a time
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts'], { env, encoding: 'utf8' });
      if (dir) db = await openPglite(dir);
      return r;
    };
    try {
      for (let i = 0; i < 10; i++) await db.tx((q) => writeAudit(q, entry(i)));
      const ok = await run();
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /audit chain holds: \d+ links in 16 shards/);
      assert.match(ok.stdout, /head \d:\d+:[0-9a-f]{64}/);

      const target = await idOf(db, 't-4');
      await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await db.query("UPDATE audit_log SET event = 'test.nothing' WHERE id = $1", [target]);
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      const broken = await run();
      assert.equal(broken.status, 1, broken.stdout + broken.stderr);
      assert.match(broken.stdout, new RegExp(`BROKEN at audit row ${target}, shard \\d+, seq \\d+: content-changed`));
    } finally {
      if (dir) await db.close();
      await drop();
    }
  });
});

describe(`append-only (${engine})`, () => {
  let f: Awaited<ReturnType<typeof freshDb>>;
  let id = 0;
  before(async () => {
    f = await freshDb();
    await f.dbs[0]!.tx((q) => writeAudit(q, entry(1)));
    id = await idOf(f.dbs[0]!, 't-1');
  });
  after(() => f.drop());

  const refused = async (sql: string, params: unknown[] = [], code = 'QZ010') => {
    await assert.rejects(f.dbs[0]!.query(sql, params), (e: { code?: string }) => e.code === code, sql);
  };

  test('UPDATE, DELETE and TRUNCATE of the audit log and its chain raise, for the owner too', async () => {
    const db = f.dbs[0]!;
    await refused("UPDATE audit_log SET reason = 'x' WHERE id = $1", [id]);
    await refused('DELETE FROM audit_log WHERE id = $1', [id]);
    await refused('TRUNCATE audit_log CASCADE');
    await refused("UPDATE audit_chain SET hash = '\\x00' WHERE audit_id = $1", [id]);
    await refused('DELETE FROM audit_chain WHERE audit_id = $1', [id]);
    await refused('TRUNCATE audit_chain');
    await refused('UPDATE audit_chain_head SET seq = 0');
    await refused('DELETE FROM audit_chain_head');
    await refused('TRUNCATE audit_chain_head');
    assert.equal((await db.query<{ reason: string }>('SELECT reason FROM audit_log WHERE id = $1', [id])).rows[0]!.reason, entry(1).reason);
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  test('on PostgreSQL the application role may only SELECT and INSERT (and the rows it inserts are linked)', { skip: !PG && 'needs TEST_DATABASE_URL' }, async () => {
    const { grantAppRole } = await import('../src/db/roles.ts');
    const db = f.dbs[0]!;
    const role = `qz_app_${randomBytes(4).toString('hex')}`;
    await db.exec(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await grantAppRole(db, role);
      const asApp = <T>(fn: (q: Db) => Promise<T>) =>
        db.tx(async (q) => {
          await q.query(`SET LOCAL ROLE ${role}`);
          return fn(q as Db);
        });
      await asApp((q) => writeAudit(q, entry(2)));
      assert.equal((await asApp((q) => q.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).rows[0]!.n, 2);
      for (const sql of ["UPDATE audit_log SET reason = 'x'", 'DELETE FROM audit_log', 'TRUNCATE audit_log', "UPDATE audit_chain SET hash = '\\x00'", 'DELETE FROM audit_chain', "INSERT INTO audit_chain VALUES (0, 999, 999, '\\x00', '\\x00')", 'UPDATE audit_chain_head SET seq = seq + 1'])
        await assert.rejects(asApp((q) => q.query(sql)), (e: { code?: string }) => e.code === '42501', sql);
      // The rest of the schema is the application's to change.
      await asApp((q) => q.query("UPDATE schema_migrations SET applied_at = applied_at WHERE version = '001_init.sql'"));
      const v = await verifyAuditChain(db);
      assert.equal(v.ok, true, JSON.stringify(v.breaks));
      assert.equal(v.links, 2);
    } finally {
      await db.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});

describe(`who writes audit rows (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
  let token = '';
  let adminId = '';
  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
    token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: admin.iin, password: admin.password } })).json().token;
    adminId = (await findUserByIin(ctx.db, admin.iin))!.id;
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });
  const rows = async (event: string) =>
    (await ctx.db.query<{ actor_id: string; actor_role: string; subject_type: string | null; subject_id: string | null; data: Record<string, unknown> }>(
      'SELECT actor_id, actor_role, subject_type, subject_id, data FROM audit_log WHERE event = $1 ORDER BY id',
      [event],
    )).rows;

  test("an admin's reads of the gateway's systems and messages are audited naming the admin", async () => {
    const { sendMessage } = await import('../src/gateway/async.ts');
    const correlationId = `corr-audit-${Date.now()}`;
    const { messageId } = await ctx.db.tx((q) =>
      sendMessage(ctx.gateway, q, 'persons', 'getPerson', { iin: DEMO_ACCOUNTS[0]!.iin }, { sender: 'qyzmet-provider', purpose: 'audit test', correlationId, legalBasis: 'test: a law that allows the read' }),
    );
    const h = { authorization: `Bearer ${token}` };
    assert.equal((await app.inject({ url: '/api/v1/admin/gateway/systems', headers: h })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/v1/admin/gateway/messages', query: { correlationId }, headers: h })).statusCode, 200);
    assert.equal((await app.inject({ url: `/api/v1/admin/gateway/messages/${messageId}`, headers: h })).statusCode, 200);
    const unknown = `${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`;
    assert.equal((await app.inject({ url: `/api/v1/admin/gateway/messages/${unknown}`, headers: h })).statusCode, 404);

    const systems = await rows('gateway.admin.systems-read');
    assert.equal(systems.length, 1);
    assert.equal(systems[0]!.actor_id, adminId);
    assert.equal(systems[0]!.actor_role, 'admin');
    const list = await rows('gateway.admin.messages-read');
    assert.deepEqual(list.map((r) => [r.actor_id, r.actor_role, r.subject_type, r.subject_id, r.data.count]), [[adminId, 'admin', 'correlation', correlationId, 1]]);
    const one = await rows('gateway.admin.message-read');
    assert.deepEqual(
      one.map((r) => [r.actor_id, r.actor_role, r.subject_type, r.subject_id, r.data.found]),
      [
        [adminId, 'admin', 'gateway-message', messageId, true],
        [adminId, 'admin', 'gateway-message', unknown, false],
      ],
    );
    // Someone else is refused before anything is read, and nothing is written in their name.
    const citizen = DEMO_ACCOUNTS[0]!;
    const ct = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).json().token;
    assert.equal((await app.inject({ url: '/api/v1/admin/gateway/systems', headers: { authorization: `Bearer ${ct}` } })).statusCode, 403);
    assert.equal((await rows('gateway.admin.systems-read')).length, 1);
    assert.equal((await verifyAuditChain(ctx.db)).ok, true);
  });

  test('every audit row is written through writeAudit, except the set-based submission statement', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /INSERT\s+INTO\s+audit_log/i.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk('src');
    assert.deepEqual(offenders.sort(), [join('src', 'applications', 'batch.ts'), join('src', 'audit', 'audit.ts')]);
  });
});
