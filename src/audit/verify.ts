/**
 * Walks the audit chain (migration 010) and reports where it breaks. The hash of every link is
 * recomputed here from the row's columns, independently of the database's own audit_canonical()
 * (which someone with the owner's rights could replace), so the verifier trusts only sha256 and
 * the stored columns.
 *
 * A break is one of:
 *   - content-changed   the row's columns no longer hash to its link's hash (an edited row);
 *   - prev-mismatch     a link does not carry the hash of the link before it (a link rewritten or inserted);
 *   - seq-gap           a link is missing between two others (a link deleted);
 *   - row-missing       a link whose audit row is gone (a deleted row);
 *   - not-chained       an audit row with no link (written with the chain trigger disabled);
 *   - head-mismatch     the chain's head (last seq and hash) is not its last link (links cut off the end);
 *   - anchor-mismatch   a head recorded earlier (`expect`) is not in the chain any more.
 * Per shard, the walk stops at the first break (what follows it cannot be trusted either).
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';

export type BreakKind = 'content-changed' | 'prev-mismatch' | 'seq-gap' | 'row-missing' | 'not-chained' | 'head-mismatch' | 'anchor-mismatch';

export interface ChainBreak {
  kind: BreakKind;
  /** The audit_log row concerned (null when the link's row is gone and its id unknown, or for a head). */
  auditId: number | null;
  shard: number | null;
  seq: number | null;
  why: string;
}

export interface ChainHead {
  shard: number;
  seq: number;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Links checked. */
  links: number;
  heads: ChainHead[];
  /** Sorted by audit row id (unknown ids last); the first is "the first broken link". */
  breaks: ChainBreak[];
}

export interface VerifyOptions {
  /** Heads recorded earlier (e.g. copied off-site): each must still be in the chain at its seq with its hash. */
  expect?: ChainHead[];
  /** Links read per query. */
  pageSize?: number;
}

const ZERO: Buffer = Buffer.alloc(32);

interface LinkRow {
  seq: number;
  audit_id: number;
  prev_hash: Buffer;
  hash: Buffer;
  id: number | null;
  f_at: string | null;
  event: string | null;
  actor_id: string | null;
  actor_role: string | null;
  on_behalf_of: string | null;
  subject_type: string | null;
  subject_id: string | null;
  correlation_id: string | null;
  reason: string | null;
  f_data: string | null;
}

/** The bytes a link hashes after the previous hash: the same definition as audit_canonical() in migration 010. */
export function canonicalBytes(shard: number, seq: number, r: Omit<LinkRow, 'seq' | 'audit_id' | 'prev_hash' | 'hash'>): Buffer {
  const fields = [
    String(shard),
    String(seq),
    r.id === null ? null : String(r.id),
    r.f_at,
    r.event,
    r.actor_id,
    r.actor_role,
    r.on_behalf_of,
    r.subject_type,
    r.subject_id,
    r.correlation_id,
    r.reason,
    r.f_data,
  ];
  let s = 'qz-audit-v1';
  for (const f of fields) s += f === null ? '-' : `${Buffer.byteLength(f, 'utf8')}:${f}`;
  return Buffer.from(s, 'utf8');
}

export function linkHash(prev: Buffer, canonical: Buffer): Buffer {
  return createHash('sha256').update(prev).update(canonical).digest();
}

const bytes = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(String(v).replace(/^\\x/, ''), 'hex'));

export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 2000;
  // One snapshot for heads, links and rows: writers committing meanwhile are simply not seen.
  return db.tx(async (q) => {
    await q.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return walk(q, pageSize, opts.expect ?? []);
  });
}

async function walk(q: Queryable, pageSize: number, expect: ChainHead[]): Promise<VerifyResult> {
  const heads = (await q.query<{ shard: number; seq: number; hash: Buffer }>('SELECT shard, seq, hash FROM audit_chain_head ORDER BY shard')).rows.map((h) => ({
    shard: h.shard,
    seq: h.seq,
    hash: bytes(h.hash),
  }));
  const breaks: ChainBreak[] = [];
  let links = 0;
  const anchors = new Map(expect.map((e) => [`${e.shard}:${e.seq}`, e.hash.toLowerCase()]));
  const anchorsSeen = new Set<string>();
  // Link 0 is every chain's start: the hash of nothing, 32 zero bytes.
  for (const e of expect)
    if (e.seq === 0) {
      anchorsSeen.add(`${e.shard}:0`);
      if (e.hash.toLowerCase() !== ZERO.toString('hex')) breaks.push({ kind: 'anchor-mismatch', auditId: null, shard: e.shard, seq: 0, why: `a chain starts from 32 zero bytes, not ${e.hash}` });
    }

  for (const head of heads) {
    let prev: Buffer = ZERO;
    let prevSeq = 0;
    let broken = false;
    for (;;) {
      const page = (
        await q.query<LinkRow>(
          `SELECT c.seq, c.audit_id, c.prev_hash, c.hash, a.id,
                  to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS f_at,
                  a.event, a.actor_id::text AS actor_id, a.actor_role, a.on_behalf_of::text AS on_behalf_of,
                  a.subject_type, a.subject_id, a.correlation_id, a.reason, a.data::text AS f_data
             FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
            WHERE c.shard = $1 AND c.seq > $2
            ORDER BY c.seq LIMIT $3`,
          [head.shard, prevSeq, pageSize],
        )
      ).rows;
      for (const r of page) {
        const at = { shard: head.shard, seq: r.seq, auditId: r.audit_id };
        const storedPrev = bytes(r.prev_hash);
        const stored = bytes(r.hash);
        if (r.seq !== prevSeq + 1) {
          breaks.push({ kind: 'seq-gap', ...at, why: `links ${prevSeq + 1}…${r.seq - 1} of shard ${head.shard} are missing (deleted) before audit row ${r.audit_id}` });
        } else if (!storedPrev.equals(prev)) {
          breaks.push({ kind: 'prev-mismatch', ...at, why: `the link does not carry the hash of link ${prevSeq} (rewritten or inserted)` });
        } else if (r.id === null) {
          breaks.push({ kind: 'row-missing', ...at, why: `audit row ${r.audit_id} is gone (deleted)` });
        } else if (!linkHash(prev, canonicalBytes(head.shard, r.seq, r)).equals(stored)) {
          breaks.push({ kind: 'content-changed', ...at, why: `audit row ${r.audit_id} no longer matches its hash (edited)` });
        }
        if (breaks.length && breaks[breaks.length - 1]!.shard === head.shard && breaks[breaks.length - 1]!.seq === r.seq) {
          broken = true;
          break;
        }
        links++;
        const key = `${head.shard}:${r.seq}`;
        const anchor = anchors.get(key);
        if (anchor !== undefined) {
          anchorsSeen.add(key);
          if (anchor !== stored.toString('hex'))
            breaks.push({ kind: 'anchor-mismatch', ...at, why: `link ${r.seq} of shard ${head.shard} has hash ${stored.toString('hex')}, recorded earlier as ${anchor}` });
        }
        prev = stored;
        prevSeq = r.seq;
      }
      if (broken || page.length < pageSize) break;
    }
    if (broken) continue;
    if (head.seq !== prevSeq || !head.hash.equals(prev))
      breaks.push({
        kind: 'head-mismatch',
        auditId: null,
        shard: head.shard,
        seq: head.seq,
        why: `shard ${head.shard}'s head is link ${head.seq} but its chain ends at link ${prevSeq}${head.seq > prevSeq ? ' (links cut off the end)' : ''}`,
      });
  }

  for (const [key, hash] of anchors)
    if (!anchorsSeen.has(key)) {
      const [shard, seq] = key.split(':').map(Number) as [number, number];
      if (!breaks.some((b) => b.shard === shard && b.seq !== null && b.seq <= seq))
        breaks.push({ kind: 'anchor-mismatch', auditId: null, shard, seq, why: `link ${seq} of shard ${shard} (recorded as ${hash}) is not in the chain` });
    }

  const unchained = await q.query<{ id: number }>(
    'SELECT a.id FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id) ORDER BY a.id LIMIT 100',
  );
  for (const r of unchained.rows) breaks.push({ kind: 'not-chained', auditId: r.id, shard: null, seq: null, why: `audit row ${r.id} has no link in the chain (written with the chain trigger disabled)` });

  breaks.sort((a, b) => (a.auditId ?? Number.MAX_SAFE_INTEGER) - (b.auditId ?? Number.MAX_SAFE_INTEGER));
  return { ok: breaks.length === 0, links, heads: heads.map((h) => ({ shard: h.shard, seq: h.seq, hash: h.hash.toString('hex') })), breaks };
}
