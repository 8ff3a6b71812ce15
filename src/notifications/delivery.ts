/**
 * Sending one delivery (README.md "Delivery"): an e-mail over SMTP (nodemailer) or an SMS through
 * the SMS connector (src/sms). Each is the handler of its own job kind:
 *
 * - `notify.sms` runs in its job's transaction: the message goes into the connector's outbox and
 *   the delivery is marked sent in the same commit as the job's `done` — exactly once.
 * - `notify.email` waits on an SMTP server, so it holds no transaction (ownTransactions): it claims
 *   the delivery (`sending`, until `claimed_until`), sends, and records `sent` before the job is
 *   acknowledged, so a job run again after the server accepted finds it sent and sends nothing.
 *   The one gap left — the process dies after the server accepted and before `sent` is written —
 *   sends it again once the claim runs out; the message keeps its Message-ID, so the receiving side
 *   can tell the copy. A failure puts it back to `pending` (the queue retries with exponential
 *   backoff) until NOTIFY_MAX_ATTEMPTS: then it is `dead`, for an admin to see and replay.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { PermanentJobError } from '../jobs/worker.ts';
import type { Lang } from '../lib/i18n.ts';
import { sendSms } from '../sms/sms.ts';
import { type NotificationKind, type Params, render } from './templates.ts';

/** How long one worker owns an e-mail it sends (longer than nodemailer's timeouts below together). */
export const EMAIL_CLAIM_SECONDS = 90;

const transports = new Map<string, Transporter>();

/**
 * The SMTP transport for a URL (one per URL and process): smtp://user:pass@host:port (STARTTLS
 * when offered), smtps://… (TLS), `?pool=true` to keep connections open, `?ignoreTLS=true`.
 */
export function mailer(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    const u = new URL(url);
    const secure = u.protocol === 'smtps:';
    t = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port || (secure ? 465 : 587)),
      secure,
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      ...(u.searchParams.get('pool') === 'true' ? { pool: true, maxConnections: Number(u.searchParams.get('maxConnections') ?? 5) } : {}),
      ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    transports.set(url, t);
  }
  return t;
}

/** Close the pooled SMTP connections of this process (shutdown, tests). */
export function closeMailers(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

interface Claimed {
  id: string;
  notification_id: string;
  address: string;
  lang: Lang;
  attempts: number;
  message_id: string;
  kind: NotificationKind;
  params: Params;
}

const CLAIMED_COLS = 'd.id, d.notification_id, d.address, d.lang, d.attempts, d.message_id, n.kind, n.params';

/** Deliver one e-mail (the `notify.email` job; runs at least once, sends at most once where it can tell). */
export async function deliverEmail(ctx: AppContext, deliveryId: number): Promise<'sent' | 'nothing'> {
  const url = ctx.config.notifications.smtpUrl;
  const claim = await ctx.db.query<Claimed>(
    `UPDATE notification_deliveries d SET state = 'sending', attempts = d.attempts + 1, claimed_until = now() + make_interval(secs => $2),
            message_id = COALESCE(d.message_id, '<' || d.notification_id || '.email@qyzmet.kz>')
       FROM notifications n
      WHERE d.id = $1 AND n.id = d.notification_id AND d.channel = 'email'
        AND (d.state = 'pending' OR (d.state = 'sending' AND d.claimed_until < now()))
      RETURNING ${CLAIMED_COLS}`,
    [deliveryId, EMAIL_CLAIM_SECONDS],
  );
  const d = claim.rows[0];
  if (!d) {
    const s = (await ctx.db.query<{ state: string }>('SELECT state FROM notification_deliveries WHERE id = $1', [deliveryId])).rows[0];
    if (!s) throw new PermanentJobError(`no notification delivery ${deliveryId}`);
    // Sent or dead already (a job run again after its success, a replay's twin): nothing to do.
    if (s.state !== 'sending') return 'nothing';
    // Another worker sends it now: look again later (it is sent by then, or its claim ran out).
    throw new Error(`delivery ${deliveryId} is being sent by another worker`);
  }
  const maxAttempts = ctx.config.notifications.maxAttempts;
  try {
    if (!url) throw new PermanentJobError('no SMTP server configured (SMTP_URL)');
    const m = render(d.kind, d.params, d.lang);
    const info = await mailer(url).sendMail({
      from: ctx.config.notifications.mailFrom,
      to: d.address,
      subject: m.subject,
      text: m.text,
      messageId: d.message_id,
      headers: { 'X-Qyzmet-Notification': d.notification_id, 'Content-Language': d.lang },
    });
    // Recorded before the job is acknowledged: a second run of this job sends nothing.
    await ctx.db.query("UPDATE notification_deliveries SET state = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL, response = $2 WHERE id = $1 AND state = 'sending'", [
      deliveryId,
      String(info.response ?? '').slice(0, 500),
    ]);
    return 'sent';
  } catch (e) {
    const error = String((e as Error)?.message ?? e).slice(0, 1000);
    const dead = e instanceof PermanentJobError || d.attempts >= maxAttempts;
    await ctx.db.query(
      `UPDATE notification_deliveries SET state = CASE WHEN $3 THEN 'dead' ELSE 'pending' END, dead_at = CASE WHEN $3 THEN now() END,
              claimed_until = NULL, last_error = $2 WHERE id = $1 AND state = 'sending'`,
      [deliveryId, error, dead],
    );
    if (dead) throw new PermanentJobError(`e-mail delivery ${deliveryId} is dead after ${d.attempts} attempt(s): ${error}`);
    throw e;
  }
}

/** Deliver one SMS (the `notify.sms` job), in the job's transaction: exactly once. */
export async function deliverSms(q: Queryable, deliveryId: number): Promise<'sent' | 'nothing'> {
  const r = await q.query<Claimed>(
    `UPDATE notification_deliveries d SET state = 'sent', attempts = d.attempts + 1, sent_at = now(), last_error = NULL
       FROM notifications n
      WHERE d.id = $1 AND n.id = d.notification_id AND d.channel = 'sms' AND d.state IN ('pending', 'sending')
      RETURNING ${CLAIMED_COLS}`,
    [deliveryId],
  );
  const d = r.rows[0];
  if (!d) return 'nothing';
  await sendSms(q, d.address, render(d.kind, d.params, d.lang).sms, `notify-${d.kind}`);
  return 'sent';
}
