/**
 * Notifications to applicants (README.md): an outbox event (a `notify.*` job written with the
 * state change) becomes one notification per person — their cabinet inbox entry — and one
 * delivery per further channel they chose (e-mail, SMS), each sent by a job of its own
 * (`notify.email`, `notify.sms`: delivery.ts). Also: the person's preferences, the inbox and the
 * admin's dead-letter list with its replay.
 */
import { z } from 'zod';
import { fullName } from '../accounts/accounts.ts';
import type { User } from '../accounts/accounts.ts';
import { execute, type ActionSpec } from '../actions/executor.ts';
import type { ActorRef } from '../actions/ledger.ts';
import { parseListCursor, serviceName } from '../applications/applications.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { enqueue } from '../jobs/queue.ts';
import type { JobRun } from '../jobs/worker.ts';
import { PermanentJobError } from '../jobs/worker.ts';
import { uuid7 } from '../lib/uuid7.ts';
import type { I18n, Lang } from '../lib/i18n.ts';
import { maskPhone } from '../sms/sms.ts';
import { type NotificationKind, NOTIFICATION_KINDS, type Params, renderAll } from './templates.ts';

export type Channel = 'inbox' | 'email' | 'sms';

// ------------------------------------------------------------------ preferences

export interface Preferences {
  language: Lang;
  channels: { inbox: true; email: boolean; sms: boolean };
  /** Where e-mail goes (the account's address unless the person gave another). */
  email: string | null;
  /** The account's phone, masked (SMS goes there). */
  phone: string | null;
  /** Channels that can be used at all: e-mail only where the platform has an SMTP server, SMS only with a phone. */
  available: { email: boolean; sms: boolean };
}

interface ContactRow {
  id: string;
  phone: string | null;
  account_email: string | null;
  lang: Lang | null;
  email_on: boolean | null;
  sms_on: boolean | null;
  email: string | null;
}

const CONTACT_SQL = `SELECT u.id, u.phone, u.email AS account_email, p.lang, p.email_on, p.sms_on, p.email
  FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = ANY($1::uuid[])`;

/** The person's choices, or the defaults: Kazakh (the state language), SMS with a phone, e-mail with an address. */
function effective(r: ContactRow): { lang: Lang; emailOn: boolean; smsOn: boolean; email: string | null } {
  const email = r.email ?? r.account_email;
  return { lang: r.lang ?? 'kk', emailOn: r.email_on ?? email !== null, smsOn: r.sms_on ?? r.phone !== null, email };
}

function toPreferences(ctx: AppContext, r: ContactRow): Preferences {
  const e = effective(r);
  return {
    language: e.lang,
    channels: { inbox: true, email: e.emailOn, sms: e.smsOn },
    email: e.email,
    phone: r.phone ? maskPhone(r.phone) : null,
    available: { email: ctx.config.notifications.smtpUrl !== null, sms: r.phone !== null },
  };
}

export async function getPreferences(ctx: AppContext, user: User): Promise<Preferences> {
  const r = (await ctx.db.query<ContactRow>(CONTACT_SQL, [[user.id]])).rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  return toPreferences(ctx, r);
}

export const PreferencesBody = z
  .object({
    language: z.enum(['kk', 'ru', 'en']),
    channels: z.object({ inbox: z.boolean().optional(), email: z.boolean(), sms: z.boolean() }).strict(),
    /** Where e-mail goes; null or absent: the account's address. */
    email: z.email().max(254).nullable().optional(),
  })
  .strict();
export type PreferencesInput = z.infer<typeof PreferencesBody>;

const preferencesAction: ActionSpec<ContactRow, PreferencesInput, ContactRow> = {
  name: 'notifications.preferences',
  body: PreferencesBody,
  load: async (q, _ctx, id) => (await q.query<ContactRow>(`${CONTACT_SQL} FOR UPDATE OF u`, [[id]])).rows[0] ?? null,
  authorise: (actor, s) => {
    if (actor.id !== s.id) throw new AppError('FORBIDDEN');
  },
  allowed: () => {},
  apply: async ({ q, subject, body }) => {
    if (body.channels.inbox === false) throw new AppError('NOTIFICATION_INBOX_REQUIRED', { path: '/channels/inbox' });
    const email = body.email ?? null;
    if (body.channels.email && !(email ?? subject.account_email)) throw new AppError('NOTIFICATION_EMAIL_REQUIRED', { path: '/email' });
    if (body.channels.sms && !subject.phone) throw new AppError('NOTIFICATION_PHONE_REQUIRED', { path: '/channels/sms' });
    await q.query(
      `INSERT INTO notification_preferences (user_id, lang, email_on, sms_on, email, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (user_id) DO UPDATE SET lang = EXCLUDED.lang, email_on = EXCLUDED.email_on, sms_on = EXCLUDED.sms_on, email = EXCLUDED.email, updated_at = now()`,
      [subject.id, body.language, body.channels.email, body.channels.sms, email],
    );
    const next: ContactRow = { ...subject, lang: body.language, email_on: body.channels.email, sms_on: body.channels.sms, email };
    return {
      audit: [{ event: 'notifications.preferences', subject: { type: 'user', id: subject.id }, data: { language: body.language, email: body.channels.email, sms: body.channels.sms, ownAddress: email !== null } }],
      result: next,
    };
  },
};

/** Set the person's language and channels (an action of the pipeline: validated, audited, all or nothing). */
export async function setPreferences(ctx: AppContext, user: User, body: unknown, correlationId: string | null = null): Promise<Preferences> {
  const actor: ActorRef = { id: user.id, role: 'citizen' };
  return toPreferences(ctx, await execute(ctx, preferencesAction, { actor, subjectId: user.id, body, correlationId }));
}

// ------------------------------------------------------------------ from an outbox event to notifications

export interface NotifyEvent {
  kind: NotificationKind;
  /** The people told (accounts); the applicant's when absent. */
  userIds?: string[];
  applicationId?: string | null;
  /** Placeholders besides those of the application (number, service). */
  params?: Params;
}

interface AppRow {
  id: string;
  number: string;
  service_code: string;
  service_version: number;
  applicant_id: string | null;
  due_date: string | null;
}

/**
 * One notification per person for the event `run` (a job) carries, with a delivery and its job
 * for every further channel they chose — in the job's transaction (`q`), so it happens exactly
 * once: a second run of the same job finds its notifications there already (source_job).
 * E-mail only where the platform has an SMTP server (SMTP_URL). Returns the notifications written.
 */
export async function notify(ctx: AppContext, q: Queryable, run: Pick<JobRun, 'id'> | undefined, ev: NotifyEvent): Promise<string[]> {
  if (!run) throw new PermanentJobError('a notification is written by its job (no job run given)');
  let params: Params = { ...(ev.params ?? {}) };
  let userIds = ev.userIds ?? [];
  if (ev.applicationId) {
    const a = (
      await q.query<AppRow>('SELECT id, number, service_code, service_version, applicant_id, due_date::text AS due_date FROM applications WHERE id = $1', [ev.applicationId])
    ).rows[0];
    if (!a) throw new PermanentJobError(`no application ${ev.applicationId}`);
    params = { number: a.number, service: serviceName(ctx, a.service_code, a.service_version), dueDate: a.due_date, ...params };
    if (!ev.userIds) userIds = a.applicant_id ? [a.applicant_id] : [];
  }
  if (!userIds.length) return [];
  const people = (await q.query<ContactRow>(CONTACT_SQL, [userIds])).rows;
  const written: string[] = [];
  for (const p of people) {
    const id = uuid7();
    const n = await q.query<{ id: string }>(
      `INSERT INTO notifications (id, user_id, kind, application_id, params, source_job) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source_job, user_id) DO NOTHING RETURNING id`,
      [id, p.id, ev.kind, ev.applicationId ?? null, JSON.stringify(params), run.id],
    );
    if (!n.rows[0]) continue;
    written.push(id);
    const e = effective(p);
    const channels: Array<{ channel: 'email' | 'sms'; address: string }> = [];
    if (e.emailOn && e.email && ctx.config.notifications.smtpUrl) channels.push({ channel: 'email', address: e.email });
    if (e.smsOn && p.phone) channels.push({ channel: 'sms', address: p.phone });
    for (const c of channels) {
      const d = await q.query<{ id: string }>('INSERT INTO notification_deliveries (notification_id, channel, address, lang) VALUES ($1, $2, $3, $4) RETURNING id', [id, c.channel, c.address, e.lang]);
      const deliveryId = Number(d.rows[0]!.id);
      await enqueue(q, c.channel === 'email' ? 'notify.email' : 'notify.sms', { deliveryId }, { dedupKey: `delivery-${deliveryId}` });
    }
  }
  return written;
}

/** The applicant's events, from the outbox payloads of src/jobs/kinds.ts. */
export const fromDecision = (decision: string): NotificationKind => (decision === 'refuse' ? 'refused' : 'ready');

/** The co-signers a filing waits for (by IIN, those with an account), with the applicant's name and the deadline. */
export async function notifyCoSigners(ctx: AppContext, q: Queryable, run: JobRun | undefined, applicationId: string): Promise<string[]> {
  const r = await q.query<{ user_id: string; expires_at: Date; surname: string; given_name: string; patronymic: string | null }>(
    `SELECT u.id AS user_id, c.expires_at, ap.surname, ap.given_name, ap.patronymic
       FROM application_cosigners c JOIN applications a ON a.id = c.application_id
       JOIN users u ON u.iin = c.iin JOIN users ap ON ap.id = a.submitted_by
      WHERE c.application_id = $1 AND c.status = 'pending'`,
    [applicationId],
  );
  const byUntil = new Map<string, string[]>();
  let applicant = '';
  for (const x of r.rows) {
    applicant = fullName({ surname: x.surname, givenName: x.given_name, patronymic: x.patronymic });
    const k = x.expires_at.toISOString();
    byUntil.set(k, [...(byUntil.get(k) ?? []), x.user_id]);
  }
  const out: string[] = [];
  for (const [until, userIds] of byUntil) out.push(...(await notify(ctx, q, run, { kind: 'cosign-requested', applicationId, userIds, params: { applicant, until } })));
  return out;
}

// ------------------------------------------------------------------ the cabinet inbox

interface InboxRow {
  id: string;
  kind: NotificationKind;
  application_id: string | null;
  params: Params;
  created_at: Date;
  read_at: Date | null;
}

export interface InboxItem {
  id: string;
  kind: NotificationKind;
  applicationId: string | null;
  number: string | null;
  subject: I18n;
  text: I18n;
  createdAt: string;
  readAt: string | null;
}

const toItem = (r: InboxRow): InboxItem => ({
  id: r.id,
  kind: r.kind,
  applicationId: r.application_id,
  number: typeof r.params.number === 'string' ? r.params.number : null,
  ...renderAll(NOTIFICATION_KINDS.includes(r.kind) ? r.kind : 'submitted', r.params),
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at ? r.read_at.toISOString() : null,
});

/** The person's notifications, newest first (keyset-paged: cursor = last item's createdAt|id), with how many are unread. */
export async function listInbox(ctx: AppContext, user: User, opts: { limit: number; cursor?: string | undefined; unread?: boolean | undefined }) {
  const params: unknown[] = [user.id, opts.limit + 1];
  let where = 'user_id = $1';
  if (opts.unread) where += ' AND read_at IS NULL';
  if (opts.cursor) {
    const c = parseListCursor(opts.cursor);
    params.push(c.filedAt, c.id);
    where += ' AND (created_at, id) < ($3, $4)';
  }
  const r = await ctx.db.query<InboxRow>(`SELECT id, kind, application_id, params, created_at, read_at FROM notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  const rows = r.rows.slice(0, opts.limit);
  const last = rows[rows.length - 1];
  const unread = (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [user.id])).rows[0]!.n;
  return {
    items: rows.map(toItem),
    unread,
    nextCursor: r.rows.length > opts.limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mark one of the person's notifications read (again: unchanged); another person's is indistinguishable from a missing one. */
export async function markRead(ctx: AppContext, user: User, id: string): Promise<InboxItem> {
  if (!UUID.test(id)) throw new AppError('NOTIFICATION_NOT_FOUND', { path: '/params/id' });
  const r = await ctx.db.query<InboxRow>(
    'UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id, kind, application_id, params, created_at, read_at',
    [id, user.id],
  );
  if (!r.rows[0]) throw new AppError('NOTIFICATION_NOT_FOUND', { path: '/params/id' });
  return toItem(r.rows[0]);
}

// ------------------------------------------------------------------ the dead-letter list

export interface DeadDelivery {
  id: number;
  notificationId: string;
  kind: string;
  applicationId: string | null;
  channel: 'email' | 'sms';
  address: string;
  attempts: number;
  lastError: string | null;
  deadAt: string;
  replays: number;
}

/** An address as the admin sees it: enough to tell two apart, not enough to read it. */
export const maskAddress = (channel: string, a: string) => (channel === 'sms' ? maskPhone(a) : a.replace(/^(.)[^@]*(@.*)$/, '$1***$2'));

interface DeadRow {
  id: string;
  notification_id: string;
  kind: string;
  application_id: string | null;
  channel: 'email' | 'sms';
  address: string;
  attempts: number;
  last_error: string | null;
  dead_at: Date;
  replays: number;
}

const deadItem = (r: DeadRow): DeadDelivery => ({
  id: Number(r.id),
  notificationId: r.notification_id,
  kind: r.kind,
  applicationId: r.application_id,
  channel: r.channel,
  address: maskAddress(r.channel, r.address),
  attempts: r.attempts,
  lastError: r.last_error,
  deadAt: r.dead_at.toISOString(),
  replays: r.replays,
});

/** Deliveries that used up their attempts, newest first (`before`: the last id of the previous page). */
export async function listDead(q: Queryable, f: { before?: number | undefined; limit: number }) {
  const r = await q.query<DeadRow>(
    `SELECT d.id, d.notification_id, n.kind, n.application_id, d.channel, d.address, d.attempts, d.last_error, d.dead_at, d.replays
       FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE d.state = 'dead' AND ($1::bigint IS NULL OR d.id < $1) ORDER BY d.id DESC LIMIT $2`,
    [f.before ?? null, f.limit + 1],
  );
  const rows = r.rows.slice(0, f.limit).map(deadItem);
  return { items: rows, next: r.rows.length > f.limit ? rows[rows.length - 1]!.id : null };
}

interface DeliverySubject {
  id: string;
  state: string;
  channel: 'email' | 'sms';
}

const replayAction: ActionSpec<DeliverySubject, Record<string, never>, { id: number; state: string; channel: 'email' | 'sms' }> = {
  name: 'notifications.replay',
  body: z.object({}).strict(),
  load: async (q, _ctx, id) => (await q.query<DeliverySubject>('SELECT id, state, channel FROM notification_deliveries WHERE id = $1 FOR UPDATE', [id])).rows[0] ?? null,
  authorise: (actor) => {
    if (actor.role !== 'admin') throw new AppError('FORBIDDEN');
  },
  allowed: (s) => {
    if (s.state !== 'dead') throw new AppError('NOTIFICATION_NOT_DEAD', { path: '/params/id', details: { state: s.state } });
  },
  apply: async ({ q, subject }) => {
    await q.query("UPDATE notification_deliveries SET state = 'pending', attempts = 0, dead_at = NULL, replays = replays + 1 WHERE id = $1", [subject.id]);
    const deliveryId = Number(subject.id);
    await enqueue(q, subject.channel === 'email' ? 'notify.email' : 'notify.sms', { deliveryId }, { dedupKey: `delivery-${deliveryId}` });
    return { audit: [{ event: 'notifications.replayed', subject: { type: 'notification-delivery', id: subject.id }, data: { channel: subject.channel } }], result: { id: deliveryId, state: 'pending', channel: subject.channel } };
  },
};

/** Send a dead delivery again: pending, its attempts from zero, a new job (audited). 404 / 409 NOTIFICATION_NOT_DEAD. */
export async function replayDead(ctx: AppContext, id: number, actor: { id: string; correlationId?: string | null }) {
  try {
    return await execute(ctx, replayAction, { actor: { id: actor.id, role: 'admin' }, subjectId: String(id), body: {}, correlationId: actor.correlationId ?? null });
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOTIFICATION_DELIVERY_NOT_FOUND', { path: '/params/id' });
    throw e;
  }
}
