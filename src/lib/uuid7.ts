import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Random bytes are drawn from the CSPRNG 4 KiB at a time (one call per 409 ids, not one per id). */
const pool = Buffer.allocUnsafe(4096);
let at = pool.length;

/** UUIDv7 (RFC 9562): 48-bit Unix-ms timestamp + random bits. Time-ordered, so B-tree inserts stay at the right edge. */
export function uuid7(now = Date.now()): string {
  if (at + 10 > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const r = pool;
  const o = at;
  at += 10;
  const h = (n: number) => HEX[n & 0xff] as string;
  // 48-bit big-endian milliseconds (2^32 split keeps it exact in doubles)
  const hi = Math.floor(now / 0x100000000);
  const lo = now >>> 0;
  return (
    h(hi >>> 8) + h(hi) + h(lo >>> 24) + h(lo >>> 16) + '-' + h(lo >>> 8) + h(lo) + '-' +
    h(0x70 | ((r[o] as number) & 0x0f)) + h(r[o + 1] as number) + '-' +
    h(0x80 | ((r[o + 2] as number) & 0x3f)) + h(r[o + 3] as number) + '-' +
    h(r[o + 4] as number) + h(r[o + 5] as number) + h(r[o + 6] as number) + h(r[o + 7] as number) + h(r[o + 8] as number) + h(r[o + 9] as number)
  );
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
