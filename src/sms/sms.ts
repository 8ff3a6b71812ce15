/**
 * Text messages to citizens. Every message goes into `sms_outbox` in the caller's
 * transaction (so a code is never "sent" for a change that rolled back); the
 * simulated operator marks it delivered at once. A real deployment replaces the
 * delivery step with the SMS gateway connector. In demo mode the messages can be
 * read at GET /api/v1/demo/sms.
 */
import type { Queryable } from '../db/db.ts';

export async function sendSms(q: Queryable, phone: string, body: string, purpose: string): Promise<void> {
  await q.query('INSERT INTO sms_outbox (phone, body, purpose, delivered_at) VALUES ($1, $2, $3, now())', [phone, body, purpose]);
}

export async function recentSms(q: Queryable, phone: string, limit = 10) {
  const r = await q.query<{ body: string; purpose: string; created_at: Date }>(
    'SELECT body, purpose, created_at FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT $2',
    [phone, limit],
  );
  return r.rows.map((x) => ({ body: x.body, purpose: x.purpose, at: x.created_at.toISOString() }));
}

/** +77011234567 → +7 701 *** ** 67 */
export const maskPhone = (p: string) => (p.length >= 12 ? `${p.slice(0, 2)} ${p.slice(2, 5)} *** ** ${p.slice(-2)}` : '***');
