/** UUIDv7 (src/lib/uuid7.ts): RFC 9562 layout, time order, no repeats. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUuid, uuid7 } from '../src/lib/uuid7.ts';

test('the timestamp, version and variant sit where RFC 9562 puts them', () => {
  for (const ms of [0, 1, 0xffffffff, 0x100000000, 1763900000123, 2 ** 48 - 1]) {
    const u = uuid7(ms);
    assert.ok(isUuid(u), u);
    const hex = u.replaceAll('-', '');
    assert.equal(parseInt(hex.slice(0, 12), 16), ms);
    assert.equal(hex[12], '7');
    assert.ok('89ab'.includes(hex[16] as string), u);
  }
});

test('ids sort by creation time and do not repeat within a millisecond', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50_000; i++) seen.add(uuid7(1763900000123));
  assert.equal(seen.size, 50_000);
  const a = uuid7(1763900000123);
  const b = uuid7(1763900000124);
  assert.ok(a < b);
});
