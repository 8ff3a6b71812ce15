/**
 * Verify the audit log's hash chain (src/audit/README.md).
 *
 *   npm run audit:verify                        # DATABASE_URL, else the PGlite data directory DATA_DIR (./data)
 *   npm run audit:verify -- --data-dir ./data   # a PGlite data directory (no server may have it open)
 *   npm run audit:verify -- --expect 3:1520:9f2c…   # also: shard 3's link 1520 still has this hash (a head recorded earlier)
 *   npm run audit:verify -- --json              # the result as JSON
 *
 * Prints the chains' heads (record them elsewhere to detect a rewrite of the whole chain later)
 * or the first broken link: the audit row id, shard and seq, and why. Exit code 0 when the chain
 * holds, 1 when it is broken, 2 on a usage or connection error.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/db.ts';
import { type ChainHead, verifyAuditChain } from '../audit/verify.ts';

function usage(msg: string): never {
  process.stderr.write(`audit:verify: ${msg}\nusage: npm run audit:verify -- [--data-dir DIR] [--expect SHARD:SEQ:HASH]... [--json]\n`);
  process.exit(2);
}

async function main() {
  const argv = process.argv.slice(2);
  let dataDir: string | null = null;
  let json = false;
  const expect: ChainHead[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--data-dir') dataDir = argv[++i] ?? usage('--data-dir needs a directory');
    else if (a === '--expect') {
      const m = /^(\d+):(\d+):([0-9a-fA-F]{64})$/.exec(argv[++i] ?? '');
      if (!m) usage('--expect takes SHARD:SEQ:HASH (64 hex digits)');
      expect.push({ shard: Number(m[1]), seq: Number(m[2]), hash: m[3]!.toLowerCase() });
    } else usage(`unknown argument ${a}`);
  }
  const config = loadConfig();
  const databaseUrl = dataDir ? null : config.databaseUrl;
  const dir = databaseUrl ? null : (dataDir ?? config.dataDir);
  if (dir && !existsSync(dir)) usage(`no PGlite data directory at ${dir} (set DATABASE_URL for a PostgreSQL server)`);

  const db = await openDb({ databaseUrl, dataDir: dir, poolSize: 1 });
  try {
    const r = await verifyAuditChain(db, { expect });
    if (json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else if (r.ok) {
      process.stdout.write(`audit chain holds: ${r.links} links in ${r.heads.length} shards (${databaseUrl ? 'PostgreSQL' : `PGlite ${dir}`})\n`);
      for (const h of r.heads) process.stdout.write(`  head ${h.shard}:${h.seq}:${h.hash}\n`);
    } else {
      const first = r.breaks[0]!;
      const where = [first.auditId !== null ? `audit row ${first.auditId}` : null, first.shard !== null ? `shard ${first.shard}` : null, first.seq !== null ? `seq ${first.seq}` : null].filter(Boolean).join(', ');
      process.stdout.write(`audit chain BROKEN at ${where}: ${first.kind}: ${first.why}\n`);
      for (const b of r.breaks.slice(1)) process.stdout.write(`  also: ${b.kind}: ${b.why}\n`);
    }
    process.exitCode = r.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`audit:verify: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
