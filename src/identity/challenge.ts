/** Single-use, short-lived challenges for certificate login (replays fail). */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { uuid7 } from '../lib/uuid7.ts';

export const CHALLENGE_TTL_SECONDS = 300;

export async function createChallenge(db: Db) {
  const id = uuid7();
  // What is signed: a readable prefix, the challenge id and 32 random bytes.
  const challenge = Buffer.concat([Buffer.from(`qyzmet-login:${id}:`), randomBytes(32)]);
  const expiresAt = new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000);
  await db.query('INSERT INTO auth_challenges (id, challenge, expires_at) VALUES ($1, $2, $3)', [id, challenge, expiresAt]);
  return { challengeId: id, challenge: challenge.toString('base64'), expiresAt: expiresAt.toISOString() };
}

/** Spend a challenge and return its bytes; unknown, used and expired challenges are refused. */
export async function consumeChallenge(db: Db, id: string): Promise<Buffer> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('AUTH_CHALLENGE_UNKNOWN', { path: '/challengeId' });
  const r = await db.query<{ challenge: Buffer }>(
    'UPDATE auth_challenges SET used_at = now() WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING challenge',
    [id],
  );
  if (r.rows[0]) return Buffer.from(r.rows[0].challenge);
  const why = await db.query<{ used_at: Date | null }>('SELECT used_at FROM auth_challenges WHERE id = $1', [id]);
  if (!why.rows[0]) throw new AppError('AUTH_CHALLENGE_UNKNOWN', { path: '/challengeId' });
  throw new AppError(why.rows[0].used_at ? 'AUTH_CHALLENGE_USED' : 'AUTH_CHALLENGE_EXPIRED', { path: '/challengeId' });
}
