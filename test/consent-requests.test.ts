/**
 * Staff asking a person for consent (issue 8, items 13 and 16): the SMS from the official sender
 * is a fixed kk/ru template with a purpose chosen from a list (no free staff text), sends are
 * limited per person and requester in PostgreSQL (also under concurrency), and the request, the
 * confirmation and the revocation each write an audit row naming the actor and, where one acts
 * for another, both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { findUserByIin } from '../src/accounts/accounts.ts';
import { CONSENT_PURPOSES, requestConsent } from '../src/consent/consent.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { writesAuditEvent } from './helpers/audit-faults.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS[0]!;
const other = DEMO_ACCOUNTS[1]!;
const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator')!;
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk')!;
const tokens: Record<string, string> = {};

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  for (const a of [citizen, operator, clerk]) tokens[a.iin] = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: a.iin, password: a.password } })).json().token;
});
after(async () => {
  await app.close();
  await ctx.close();
});

const as = (a: { iin: string }) => ({ authorization: `Bearer ${tokens[a.iin]}` });
const ask = (by: { iin: string }, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/consents', headers: as(by), payload });
const smsCount = async (phone: string) => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sms_outbox WHERE phone = $1', [phone])).rows[0]!.n;
const lastSms = async (phone: string) => (await ctx.db.query<{ body: string }>('SELECT body FROM sms_outbox WHERE phone = $1 ORDER BY id DESC LIMIT 1', [phone])).rows[0]!.body;
const audit = async (event: string, subjectId: string) =>
  (await ctx.db.query<{ actor_id: string | null; actor_role: string | null; on_behalf_of: string | null; subject_type: string; subject_id: string; data: Record<string, unknown> }>(
    'SELECT actor_id, actor_role, on_behalf_of, subject_type, subject_id, data FROM audit_log WHERE event = $1 AND subject_id = $2 ORDER BY id',
    [event, subjectId],
  )).rows;

test(`the purpose is chosen from a list; free text never reaches the SMS (${engine})`, async () => {
  const before = await smsCount(citizen.phone);
  for (const purpose of ['Позвоните 8 777 000 00 00, ваш счёт заблокирован', 'archival-reference', '']) {
    const r = await ask(operator, { subjectIin: citizen.iin, purpose, systems: ['persons'] });
    assert.equal(r.statusCode, 422, `${purpose}: ${r.body}`);
    assert.equal(r.json().code, 'VALIDATION_FAILED');
    assert.equal(r.json().errors[0].path, '/purpose');
  }
  // An unknown service is refused as well (it is stored with the consent).
  const svc = await ask(operator, { subjectIin: citizen.iin, purpose: 'public-service', systems: ['persons'], serviceCode: 'no-such-service' });
  assert.equal(svc.statusCode, 404, svc.body);
  assert.equal(svc.json().code, 'UNKNOWN_SERVICE');
  assert.equal(await smsCount(citizen.phone), before, 'no SMS for a refused request');

  // The list: every purpose has kk/ru/en labels.
  assert.ok(Object.keys(CONSENT_PURPOSES).length >= 4);
  for (const [code, p] of Object.entries(CONSENT_PURPOSES)) assert.ok(p.kk && p.ru && p.en, code);
  const list = await app.inject({ url: '/api/v1/consents/purposes', headers: as(operator) });
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json().items.map((x: { code: string }) => x.code), Object.keys(CONSENT_PURPOSES));

  const r = await ask(operator, { subjectIin: citizen.iin, purpose: 'address-check', systems: ['persons', 'address'], serviceCode: 'archival-reference' });
  assert.equal(r.statusCode, 201, r.body);
  const body = await lastSms(citizen.phone);
  const p = CONSENT_PURPOSES['address-check'];
  // Exactly the fixed template: who asks (from the account, not typed), which systems, why — in kk and ru.
  const code = /(\d{6})/.exec(body)![1]!;
  assert.equal(body, consentSmsExpected({ who: `${operator.surname} ${operator.givenName[0]}.`, systemsKk: '«Жеке тұлғалар» МДБ, Мекенжай тіркелімі', systemsRu: 'ГБД «Физические лица», Адресный регистр', purposeKk: p.kk, purposeRu: p.ru, code }));
});

function consentSmsExpected(x: { who: string; systemsKk: string; systemsRu: string; purposeKk: string; purposeRu: string; code: string }) {
  return (
    `Qyzmet: ${x.who} дербес деректеріңізге (${x.systemsKk}) қол жеткізуге келісім сұрайды. Мақсаты: ${x.purposeKk}. Келісім коды: ${x.code}. ` +
    `/ ${x.who} запрашивает согласие на доступ к вашим данным (${x.systemsRu}). Цель: ${x.purposeRu}. Код согласия: ${x.code}. Если вы не обращались — не сообщайте код.`
  );
}

test(`consent requests are limited per person and requester, also when they arrive at once (${engine})`, async () => {
  const before = await smsCount(other.phone);
  const out = await Promise.all(Array.from({ length: 8 }, () => ask(clerk, { subjectIin: other.iin, purpose: 'identity-check', systems: ['persons'] })));
  const ok = out.filter((r) => r.statusCode === 201).length;
  const limited = out.filter((r) => r.statusCode === 429);
  assert.equal(ok, 3, out.map((r) => r.statusCode).join(','));
  assert.equal(limited.length, 5);
  assert.equal(limited[0]!.json().code, 'CONSENT_REQUEST_LIMIT');
  assert.ok(limited[0]!.json().message.kk && limited[0]!.json().message.ru && limited[0]!.json().message.en);
  assert.ok(Number(limited[0]!.headers['retry-after']) > 0);
  // How long until the oldest of the three leaves the 10-minute window.
  const wait = limited[0]!.json().details.retryAfterMs as number;
  assert.ok(wait > 9 * 60_000 && wait <= 10 * 60_000, String(wait));
  assert.equal(await smsCount(other.phone), before + 3, 'no SMS beyond the limit');
  // The refusals are audited too (who tried to send what to whom).
  assert.equal((await audit('consent.request-limited', other.iin)).length, 5);

  // Per requester, across persons (a small limit given to the function).
  const staff = (await findUserByIin(ctx.db, operator.iin))!;
  const limits = { perPair: { max: 10, minutes: 10 }, perPerson: { max: 10, minutes: 1440 }, perRequester: { max: 1, minutes: 60 } };
  await assert.rejects(requestConsent(ctx.db, staff, { subjectIin: other.iin, purpose: 'identity-check', systems: ['persons'] }, limits), /CONSENT_REQUEST_LIMIT/);
});

test(`request, confirmation and revocation each write an audit row (${engine})`, async () => {
  const staff = (await findUserByIin(ctx.db, clerk.iin))!;
  const person = (await findUserByIin(ctx.db, citizen.iin))!;
  const asked = await ask(clerk, { subjectIin: citizen.iin, purpose: 'public-service', systems: ['persons'] });
  assert.equal(asked.statusCode, 201, asked.body);
  const id = asked.json().consentId as string;
  const req = await audit('consent.requested', id);
  assert.equal(req.length, 1);
  assert.equal(req[0]!.actor_id, staff.id);
  assert.equal(req[0]!.actor_role, 'provider-clerk');
  assert.equal(req[0]!.subject_type, 'consent');
  assert.equal(req[0]!.data.subjectIin, citizen.iin);
  assert.equal(req[0]!.data.purpose, 'public-service');
  assert.deepEqual(req[0]!.data.systems, ['persons']);
  assert.match(String(req[0]!.data.smsTo), /\*\*\*/, 'the masked phone the SMS went to');

  const code = /(\d{6})/.exec(await lastSms(citizen.phone))![1]!;
  const ok = await app.inject({ method: 'POST', url: `/api/v1/consents/${id}/confirm`, headers: as(clerk), payload: { code } });
  assert.equal(ok.statusCode, 200, ok.body);
  const conf = await audit('consent.confirmed', id);
  assert.equal(conf.length, 1);
  // The clerk typed the code the person gave: the clerk acts, for the person.
  assert.equal(conf[0]!.actor_id, staff.id);
  assert.equal(conf[0]!.on_behalf_of, person.id);

  const rev = await app.inject({ method: 'POST', url: `/api/v1/me/consents/${id}/revoke`, headers: as(citizen) });
  assert.equal(rev.statusCode, 200, rev.body);
  const r = await audit('consent.revoked', id);
  assert.equal(r.length, 1);
  assert.equal(r[0]!.actor_id, person.id);
  assert.equal(r[0]!.actor_role, 'citizen');
  // Revoking again changes nothing and writes nothing.
  assert.equal((await app.inject({ method: 'POST', url: `/api/v1/me/consents/${id}/revoke`, headers: as(citizen) })).statusCode, 404);
  assert.equal((await audit('consent.revoked', id)).length, 1);
});

test(`a consent request is one action: exactly one audit row, in the transaction of the consent; nothing when it fails (${engine})`, async () => {
  const head = (await findUserByIin(ctx.db, DEMO_ACCOUNTS.find((a) => a.role === 'provider-head')!.iin))!;
  const person = DEMO_ACCOUNTS.find((a) => a.role === 'quality-auditor')!;
  const wide = { perPair: { max: 100, minutes: 10 }, perPerson: { max: 100, minutes: 1440 }, perRequester: { max: 100, minutes: 60 } };
  const maxId = async () => (await ctx.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit_log')).rows[0]!.id;
  const since = async (id: number) => (await ctx.db.query<{ event: string; subject_id: string; actor_id: string; actor_role: string }>('SELECT event, subject_id, actor_id, actor_role FROM audit_log WHERE id > $1 ORDER BY id', [id])).rows;
  const written = async () => ({
    consents: (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM consents WHERE subject_iin = $1', [person.iin])).rows[0]!.n,
    codes: (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM otp_codes o JOIN users u ON u.id = o.user_id WHERE o.purpose = 'consent' AND u.iin = $1", [person.iin])).rows[0]!.n,
    sms: await smsCount(person.phone),
  });
  const input = { subjectIin: person.iin, purpose: 'identity-check' as const, systems: ['persons' as const] };

  // Success: the consent, its code and SMS, and one audit row naming it (beside the code's own `otp.issued`, same transaction).
  let mark = await maxId();
  const before = await written();
  const ok = await requestConsent(ctx.db, head, input, wide);
  assert.deepEqual(await written(), { consents: before.consents + 1, codes: before.codes + 1, sms: before.sms + 1 });
  assert.deepEqual(await since(mark), [
    { event: 'otp.issued', subject_id: person.iin, actor_id: head.id, actor_role: 'provider-head' },
    { event: 'consent.requested', subject_id: ok.consentId, actor_id: head.id, actor_role: 'provider-head' },
  ]);

  // Its audit row cannot be written (the last write of the action): the consent, the code and the SMS are not written either (one transaction).
  const failingAudit = {
    ...ctx.db,
    tx: <T>(fn: (q: import('../src/db/db.ts').Queryable) => Promise<T>) =>
      ctx.db.tx((q) =>
        fn({
          exec: (sql: string) => q.exec(sql),
          query: <R>(sql: string, params?: unknown[], name?: string) => {
            if (writesAuditEvent(params, name, 'consent.requested')) throw new Error('audit log unavailable');
            return q.query<R>(sql, params, name);
          },
        }),
      ),
  };
  mark = await maxId();
  const mid = await written();
  await assert.rejects(requestConsent(failingAudit, head, input, wide), /audit log unavailable/);
  assert.deepEqual(await written(), mid);
  assert.deepEqual(await since(mark), []);

  // Refused before the transaction writes anything: a person without an account (no phone), a role that may not ask.
  const citizenUser = (await findUserByIin(ctx.db, citizen.iin))!;
  await assert.rejects(requestConsent(ctx.db, head, { ...input, subjectIin: '000000000000' }, wide), (e: { code?: string; status?: number }) => e.code === 'NO_PHONE' && e.status === 422);
  await assert.rejects(requestConsent(ctx.db, citizenUser, input, wide), (e: { code?: string; status?: number }) => e.code === 'FORBIDDEN' && e.status === 403);
  assert.deepEqual(await written(), mid);
  assert.deepEqual(await since(mark), []);
});
