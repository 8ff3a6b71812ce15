import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// Random bytes are drawn from a pooled buffer: one syscall per 512 ids instead of one per id.
const POOL = Buffer.alloc(16 * 512);
let poolPos = POOL.length;
function random16(): Buffer {
  if (poolPos >= POOL.length) {
    randomFillSync(POOL);
    poolPos = 0;
  }
  const out = Buffer.allocUnsafe(16);
  POOL.copy(out, 0, poolPos, poolPos + 16);
  poolPos += 16;
  return out;
}

/**
 * UUIDv7 with a monotonic 12-bit counter in rand_a (RFC 9562 §6.2, method 1): ids made by
 * this process sort in the order they were made, even within one millisecond, so the call
 * log reads in order by message_id.
 */
export function messageId(now = Date.now()): string {
  const b = random16();
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms = ++lastMs; // counter exhausted: borrow the next millisecond
      counter = 0;
    }
  } else {
    counter = b[15] as number; // random start below 256: room for > 3800 ids per ms
  }
  lastMs = ms;
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((counter >> 8) & 0x0f);
  b[7] = counter & 0xff;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
