/** The data layer behaves the same on PGlite and on PostgreSQL (run with --pg for the latter). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formatApplicationNumber, isValidApplicationNumber, NumberAllocator } from '../src/applications/numbering.ts';
import { migrate } from '../src/db/migrate.ts';
import { isUniqueViolation } from '../src/db/db.ts';
import { engine, openTestDb } from './helpers/context.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
before(async () => {
  db = await openTestDb();
  await migrate(db);
});
after(async () => db.drop());

/** Luhn check digit, written independently of src/applications/numbering.ts. */
function luhnRef(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

test(`types are normalised the same way (${engine})`, async () => {
  const r = await db.query<{ i: number; d: string; t: Date; j: { a: number }; n: string }>(
    `SELECT 9007199254740::int8 AS i, DATE '2026-11-23' AS d, TIMESTAMPTZ '2026-11-23T10:00:00+05:00' AS t, '{"a":1}'::jsonb AS j, 1.50::numeric AS n`,
  );
  const row = r.rows[0]!;
  assert.equal(row.i, 9007199254740);
  assert.equal(row.d, '2026-11-23');
  assert.ok(row.t instanceof Date);
  assert.equal(row.t.toISOString(), '2026-11-23T05:00:00.000Z');
  assert.deepEqual(row.j, { a: 1 });
  assert.equal(row.n, '1.50');
});

test('migrations are idempotent', async () => {
  assert.deepEqual(await migrate(db), []);
});

test('a transaction that throws leaves nothing behind', async () => {
  await db.exec('CREATE TABLE tx_probe (k text PRIMARY KEY)');
  await assert.rejects(
    db.tx(async (q) => {
      await q.query('INSERT INTO tx_probe VALUES ($1)', ['a']);
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.equal((await db.query('SELECT * FROM tx_probe')).rows.length, 0);
  await db.query('INSERT INTO tx_probe VALUES ($1)', ['a']);
  await assert.rejects(db.query('INSERT INTO tx_probe VALUES ($1)', ['a']), (e: unknown) => isUniqueViolation(e));
});

test('application numbers: YY-NNNNNNNN-C with a Luhn check digit, in Kazakhstan time', () => {
  for (const [seq, at, yy] of [
    [1, '2026-12-31T18:59:59Z', '26'],
    [1, '2026-12-31T19:00:00Z', '27'], // 00:00 on 1 Jan in UTC+5
    [123456789, '2025-06-01T00:00:00Z', '25'], // grows past 8 digits, never truncated
  ] as const) {
    const n = formatApplicationNumber(seq, new Date(at));
    const padded = String(seq).padStart(8, '0');
    assert.equal(n, `${yy}-${padded}-${luhnRef(`${yy}${padded}`)}`);
    assert.ok(isValidApplicationNumber(n));
  }
  // Every single-digit typo is caught by the check digit.
  const n = formatApplicationNumber(4242, new Date('2026-11-23T10:00:00Z'));
  for (let i = 0; i < n.length; i++) {
    if (n[i] === '-') continue;
    for (let d = 0; d <= 9; d++) {
      if (String(d) === n[i]) continue;
      assert.equal(isValidApplicationNumber(n.slice(0, i) + d + n.slice(i + 1)), false, `typo at ${i}`);
    }
  }
});

test('number blocks from several allocators (processes) never collide', async () => {
  const a = new NumberAllocator(db, 7);
  const b = new NumberAllocator(db, 5);
  const got = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).next()));
  assert.equal(new Set(got).size, got.length);
});

test('indexes exist for the hot queries', async () => {
  const r = await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'applications'");
  const names = r.rows.map((x) => x.indexname);
  for (const n of ['applications_applicant', 'applications_provider_open', 'applications_open_due']) assert.ok(names.includes(n), n);
});
