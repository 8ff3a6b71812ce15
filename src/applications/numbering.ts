/**
 * Application numbers: `YY-NNNNNNNN-C`, e.g. `26-00001234-9`.
 * - YY: the filing year in Kazakhstan time (UTC+05:00);
 * - NNNNNNNN: a value of the global PostgreSQL sequence `application_number_seq`, zero-padded to
 *   8 digits and growing past 8 when needed (never truncated);
 * - C: the Luhn check digit over YY and the padded sequence, so a mistyped digit is caught.
 *
 * Each server process takes sequence values in blocks (one round trip per BLOCK submissions),
 * so numbers are unique across processes but only roughly ordered by filing time, and a crash
 * leaves gaps — as with any sequence.
 */
import type { Queryable } from '../db/db.ts';

export function luhn(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatApplicationNumber(seq: number, filedAt: Date): string {
  const yy = String(new Date(filedAt.getTime() + 5 * 3_600_000).getUTCFullYear() % 100).padStart(2, '0');
  const n = String(seq).padStart(8, '0');
  return `${yy}-${n}-${luhn(yy + n)}`;
}

export const APPLICATION_NUMBER_RE = /^\d{2}-\d{8,}-\d$/;

/** Is the check digit right? (Lets the UI and the API reject a mistyped number at once.) */
export function isValidApplicationNumber(s: string): boolean {
  if (!APPLICATION_NUMBER_RE.test(s)) return false;
  const [yy, n, c] = s.split('-') as [string, string, string];
  return luhn(yy + n) === Number(c);
}

export class NumberAllocator {
  private pool: number[] = [];
  private refill: Promise<void> | null = null;
  constructor(
    private readonly q: Queryable,
    private readonly block = 20,
  ) {}

  async next(): Promise<number> {
    for (;;) {
      const v = this.pool.shift();
      if (v !== undefined) return v;
      this.refill ??= this.q
        .query<{ v: number }>("SELECT nextval('application_number_seq')::int8 AS v FROM generate_series(1, $1::int)", [this.block])
        .then((r) => {
          this.pool.push(...r.rows.map((x) => x.v));
        })
        .finally(() => {
          this.refill = null;
        });
      await this.refill;
    }
  }
}
