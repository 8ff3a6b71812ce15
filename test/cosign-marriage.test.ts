/**
 * Two-party marriage and divorce requests on the portal (issue 10, digest §2.22; 003 L387, L1577):
 * the first spouse files and signs, the other spouse — named by IIN in the form — signs the same
 * request in their own cabinet within 48 CLOCK hours (nights, days off and holidays count), or the
 * timer annuls it. The term runs from the second signature. Bad input (late, not the named spouse,
 * twice) is a specific 4xx with nothing changed. The timer is driven by its `now` (a fake clock),
 * never by sleeping. Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser, findUserByIin, type User } from '../src/accounts/accounts.ts';
import { applicationDeadline } from '../src/applications/deadline.ts';
import { submitApplication } from '../src/applications/applications.ts';
import { expireCoSignatures, requiredCoSigners, signCoSignRequest } from '../src/applications/cosign.ts';
import { localDate } from '../src/calendar/time.ts';
import { addWorkingTime, timeLeft } from '../src/calendar/worktime.ts';
import { DEMO_ACCOUNTS, demoKeystore, ensureDemoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { recentSms } from '../src/sms/sms.ts';
import type { ServiceDefinition } from '../src/registry/types.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { regionFor } from './helpers/region.ts';

const MARRIAGE = 'marriage-registration';
const DIVORCE = 'divorce-registration';
const H = 3600_000;

interface Person {
  iin: string;
  password: string;
  phone: string;
  surname: string;
  givenName: string;
  patronymic: string;
  mfaSms?: boolean;
}
const byName = (surname: string): Person => DEMO_ACCOUNTS.find((a) => a.surname === surname)!;
// Two unmarried adults of opposite sex among the demo people (staff have a person and birth record, no marriage).
const groom = byName('Сағынғалиев'); // Ерболат, b. 1997, male
const bride = byName('Жұмаділова'); // Ләззат, b. 1996, female
// The demo citizen and his wife of the synthetic civil registry (married 24.08.2013, demo-families.ts).
const husband = DEMO_ACCOUNTS[0]!; // Ахметов Нұрлан, 880515300120
const wife: Person = { iin: '910402490067', password: 'Qyzmet-2026', phone: '+77019990067', surname: 'Ахметова', givenName: 'Айгүл', patronymic: 'Бақытжанқызы' };
const stranger = DEMO_ACCOUNTS[1]!; // Жұмабаева Әйгерім: named in none of these requests

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();
let n = 0;

/** The last SMS code sent to a phone (the simulated operator's outbox: the wife's phone is no demo phone). */
async function lastCode(phone: string): Promise<string> {
  const sms = (await recentSms(ctx.db, phone, 1))[0]!.body;
  return /\b(\d{6})\b/.exec(sms)![1]!;
}

async function loginAs(who: Person): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  if (!r.json().mfaRequired) return r.json().token as string;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: await lastCode(who.phone) } });
  assert.equal(r2.statusCode, 200, r2.body);
  return r2.json().token as string;
}

const auth = (who: Person, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens.get(who.iin)}`, ...extra });

async function cmsOf(who: Person, bytes: Uint8Array): Promise<string> {
  const p12 = (await demoKeystore(ctx.db, who.iin, 'sign')) ?? (await ensureDemoKeystore(ctx.db, ctx.pki, who.iin, 'sign'));
  assert.ok(p12, `a SIGN keystore for ${who.surname}`);
  return Buffer.from(await signCms(bytes, p12, who.password, { detached: true })).toString('base64');
}

const current = (code: string): ServiceDefinition => ctx.registry.inForce(code)!;
const example = (code: string) => ({ ...(current(code).form.example as Record<string, unknown>) });
const marriageForm = () => ({ ...example(MARRIAGE), applicantIin: groom.iin, secondApplicantIin: bride.iin });
const divorceForm = () => ({ ...example(DIVORCE), applicantIin: husband.iin, divorceGround: 'mutual-consent', secondApplicantIin: wife.iin, hasMinorChildren: false });

/** The first spouse files on the portal, signed with their SIGN key. */
async function file(code: string, who: Person, form: Record<string, unknown>) {
  const key = `cosign-marriage-${engine}-${++n}-${randomBytes(3).toString('hex')}`;
  const region = regionFor(ctx.orgs, code);
  const draft = { serviceCode: code, channel: 'portal', form, ...(region ? { region } : {}) };
  const cms = await cmsOf(who, signingPayload({ ...draft, region: region ?? null, applicantIin: who.iin, idempotencyKey: key }));
  return app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(who, { 'idempotency-key': key }), payload: { ...draft, signature: { method: 'eds', cms } } });
}

async function filed(code: string, who: Person, form: Record<string, unknown>): Promise<{ id: string; number: string; filedAt: Date }> {
  const r = await file(code, who, form);
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().status, 'awaiting-second-applicant', 'waits for the other spouse');
  const filedAt = (await ctx.db.query<{ filed_at: Date }>('SELECT filed_at FROM applications WHERE id = $1', [r.json().id])).rows[0]!.filed_at;
  return { id: r.json().id, number: r.json().number, filedAt };
}

const url = (id: string, tail = '') => `/api/v1/me/co-sign-requests/${id}${tail}`;

/** The co-sign bytes as the server serves them to `reader`, signed with `signer`'s SIGN key. */
async function edsCoSignature(id: string, reader: Person, signer: Person = reader) {
  const p = await app.inject({ method: 'POST', url: url(id, '/signing-payload'), headers: auth(reader) });
  assert.equal(p.statusCode, 200, p.body);
  return { method: 'eds' as const, cms: await cmsOf(signer, Buffer.from(p.json().payload, 'base64')) };
}

const sign = (id: string, signature: unknown, who: Person) => app.inject({ method: 'POST', url: url(id, '/sign'), headers: auth(who), payload: { signature } });
const view = (id: string, who: Person) => app.inject({ url: `/api/v1/applications/${id}`, headers: auth(who) });
const userOf = async (who: Person): Promise<User> => (await findUserByIin(ctx.db, who.iin))!;

/** Everything a refused signature must leave as it was. */
async function snapshot(id: string) {
  const q = async (sql: string) => (await ctx.db.query<Record<string, unknown>>(sql, [id])).rows;
  return {
    app: await q('SELECT status, acceptance_date, due_date, deadline_basis FROM applications WHERE id = $1'),
    cosigners: await q('SELECT iin, status, signed_at, method, otp_id, closed_at FROM application_cosigners WHERE application_id = $1 ORDER BY iin'),
    history: await q('SELECT to_status FROM application_history WHERE application_id = $1 ORDER BY at, to_status'),
    audit: await q("SELECT event FROM audit_log WHERE subject_type = 'application' AND subject_id = $1 ORDER BY id"),
    // (the applicants' notifications are src/notifications' subject: here, what goes to the provider)
    jobs: await q("SELECT kind FROM jobs WHERE payload->>'applicationId' = $1 AND kind NOT LIKE 'notify.%' ORDER BY kind"),
  };
}

function assertCoded(r: { statusCode: number; body: string; json: () => { code: string; message: Record<string, string> } }, status: number, code: string) {
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code);
  const m = r.json().message;
  assert.ok(m.kk && m.ru && m.en, `kk/ru/en text: ${r.body}`);
}

before(async () => {
  ctx = await makeTestContext();
  ctx.config.otp = { ...ctx.config.otp, cooldownSeconds: 0, perPersonHour: 1000, perPersonDay: 1000, perPhoneHour: 1000, perPhoneDay: 1000, perClientMinute: 1000, perClientHour: 1000 };
  app = await buildApp(ctx);
  // The wife has no demo account: she registers on the portal with her IIN, a password and her phone.
  await createUser(ctx.db, { ...wife, roles: ['citizen'] });
  for (const who of [groom, bride, husband, wife, stranger]) tokens.set(who.iin, await loginAs(who));
});
after(async () => {
  await app.close();
  await ctx.close();
});

describe(`two-party marriage and divorce: the definitions (${engine})`, () => {
  test('both versions of both services name the other spouse on the portal for 48 clock hours; the intake timing is in clock hours too', () => {
    for (const code of [MARRIAGE, DIVORCE])
      for (const def of ctx.registry.versions(code)) {
        const at = `${code} v${def.version}`;
        assert.deepEqual(
          def.coApplicants?.map((c) => [c.field, c.channels, c.within]),
          [['secondApplicantIin', ['portal'], { hours: 48, clock: true }]],
          at,
        );
        const f = def.form.fields.find((x) => x.name === 'secondApplicantIin')!;
        assert.equal(f.type, 'iin', at);
        assert.equal(f.role, 'second-applicant', at);
        const timing = def.process.portal!.steps[0]!.timings!.find((t) => t.limit.amount === 48)!;
        assert.deepEqual(timing.limit, { amount: 48, unit: 'clock-hours' }, `${at}: never 48 working hours`);
        assert.ok(def.ambiguities.some((a) => /48 clock hours/.test(a.reading)), `${at}: the reading is stated`);
      }
  });

  test('who must co-sign: the other spouse on the portal only; an amendment, a court divorce or an office application needs nobody', () => {
    const m = current(MARRIAGE);
    const d = current(DIVORCE);
    assert.deepEqual(requiredCoSigners(m, 'portal', marriageForm()), [{ field: 'secondApplicantIin', iin: bride.iin, hours: 48 }]);
    assert.deepEqual(requiredCoSigners(m, 'provider', marriageForm()), []);
    assert.deepEqual(requiredCoSigners(m, 'portal', { requestType: 'amendment', secondApplicantIin: bride.iin }), []);
    assert.deepEqual(requiredCoSigners(d, 'portal', divorceForm()), [{ field: 'secondApplicantIin', iin: wife.iin, hours: 48 }]);
    assert.deepEqual(requiredCoSigners(d, 'portal', { ...divorceForm(), divorceGround: 'court-decision' }), []);
    assert.deepEqual(requiredCoSigners(d, 'centre', divorceForm()), []);
  });
});

describe(`two-party marriage and divorce on the portal (${engine})`, () => {
  test('48 clock hours across a weekend and a holiday: filed Fri 07.03.2025 17:00, the second spouse has until Sun 09.03.2025 17:00 (not 17.03)', async () => {
    // 08.03 (Saturday) is International Women's Day, its day off moved to Monday 10.03.
    const fri = new Date('2025-03-07T12:00:00Z'); // 17:00 in Kazakhstan (UTC+05:00)
    const sun = new Date('2025-03-09T12:00:00Z');
    assert.equal(addWorkingTime(fri, { amount: 48, unit: 'clock-hours' }, ctx.calendar).toISOString(), sun.toISOString());
    // What the definitions said before: 48 working hours end only on Monday 17.03.
    assert.equal(localDate(addWorkingTime(fri, { amount: 48, unit: 'hours' }, ctx.calendar)), '2025-03-17');
    // Time left is plain time too: on the holiday Saturday at 17:00, 24 hours are left.
    const left = timeLeft(fri, { amount: 48, unit: 'clock-hours' }, new Date('2025-03-08T12:00:00Z'), ctx.calendar);
    assert.deepEqual([left.dueAt.toISOString(), left.remainingMinutes, left.overdue], [sun.toISOString(), 24 * 60, false]);
    assert.throws(() => addWorkingTime(fri, { amount: -1, unit: 'clock-hours' }, ctx.calendar), RangeError);

    // Filed at that moment (the filing's clock is the function's `now`).
    const key = `cosign-marriage-fri-${engine}-${randomBytes(3).toString('hex')}`;
    const draft = { serviceCode: MARRIAGE, channel: 'portal' as const, form: marriageForm() };
    const cms = await cmsOf(groom, signingPayload({ ...draft, region: null, applicantIin: groom.iin, idempotencyKey: key }));
    const r = await submitApplication(ctx, await userOf(groom), { ...draft, signature: { method: 'eds', cms } }, key, fri);
    assert.equal(r.status, 'awaiting-second-applicant');
    const c = (await ctx.db.query<{ expires_at: Date }>('SELECT expires_at FROM application_cosigners WHERE application_id = $1', [r.id])).rows[0]!;
    assert.equal(c.expires_at.toISOString(), sun.toISOString(), 'expires Sunday 17:00');

    // The timer on Sunday 16:59:59 leaves it; at 17:00 it annuls it.
    await expireCoSignatures(ctx, 50, new Date(sun.getTime() - 1000));
    assert.equal((await view(r.id, groom)).json().status, 'awaiting-second-applicant', 'still in time on Sunday afternoon');
    assert.ok((await expireCoSignatures(ctx, 50, sun)) >= 1);
    const a = (await view(r.id, groom)).json();
    assert.equal(a.status, 'annulled');
    assert.equal(
      a.history.at(-1).reason.en,
      `The second applicant — Future spouse, IIN ${bride.iin} — did not sign the application by 09.03.2025 17:00 (within 48 hours). The request is annulled; you may apply again.`,
    );
    assert.match(a.history.at(-1).reason.ru, /Будущий супруг \(супруга\), ИИН \d{12} — не подписал заявление до 09\.03\.2025 17:00 \(в течение 48 часов\)/);
    assert.match(a.history.at(-1).reason.kk, /09\.03\.2025 17:00 дейін \(48 сағат ішінде\)/);
  });

  test('a marriage request lapses after 48 clock hours without the second spouse: annulled by the timer with the reason, nothing sent to the provider', async () => {
    const { id, filedAt } = await filed(MARRIAGE, groom, marriageForm());
    const due = new Date(filedAt.getTime() + 48 * H);
    const listed = (await app.inject({ url: '/api/v1/me/co-sign-requests', headers: auth(bride) })).json().items.find((x: { applicationId: string }) => x.applicationId === id);
    assert.equal(listed.as.label.en, 'Future spouse');
    assert.equal(listed.expiresAt, due.toISOString());

    await expireCoSignatures(ctx, 50, new Date(due.getTime() - 1000));
    assert.equal((await view(id, groom)).json().status, 'awaiting-second-applicant', 'one second before the 48 hours: still waiting');
    assert.ok((await expireCoSignatures(ctx, 50, due)) >= 1);
    const a = (await view(id, groom)).json();
    assert.equal(a.status, 'annulled');
    const last = a.history.at(-1);
    assert.equal(last.actorRole, 'portal');
    assert.match(last.reason.en, new RegExp(`Future spouse, IIN ${bride.iin} — did not sign the application by .* \\(within 48 hours\\)\\. The request is annulled`));
    assert.equal(a.coSigners[0].status, 'expired');
    assert.equal(a.dueDate, null);
    const s = await snapshot(id);
    assert.deepEqual(s.jobs, [], 'never delivered to the provider');
    assert.ok(s.audit.some((x) => x.event === 'application.cosign.expired'));
  });

  test('a marriage completes with both signatures: submitted, its term (one month) computed from the second signature, then delivered', async () => {
    const { id, number } = await filed(MARRIAGE, groom, marriageForm());
    const detail = (await app.inject({ url: url(id), headers: auth(bride) })).json();
    assert.equal(detail.number, number);
    assert.equal(detail.applicant.iin, groom.iin);
    assert.equal(detail.form.secondApplicantIin, bride.iin);

    const r = await sign(id, await edsCoSignature(id, bride), bride);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'submitted');
    const row = (await ctx.db.query<{ signed_at: Date; method: string }>('SELECT signed_at, method FROM application_cosigners WHERE application_id = $1', [id])).rows[0]!;
    assert.equal(row.method, 'eds');
    const expected = applicationDeadline(current(MARRIAGE), { channel: 'portal', filedAt: row.signed_at, form: detail.form }, ctx.calendar)!;
    assert.equal(expected.termId, 'registration');
    const a = (await view(id, groom)).json();
    assert.equal(a.status, 'submitted');
    assert.equal(a.acceptanceDate, expected.acceptanceDate);
    assert.equal(a.dueDate, expected.dueDate);
    assert.deepEqual(a.history.map((h: { to: string; actorRole: string }) => [h.to, h.actorRole]), [
      ['awaiting-second-applicant', 'citizen'],
      ['submitted', 'second-applicant'],
    ]);
    assert.deepEqual((await snapshot(id)).jobs, [{ kind: 'application.deliver' }]);
  });

  test('the term runs from the second signature, not the filing: the spouse signing 47 hours later gets dates counted from then', async () => {
    const { id, filedAt } = await filed(MARRIAGE, groom, marriageForm());
    const at = new Date(filedAt.getTime() + 47 * H);
    const out = await signCoSignRequest(ctx, await userOf(bride), id, await edsCoSignature(id, bride), at);
    assert.equal(out.status, 'submitted');
    const form = (await app.inject({ url: url(id), headers: auth(bride) })).json().form;
    const fromSignature = applicationDeadline(current(MARRIAGE), { channel: 'portal', filedAt: at, form }, ctx.calendar)!;
    const a = (await view(id, groom)).json();
    assert.equal(a.acceptanceDate, fromSignature.acceptanceDate);
    assert.equal(a.dueDate, fromSignature.dueDate);
    assert.ok(a.acceptanceDate > localDate(filedAt), `accepted ${a.acceptanceDate}, after the filing day ${localDate(filedAt)}`);
  });

  test('a divorce by mutual consent: the wife signs in her own cabinet with an SMS code → submitted with its term from her signature', async () => {
    const { id } = await filed(DIVORCE, husband, divorceForm());
    const item = (await app.inject({ url: '/api/v1/me/co-sign-requests', headers: auth(wife) })).json().items.find((x: { applicationId: string }) => x.applicationId === id);
    assert.ok(item, 'listed in her cabinet');
    assert.equal(item.as.label.en, 'Other spouse');
    assert.equal(item.applicant.iin, husband.iin);
    const asked = await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(wife) });
    assert.equal(asked.statusCode, 200, asked.body);
    const r = await sign(id, { method: 'sms', otpId: asked.json().otpId, code: await lastCode(wife.phone) }, wife);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'submitted');
    const row = (await ctx.db.query<{ signed_at: Date; method: string }>('SELECT signed_at, method FROM application_cosigners WHERE application_id = $1', [id])).rows[0]!;
    assert.equal(row.method, 'sms');
    const form = (await app.inject({ url: url(id), headers: auth(wife) })).json().form;
    const expected = applicationDeadline(current(DIVORCE), { channel: 'portal', filedAt: row.signed_at, form }, ctx.calendar)!;
    const a = (await view(id, husband)).json();
    assert.equal(a.status, 'submitted');
    assert.equal(a.dueDate, expected.dueDate);
    assert.equal(a.acceptanceDate, expected.acceptanceDate);
    assert.deepEqual((await snapshot(id)).jobs, [{ kind: 'application.deliver' }]);
  });

  test('a divorce request lapses after 48 clock hours without the other spouse', async () => {
    const { id, filedAt } = await filed(DIVORCE, husband, divorceForm());
    assert.ok((await expireCoSignatures(ctx, 50, new Date(filedAt.getTime() + 48 * H))) >= 1);
    const a = (await view(id, husband)).json();
    assert.equal(a.status, 'annulled');
    assert.match(a.history.at(-1).reason.en, new RegExp(`Other spouse, IIN ${wife.iin} — did not sign the application by .* \\(within 48 hours\\)`));
    assert.match(a.history.at(-1).reason.ru, /Второй супруг \(супруга\)/);
  });
});

describe(`two-party requests: bad input is a specific 4xx and changes nothing (${engine})`, () => {
  test('a signature after the 48 hours → 410 COSIGN_EXPIRED, before the timer ran and after it annulled the request', async () => {
    const { id, filedAt } = await filed(MARRIAGE, groom, marriageForm());
    const signature = await edsCoSignature(id, bride);
    const before = await snapshot(id);
    // 48 hours and one second after the filing, the timer not yet run.
    await assert.rejects(signCoSignRequest(ctx, await userOf(bride), id, signature, new Date(filedAt.getTime() + 48 * H + 1000)), (e: { code?: string; status?: number }) => e.code === 'COSIGN_EXPIRED');
    assert.deepEqual(await snapshot(id), before, 'nothing changed');
    // The timer annulled it: the spouse signing now is told the time ran out (not merely "closed").
    assert.ok((await expireCoSignatures(ctx, 50, new Date(filedAt.getTime() + 48 * H))) >= 1);
    const annulled = await snapshot(id);
    assertCoded(await sign(id, signature, bride), 410, 'COSIGN_EXPIRED');
    assertCoded(await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(bride) }), 410, 'COSIGN_EXPIRED');
    assert.deepEqual(await snapshot(id), annulled, 'nothing changed');
    assert.equal(annulled.app[0]!.status, 'annulled');
  });

  test('by someone who is not the named spouse: the applicant → 403 COSIGN_NOT_NAMED, anyone else → 404, the spouse signing with another person\'s key → 422', async () => {
    const { id } = await filed(MARRIAGE, groom, marriageForm());
    const before = await snapshot(id);
    // The groom signs the bytes meant for the bride and sends them himself.
    const payload = (await app.inject({ method: 'POST', url: url(id, '/signing-payload'), headers: auth(bride) })).json().payload as string;
    const groomSig = { method: 'eds', cms: await cmsOf(groom, Buffer.from(payload, 'base64')) };
    assertCoded(await sign(id, groomSig, groom), 403, 'COSIGN_NOT_NAMED');
    assertCoded(await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(groom) }), 403, 'COSIGN_NOT_NAMED');
    assertCoded(await app.inject({ method: 'POST', url: url(id, '/signing-payload'), headers: auth(groom) }), 403, 'COSIGN_NOT_NAMED');
    // Another person, who cannot see the request at all.
    assertCoded(await sign(id, await (async () => ({ method: 'eds', cms: await cmsOf(stranger, Buffer.from(payload, 'base64')) }))(), stranger), 404, 'NOT_FOUND');
    assertCoded(await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(stranger) }), 404, 'NOT_FOUND');
    // The bride's session, the groom's certificate: the signer is not the named spouse.
    assertCoded(await sign(id, groomSig, bride), 422, 'EDS_IIN_MISMATCH');
    assert.deepEqual(await snapshot(id), before, 'nothing changed');
    // The named spouse still can.
    const ok = await sign(id, await edsCoSignature(id, bride), bride);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'submitted');
  });

  test('a second time → 409 COSIGN_ALREADY_SIGNED (the same signature again answers as before); a divorce spouse\'s second SMS signature likewise', async () => {
    const { id } = await filed(MARRIAGE, groom, marriageForm());
    const first = await edsCoSignature(id, bride);
    assert.equal((await sign(id, first, bride)).statusCode, 200);
    const done = await snapshot(id);
    const replay = await sign(id, first, bride);
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assertCoded(await sign(id, await edsCoSignature(id, bride), bride), 409, 'COSIGN_ALREADY_SIGNED');
    assertCoded(await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(bride) }), 409, 'COSIGN_ALREADY_SIGNED');
    assert.deepEqual(await snapshot(id), done, 'nothing changed');
    assert.equal(done.audit.filter((x) => x.event === 'application.cosigned').length, 1);

    const d = await filed(DIVORCE, husband, divorceForm());
    const c1 = (await app.inject({ method: 'POST', url: url(d.id, '/signing-code'), headers: auth(wife) })).json().otpId as string;
    const code1 = await lastCode(wife.phone);
    assert.equal((await sign(d.id, { method: 'sms', otpId: c1, code: code1 }, wife)).statusCode, 200);
    const signed = await snapshot(d.id);
    assertCoded(await app.inject({ method: 'POST', url: url(d.id, '/signing-code'), headers: auth(wife) }), 409, 'COSIGN_ALREADY_SIGNED');
    assertCoded(await sign(d.id, await edsCoSignature(d.id, wife, husband), wife), 409, 'COSIGN_ALREADY_SIGNED');
    assert.deepEqual(await snapshot(d.id), signed, 'nothing changed');
  });
});
