/**
 * Notifications to applicants (src/notifications): a signed portal archival reference is worked
 * by the back office (as in backoffice.test.ts); its submission, registration and signed decision
 * reach the cabinet inbox, a real local SMTP server (smtp-server on a random port) and the demo SMS
 * log. The citizen's preferences decide the channels and the language; bad preferences get their
 * own 4xx and change nothing; with the SMTP server down an e-mail is retried, then dead, listed
 * for the admin, and replayed once the server is back — received once. Both engines.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/accounts/accounts.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs, type WorkerOptions } from '../src/jobs/worker.ts';
import { closeMailers, deliverEmail } from '../src/notifications/delivery.ts';
import { signCms } from '../src/pki/sign.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { withRequiredFiles } from './helpers/files.ts';
import { startLocalSmtp, type LocalSmtp } from './helpers/smtp.ts';

const SERVICE = 'archival-reference';
const ORG = 'pavlodar-archives';
type Who = { iin: string; password: string; phone: string };
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen' && !a.mfaSms)!;
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === ORG)!;
const head = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === ORG)!;
const executor = DEMO_ACCOUNTS.find((a) => a.role === 'responsible-executor' && a.orgId === ORG)!;
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
const noPhone = { iin: '900101300017', password: 'No-phone-2026', phone: '' };
const EMAIL = 'nurlan@example.kz';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
let smtp: LocalSmtp;
const tokens = new Map<string, string>();

async function loginAs(who: Who): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  if (!r.json().mfaRequired) return r.json().token as string;
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: who.phone } })).json().items[0].body as string;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: /\b(\d{6})\b/.exec(sms)![1] } });
  return r2.json().token as string;
}
const auth = (who: Who) => ({ authorization: `Bearer ${tokens.get(who.iin)}` });

async function cmsOf(who: Who, bytes: Uint8Array): Promise<string> {
  const p12 = await demoKeystore(ctx.db, who.iin, 'sign');
  assert.ok(p12, `a SIGN keystore for ${who.iin}`);
  return Buffer.from(await signCms(bytes, p12, who.password, { detached: true })).toString('base64');
}

/** Run the queue until nothing is due (retries at once: backoff 0 unless given). */
async function drain(opts: WorkerOptions = { backoffSeconds: () => 0 }): Promise<void> {
  for (let i = 0; i < 30; i++) if ((await runDueJobs(ctx, JOB_HANDLERS, opts)) === 0) return;
  throw new Error('the queue did not drain');
}

/** A signed portal archival reference, delivered to the provider, its notifications sent. */
async function filed(): Promise<{ id: string; number: string; dueDate: string }> {
  const token = tokens.get(citizen.iin)!;
  const example = (await app.inject({ url: `/api/v1/services/${SERVICE}` })).json().form.example as Record<string, unknown>;
  const form = await withRequiredFiles(app.inject.bind(app) as never, token, SERVICE, { ...example, applicantIin: citizen.iin });
  const key = `nt-${engine}-${randomBytes(4).toString('hex')}`;
  const draft = { serviceCode: SERVICE, channel: 'portal', form };
  const cms = await cmsOf(citizen, signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }));
  const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...auth(citizen), 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
  assert.equal(r.statusCode, 201, r.body);
  await drain();
  return r.json() as { id: string; number: string; dueDate: string };
}

type TaskItem = { id: string; application: { id: string }; actions: string[] };
async function step(who: Who, applicationId: string, action: string, patch: Record<string, unknown> = {}) {
  const list = await app.inject({ url: '/api/v1/tasks', headers: auth(who) });
  const t = (list.json().items as TaskItem[]).find((x) => x.application.id === applicationId);
  assert.ok(t && t.actions.includes(action), `${action} offered: ${list.body.slice(0, 300)}`);
  const d = (await app.inject({ url: `/api/v1/tasks/${t.id}`, headers: auth(who) })).json() as { version: number; examples: Record<string, Record<string, unknown>> };
  const r = await app.inject({ method: 'POST', url: `/api/v1/tasks/${t.id}/${action}`, headers: auth(who), payload: { ...d.examples[action], ...patch } });
  assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  return t.id;
}
const executorId = async () => (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [executor.iin])).rows[0]!.id;

async function sign(applicationId: string) {
  const list = await app.inject({ url: '/api/v1/tasks', headers: auth(head) });
  const t = (list.json().items as TaskItem[]).find((x) => x.application.id === applicationId)!;
  const bytes = Buffer.from((await app.inject({ url: `/api/v1/tasks/${t.id}/signing-payload`, headers: auth(head) })).json().payload, 'base64');
  const d = (await app.inject({ url: `/api/v1/tasks/${t.id}`, headers: auth(head) })).json() as { version: number };
  const r = await app.inject({ method: 'POST', url: `/api/v1/tasks/${t.id}/sign`, headers: auth(head), payload: { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, bytes) } } });
  assert.equal(r.statusCode, 200, r.body);
}

type Item = { id: string; kind: string; number: string | null; applicationId: string | null; subject: { kk: string; ru: string; en: string }; text: { kk: string; ru: string; en: string }; readAt: string | null };
const inbox = async (who: Who = citizen) => {
  const r = await app.inject({ url: '/api/v1/me/notifications', query: { limit: '100' }, headers: auth(who) });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { items: Item[]; unread: number; nextCursor: string | null };
};
const mailsFor = (number: string) => smtp.received.filter((m) => m.subject.includes(number));
const smsFor = async (number: string) => ((await app.inject({ url: '/api/v1/demo/sms', query: { phone: citizen.phone } })).json().items as Array<{ body: string; purpose: string }>).filter((s) => s.body.includes(number));
const prefs = (body: unknown, who: Who = citizen) => app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: auth(who), payload: body as Record<string, unknown> });

before(async () => {
  smtp = await startLocalSmtp();
  ctx = await makeTestContext({ population: 50 });
  ctx.config.notifications = { ...ctx.config.notifications, smtpUrl: smtp.url, maxAttempts: 3 };
  app = await buildApp(ctx);
  await ctx.db.query('UPDATE users SET email = $2 WHERE iin = $1', [citizen.iin, EMAIL]);
  await createUser(ctx.db, { iin: noPhone.iin, surname: 'Телефонсыз', givenName: 'Азамат', password: noPhone.password, roles: ['citizen'] });
  for (const who of [citizen, clerk, head, executor, admin, noPhone]) tokens.set(who.iin, await loginAs(who));
});
after(async () => {
  await app?.close();
  await ctx?.close();
  closeMailers();
  await smtp?.stop();
});

describe(`notifications (${engine})`, () => {
  test('submission (with the expected date), registration and the signed decision: inbox, e-mail over SMTP and SMS, each once, in the default language', async () => {
    const defaults = (await app.inject({ url: '/api/v1/me/notification-preferences', headers: auth(citizen) })).json();
    assert.deepEqual(defaults.channels, { inbox: true, email: true, sms: true }, 'an address and a phone: both on by default');
    assert.equal(defaults.language, 'kk');
    assert.equal(defaults.email, EMAIL);

    const a = await filed();
    const dd = `${a.dueDate.slice(8, 10)}.${a.dueDate.slice(5, 7)}.${a.dueDate.slice(0, 4)}`;
    let box = await inbox();
    const submitted = box.items.find((n) => n.applicationId === a.id && n.kind === 'submitted');
    assert.ok(submitted, 'the submission is in the inbox');
    assert.equal(submitted.number, a.number);
    assert.ok(submitted.text.en.includes(dd) && submitted.text.ru.includes(dd) && submitted.text.kk.includes(dd), `the expected date ${dd}: ${submitted.text.en}`);
    assert.match(submitted.text.en, /Issuance of archival references|archival/i);
    let mails = mailsFor(a.number);
    assert.equal(mails.length, 1, 'one e-mail for the submission');
    assert.equal(mails[0]!.to, EMAIL);
    assert.equal(mails[0]!.subject, `${a.number} өтініші қабылданды`, 'in Kazakh, the default');
    assert.ok(mails[0]!.text.includes(dd));
    let sms = await smsFor(a.number);
    assert.equal(sms.length, 1);
    assert.equal(sms[0]!.purpose, 'notify-submitted');

    await step(clerk, a.id, 'register');
    await drain();
    box = await inbox();
    assert.ok(box.items.some((n) => n.applicationId === a.id && n.kind === 'registered'), 'registration is in the inbox');
    await step(head, a.id, 'assign', { executorId: await executorId() });
    await step(executor, a.id, 'approve');
    await drain();
    assert.equal(mailsFor(a.number).length, 2, 'assigning and preparing the decision tell the applicant nothing');
    await sign(a.id);
    await drain();
    box = await inbox();
    const kinds = box.items.filter((n) => n.applicationId === a.id).map((n) => n.kind).reverse();
    assert.deepEqual(kinds, ['submitted', 'registered', 'ready']);
    mails = mailsFor(a.number);
    assert.deepEqual(
      mails.map((m) => m.subject),
      [`${a.number} өтініші қабылданды`, `${a.number} өтініші тіркелді`, `${a.number} өтініші бойынша нәтиже дайын`],
    );
    assert.equal(new Set(mails.map((m) => m.messageId)).size, 3, 'each e-mail has its own Message-ID');
    sms = await smsFor(a.number);
    assert.deepEqual(sms.map((s) => s.purpose).reverse(), ['notify-submitted', 'notify-registered', 'notify-ready']);
    const states = (await ctx.db.query<{ state: string; n: number }>("SELECT d.state, count(*)::int n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.application_id = $1 GROUP BY d.state", [a.id])).rows;
    assert.deepEqual(states, [{ state: 'sent', n: 6 }]);

    // A job run again after the server accepted sends nothing twice.
    const sent = (await ctx.db.query<{ id: string }>("SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.application_id = $1 AND d.channel = 'email'", [a.id])).rows;
    for (const d of sent) assert.equal(await deliverEmail(ctx, Number(d.id)), 'nothing');
    await ctx.db.query("UPDATE jobs SET state = 'pending', done_at = NULL, run_at = now() WHERE kind IN ('notify.email', 'notify.sms') AND (payload->>'deliveryId')::bigint = ANY($1::bigint[])", [sent.map((d) => Number(d.id))]);
    await drain();
    assert.equal(mailsFor(a.number).length, 3, 'retried jobs of sent e-mails: still three messages');

    // Read / unread.
    const unread = box.unread;
    const read = await app.inject({ method: 'POST', url: `/api/v1/me/notifications/${submitted.id}/read`, headers: auth(citizen) });
    assert.equal(read.statusCode, 200, read.body);
    assert.ok(read.json().readAt);
    const again = await app.inject({ method: 'POST', url: `/api/v1/me/notifications/${submitted.id}/read`, headers: auth(citizen) });
    assert.equal(again.json().readAt, read.json().readAt, 'reading again changes nothing');
    assert.equal((await inbox()).unread, unread - 1);
    const onlyUnread = (await app.inject({ url: '/api/v1/me/notifications', query: { unread: 'true', limit: '100' }, headers: auth(citizen) })).json() as { items: Item[] };
    assert.ok(!onlyUnread.items.some((n) => n.id === submitted.id));
    // Someone else's notification, or no notification at all: 404, nothing marked.
    for (const [who, id] of [
      [clerk, box.items.find((n) => n.kind === 'ready')!.id],
      [citizen, '0190a000-0000-7000-8000-000000000000'],
      [citizen, 'not-a-uuid'],
    ] as const) {
      const r = await app.inject({ method: 'POST', url: `/api/v1/me/notifications/${id}/read`, headers: auth(who) });
      assert.equal(r.statusCode, 404, r.body);
      assert.equal(r.json().code, 'NOTIFICATION_NOT_FOUND');
    }
    assert.equal((await inbox()).unread, unread - 1);
    // Paging: one at a time reaches every item once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = (await app.inject({ url: '/api/v1/me/notifications', query: { limit: '1', ...(cursor ? { cursor } : {}) }, headers: auth(citizen) })).json();
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, (await inbox()).items.map((n) => n.id));
    const badCursor = await app.inject({ url: '/api/v1/me/notifications', query: { cursor: 'x!' }, headers: auth(citizen) });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json().code, 'INVALID_CURSOR');
  });

  test('preferences: a channel off gets nothing, Russian text in Russian; bad preferences are refused with their own code and change nothing', async () => {
    const before = (await app.inject({ url: '/api/v1/me/notification-preferences', headers: auth(citizen) })).json();
    for (const [body, status, code, path] of [
      [{ language: 'ru', channels: { inbox: false, email: true, sms: true } }, 422, 'NOTIFICATION_INBOX_REQUIRED', '/channels/inbox'],
      [{ language: 'de', channels: { email: true, sms: true } }, 422, 'VALIDATION_FAILED', '/language'],
      [{ language: 'ru', channels: { email: true, sms: true }, email: 'not-an-address' }, 422, 'VALIDATION_FAILED', '/email'],
      [{ language: 'ru', channels: { email: true, sms: true, fax: true } }, 422, 'VALIDATION_FAILED', null],
    ] as const) {
      const r = await prefs(body);
      assert.equal(r.statusCode, status, r.body);
      assert.equal(r.json().code, code);
      if (path) assert.equal(r.json().path, path);
      assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
    }
    const noEmail = await prefs({ language: 'en', channels: { email: true, sms: false } }, noPhone);
    assert.equal(noEmail.statusCode, 422, noEmail.body);
    assert.equal(noEmail.json().code, 'NOTIFICATION_EMAIL_REQUIRED');
    const noSms = await prefs({ language: 'en', channels: { email: false, sms: true } }, noPhone);
    assert.equal(noSms.statusCode, 422);
    assert.equal(noSms.json().code, 'NOTIFICATION_PHONE_REQUIRED');
    assert.deepEqual((await app.inject({ url: '/api/v1/me/notification-preferences', headers: auth(citizen) })).json(), before, 'nothing changed');
    assert.equal((await ctx.db.query('SELECT 1 FROM notification_preferences')).rows.length, 0);

    // Russian, e-mail only.
    const ru = await prefs({ language: 'ru', channels: { email: true, sms: false } });
    assert.equal(ru.statusCode, 200, ru.body);
    assert.deepEqual(ru.json().channels, { inbox: true, email: true, sms: false });
    const a = await filed();
    const mails = mailsFor(a.number);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.subject, `Заявление ${a.number} принято`);
    assert.match(mails[0]!.text, /Ожидаемая дата результата: \d{2}\.\d{2}\.\d{4}/);
    assert.equal(mails[0]!.headers['content-language'], 'ru');
    assert.deepEqual(await smsFor(a.number), [], 'SMS off: no text message');
    // Then e-mail off too (and another address kept for later): only the inbox.
    assert.equal((await prefs({ language: 'ru', channels: { email: false, sms: false }, email: 'other@example.kz' })).statusCode, 200);
    await step(clerk, a.id, 'register');
    await drain();
    assert.equal(mailsFor(a.number).length, 1, 'e-mail off: no e-mail for the registration');
    assert.deepEqual(await smsFor(a.number), []);
    assert.ok((await inbox()).items.some((n) => n.applicationId === a.id && n.kind === 'registered'), 'the inbox has it anyway');
    const audit = await ctx.db.query<{ n: number }>("SELECT count(*)::int n FROM audit_log WHERE event = 'notifications.preferences'");
    assert.equal(audit.rows[0]!.n, 2, 'each change of preferences is audited; refused ones are not');
  });

  test('SMTP down: retried with backoff, then dead; the admin sees it and replays it when the server is back — received once', async () => {
    assert.equal((await prefs({ language: 'en', channels: { email: true, sms: true } })).statusCode, 200);
    await smtp.stop();
    const token = tokens.get(citizen.iin)!;
    const example = (await app.inject({ url: `/api/v1/services/${SERVICE}` })).json().form.example as Record<string, unknown>;
    const form = await withRequiredFiles(app.inject.bind(app) as never, token, SERVICE, { ...example, applicantIin: citizen.iin });
    const key = `nt-down-${randomBytes(4).toString('hex')}`;
    const draft = { serviceCode: SERVICE, channel: 'portal', form };
    const cms = await cmsOf(citizen, signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }));
    const filedR = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...auth(citizen), 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
    assert.equal(filedR.statusCode, 201, filedR.body);
    const a = filedR.json() as { id: string; number: string };
    // The queue's own backoff first: after the first failure the job waits 2 s.
    for (let i = 0; i < 5; i++) await runDueJobs(ctx, JOB_HANDLERS);
    const job = (await ctx.db.query<{ id: number; state: string; attempts: number; s: number; payload: { deliveryId: number } }>(
      "SELECT j.id, j.state, j.attempts, extract(epoch FROM j.run_at - now())::float8 AS s, j.payload FROM jobs j JOIN notification_deliveries d ON d.id = (j.payload->>'deliveryId')::bigint JOIN notifications n ON n.id = d.notification_id WHERE j.kind = 'notify.email' AND n.application_id = $1",
      [a.id],
    )).rows[0]!;
    assert.equal(job.state, 'pending');
    assert.equal(job.attempts, 1);
    assert.ok(job.s > 0.5 && job.s <= 2.1, `backoff 2^1 s: ${job.s}`);
    assert.ok((await smsFor(a.number)).length === 1, 'the SMS went meanwhile: channels are independent');
    await ctx.db.query('UPDATE jobs SET run_at = now() WHERE id = $1', [job.id]);
    await drain();
    const d = (await ctx.db.query<{ state: string; attempts: number; last_error: string }>('SELECT state, attempts, last_error FROM notification_deliveries WHERE id = $1', [job.payload.deliveryId])).rows[0]!;
    assert.equal(d.state, 'dead');
    assert.equal(d.attempts, 3, 'NOTIFY_MAX_ATTEMPTS (3 here)');
    assert.match(d.last_error, /ECONNREFUSED|connect/i);
    assert.equal((await ctx.db.query<{ state: string }>('SELECT state FROM jobs WHERE id = $1', [job.id])).rows[0]!.state, 'failed');

    // The dead-letter list: the admin's only.
    assert.equal((await app.inject({ url: '/api/v1/admin/notifications/dead', headers: auth(citizen) })).statusCode, 403);
    const dead = (await app.inject({ url: '/api/v1/admin/notifications/dead', headers: auth(admin) })).json() as { items: Array<{ id: number; applicationId: string; channel: string; address: string; attempts: number; lastError: string; kind: string }> };
    const mine = dead.items.find((x) => x.id === job.payload.deliveryId);
    assert.ok(mine, 'listed');
    assert.deepEqual([mine.applicationId, mine.channel, mine.kind, mine.attempts], [a.id, 'email', 'submitted', 3]);
    assert.equal(mine.address, 'n***@example.kz', 'the address masked');
    assert.ok(mine.lastError);

    // Bad replays: none found, none changed.
    const nf = await app.inject({ method: 'POST', url: '/api/v1/admin/notifications/dead/999999/replay', headers: auth(admin) });
    assert.equal(nf.statusCode, 404);
    assert.equal(nf.json().code, 'NOTIFICATION_DELIVERY_NOT_FOUND');
    const sentOne = (await ctx.db.query<{ id: string }>("SELECT id FROM notification_deliveries WHERE state = 'sent' AND channel = 'email' LIMIT 1")).rows[0]!;
    const notDead = await app.inject({ method: 'POST', url: `/api/v1/admin/notifications/dead/${sentOne.id}/replay`, headers: auth(admin) });
    assert.equal(notDead.statusCode, 409);
    assert.equal(notDead.json().code, 'NOTIFICATION_NOT_DEAD');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/admin/notifications/dead/${mine.id}/replay`, headers: auth(citizen) })).statusCode, 403);

    await smtp.start();
    const replay = await app.inject({ method: 'POST', url: `/api/v1/admin/notifications/dead/${mine.id}/replay`, headers: auth(admin) });
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.json().state, 'pending');
    const twice = await app.inject({ method: 'POST', url: `/api/v1/admin/notifications/dead/${mine.id}/replay`, headers: auth(admin) });
    assert.equal(twice.statusCode, 409, 'a replay that is pending is not replayed again');
    await drain();
    const got = mailsFor(a.number);
    assert.equal(got.length, 1, 'received once');
    assert.equal(got[0]!.subject, `Application ${a.number} accepted`);
    assert.equal((await ctx.db.query<{ state: string }>('SELECT state FROM notification_deliveries WHERE id = $1', [mine.id])).rows[0]!.state, 'sent');
    assert.ok(!((await app.inject({ url: '/api/v1/admin/notifications/dead', headers: auth(admin) })).json().items as Array<{ id: number }>).some((x) => x.id === mine.id));
    const audited = await ctx.db.query("SELECT 1 FROM audit_log WHERE event = 'notifications.replayed' AND subject_id = $1", [String(mine.id)]);
    assert.equal(audited.rows.length, 1);
  });
});
