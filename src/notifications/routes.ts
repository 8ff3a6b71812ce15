/**
 * Notifications over HTTP (mounted at /api/v1): the signed-in person's inbox and preferences,
 * and the admin's dead-letter list with its replay.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { signedInScope } from '../http/auth.ts';
import { I18nSchema } from '../http/lang.ts';
import { listDead, listInbox, markRead, getPreferences, PreferencesBody, replayDead, setPreferences } from './notifications.ts';
import { NOTIFICATION_KINDS } from './templates.ts';

const Item = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  applicationId: z.string().nullable(),
  number: z.string().nullable(),
  subject: I18nSchema,
  text: I18nSchema,
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const Preferences = z.object({
  language: z.enum(['kk', 'ru', 'en']),
  channels: z.object({ inbox: z.literal(true), email: z.boolean(), sms: z.boolean() }),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  available: z.object({ email: z.boolean(), sms: z.boolean() }),
});

const Dead = z.object({
  id: z.number(),
  notificationId: z.string(),
  kind: z.string(),
  applicationId: z.string().nullable(),
  channel: z.enum(['email', 'sms']),
  address: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  deadAt: z.string(),
  replays: z.number(),
});

export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(
      signedInScope(ctx, undefined, async (me) => {
        const tags = ['notifications'];
        me.get(
          '/me/notifications',
          {
            schema: {
              tags,
              summary: 'My notifications, newest first (subject and text in kk/ru/en), with the number unread; `unread=true` for the unread only; `nextCursor` pages on',
              querystring: z
                .object({
                  unread: z.enum(['true', 'false']).optional(),
                  limit: z.coerce.number().int().min(1).max(100).default(20),
                  cursor: z.string().max(200).optional(),
                })
                .strict(),
              response: { 200: z.object({ items: z.array(Item), unread: z.number(), nextCursor: z.string().nullable() }) },
            },
          },
          async (req) => listInbox(ctx, req.user!, { limit: req.query.limit, cursor: req.query.cursor, unread: req.query.unread === 'true' }),
        );
        me.post(
          '/me/notifications/:id/read',
          {
            schema: { tags, summary: 'Mark one of my notifications read (again: unchanged). 404 NOTIFICATION_NOT_FOUND for another person’s', params: z.object({ id: z.string().max(64) }), response: { 200: Item } },
          },
          async (req) => markRead(ctx, req.user!, req.params.id),
        );
        me.get(
          '/me/notification-preferences',
          { schema: { tags, summary: 'My language and channels for notifications (defaults: Kazakh, inbox, SMS with a phone, e-mail with an address)', response: { 200: Preferences } } },
          async (req) => getPreferences(ctx, req.user!),
        );
        me.put(
          '/me/notification-preferences',
          {
            schema: {
              tags,
              summary: 'Choose the language and channels. 422 NOTIFICATION_INBOX_REQUIRED (inbox off), NOTIFICATION_EMAIL_REQUIRED (e-mail on, no address), NOTIFICATION_PHONE_REQUIRED (SMS on, no phone)',
              body: PreferencesBody,
              response: { 200: Preferences },
            },
          },
          async (req) => setPreferences(ctx, req.user!, req.body, req.id),
        );
      }),
    );
    await app.register(
      signedInScope(ctx, ['admin'], async (admin) => {
        const tags = ['admin'];
        admin.get(
          '/admin/notifications/dead',
          {
            schema: {
              tags,
              summary: 'Notification deliveries that used up their attempts (dead letters), newest first, with the last error; `next` pages on (as `before`)',
              querystring: z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
              response: { 200: z.object({ items: z.array(Dead), next: z.number().nullable() }) },
            },
          },
          async (req) => listDead(ctx.db, { before: req.query.before, limit: req.query.limit }),
        );
        admin.post(
          '/admin/notifications/dead/:id/replay',
          {
            schema: {
              tags,
              summary: 'Send a dead delivery again (pending, attempts from zero, a new job; audited). 404 NOTIFICATION_DELIVERY_NOT_FOUND, 409 NOTIFICATION_NOT_DEAD',
              params: z.object({ id: z.coerce.number().int().positive() }),
              response: { 200: z.object({ id: z.number(), state: z.string(), channel: z.enum(['email', 'sms']) }) },
            },
          },
          async (req) => replayDead(ctx, req.params.id, { id: req.user!.id, correlationId: req.id }),
        );
      }),
    );
  };
}
