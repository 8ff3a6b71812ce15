import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionCache, type User } from '../src/accounts/accounts.ts';

const user: User = { id: 'u', iin: '880515300120', surname: 'A', givenName: 'B', patronymic: null, roles: ['citizen'], orgId: null };

test('a cached session is reused only within the TTL', () => {
  const c = new SessionCache(5000);
  c.set('k', user, 1_000_000, 0);
  assert.equal(c.get('k', 4999), user);
  assert.equal(c.get('k', 5001), null, 'stale after the TTL: the database decides again');
});

test('session expiry is exact, whatever the TTL', () => {
  const c = new SessionCache(60_000);
  c.set('k', user, 1000, 0);
  assert.equal(c.get('k', 999), user);
  assert.equal(c.get('k', 1000), null);
});

test('logout evicts; TTL 0 disables caching; the cache is bounded', () => {
  const c = new SessionCache(5000, 3);
  c.set('k', user, 1_000_000, 0);
  c.delete('k');
  assert.equal(c.get('k', 1), null);
  const off = new SessionCache(0);
  off.set('k', user, 1_000_000, 0);
  assert.equal(off.get('k', 0), null);
  for (const k of ['a', 'b', 'c', 'd']) c.set(k, user, 1_000_000, 0);
  assert.equal(c.get('a', 1), null, 'oldest entry dropped');
  assert.equal(c.get('d', 1), user);
});
