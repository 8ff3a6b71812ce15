/**
 * Issue 8 item 15: the deadline from the form's facts, as the application itself computes it
 * (POST /api/v1/services/{code}/deadline), the facts the service page asks, calendar-month terms
 * (marriage "after one month from the application") and a term's notice as data (paternity).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { findUserByIin } from '../src/accounts/accounts.ts';
import { submitApplication } from '../src/applications/applications.ts';
import { defaultCalendar } from '../src/calendar/calendar.ts';
import { addCalendarMonths, computeDeadline } from '../src/calendar/deadline.ts';
import { atLocal } from '../src/calendar/time.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { termFactFields } from '../src/registry/terms.ts';
import { makeTestContext } from './helpers/context.ts';

const cal = defaultCalendar();
const registry = await loadRegistry();
const current = (code: string) => {
  const d = registry.inForce(code, new Date());
  assert.ok(d, code);
  return d;
};

describe('calendar-month terms (pure)', () => {
  test('addCalendarMonths: the same day of the month, or the month’s last day when it has none', () => {
    assert.equal(addCalendarMonths('2025-03-03', 1), '2025-04-03');
    assert.equal(addCalendarMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addCalendarMonths('2024-01-31', 1), '2024-02-29', 'leap year');
    assert.equal(addCalendarMonths('2025-12-15', 1), '2026-01-15', 'across the year');
    assert.equal(addCalendarMonths('2025-08-31', 6), '2026-02-28');
    assert.equal(addCalendarMonths('2025-05-31', 0), '2025-05-31');
    assert.throws(() => addCalendarMonths('2025-02-30', 1), RangeError);
  });

  test('marriage: registered after one calendar month from the application, not after 30 days (003 L329, ru L1993)', () => {
    const def = current('marriage-registration');
    const term = def.terms.find((t) => t.id === 'registration')!;
    assert.equal(term.unit, 'calendar-months');
    assert.equal(term.amount, 1);
    // Filed Monday 3 March 2025: 30 calendar days end on 2 April, one month on 3 April.
    const r = computeDeadline(def, { channel: 'provider', filedAt: atLocal('2025-03-03', '10:00'), values: { requestType: 'registration' } }, cal)!;
    assert.equal(r.termId, 'registration');
    assert.equal(r.acceptanceDate, '2025-03-03');
    assert.equal(r.dueDate, addCalendarMonths('2025-03-03', 1));
    assert.equal(r.dueDate, '2025-04-03');
    assert.match(r.basis.en, /1 calendar month/);
    assert.match(r.basis.ru, /1 календарный месяц/);
    // 31 January → the last day of February.
    const jan = computeDeadline(def, { channel: 'provider', filedAt: atLocal('2025-01-31', '10:00'), values: { requestType: 'registration' } }, cal)!;
    assert.equal(jan.dueDate, '2025-02-28');
  });

  test('a month ending on a day off moves to the next working day (Civil Code rule on the last day)', () => {
    const def = current('marriage-registration');
    // Accepted Friday 21 Feb 2025: one month ends on Friday 21 Mar, Nauryz → the next working day.
    const r = computeDeadline(def, { channel: 'provider', filedAt: atLocal('2025-02-21', '10:00'), values: { requestType: 'registration' } }, cal)!;
    assert.equal(r.termEnd, '2025-03-21');
    assert.ok(!cal.isWorkingDay('2025-03-21'));
    assert.equal(r.dueDate, cal.nextWorkingDay('2025-03-21'));
  });
});

describe('a term’s notice is data the engine uses (paternity, 003 L742)', () => {
  test('birth record held by another body: 30 calendar days, and the applicant is notified within 3 calendar days', () => {
    const def = current('paternity-registration');
    const term = def.terms.find((t) => t.id === 'birth-record-elsewhere')!;
    assert.deepEqual(term.notice && { amount: term.notice.amount, unit: term.notice.unit }, { amount: 3, unit: 'calendar-days' });
    const values = { requestType: 'registration', birthRecordElsewhere: true };
    // Accepted Tuesday 18 Mar 2025: + 3 calendar days = Friday 21 Mar (Nauryz) → the next working day.
    const r = computeDeadline(def, { channel: 'provider', filedAt: atLocal('2025-03-18', '10:00'), values }, cal)!;
    assert.equal(r.termId, 'birth-record-elsewhere');
    assert.equal(r.noticeBy, cal.nextWorkingDay('2025-03-21'));
    assert.match(r.basis.en, /notified within 3 calendar days/);
    // A term without a notice has none.
    const plain = computeDeadline(def, { channel: 'provider', filedAt: atLocal('2025-03-18', '10:00'), values: { requestType: 'amendment' } }, cal)!;
    assert.equal(plain.noticeBy, undefined);
  });
});

describe('the facts that change the term (what the service page asks)', () => {
  test('only the form fields the channel’s term conditions use, in form order', () => {
    const names = (code: string, channel: 'portal' | 'centre' | 'provider') => termFactFields(current(code), channel).map((f) => f.name);
    assert.deepEqual(names('divorce-registration', 'centre'), ['requestType', 'divorceGround', 'courtDecisionElsewhere']);
    assert.deepEqual(names('birth-registration', 'portal'), ['requestType', 'childBirthDate']);
    assert.deepEqual(names('paternity-registration', 'provider'), ['requestType', 'birthRecordElsewhere']);
    assert.deepEqual(names('guardianship-reference', 'portal'), [], 'one term: nothing to ask');
  });
});

describe('POST /api/v1/services/{code}/deadline: the term from the form’s facts, as the application computes it', () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });
  const post = (code: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/v1/services/${code}/deadline`, payload });
  // A centre in Oral: the West Kazakhstan civil-registry services are routed by the centre's region.
  const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator' && a.orgId === 'psc-oral-01')!;
  let n = 0;
  /** The due date an application filed at `filedAt` with `form` gets (the centre: no signature needed). */
  const filed = async (code: string, form: Record<string, unknown>, filedAt: string) => {
    const user = (await findUserByIin(ctx.db, operator.iin))!;
    // Lodged for a citizen (the case model: the operator is the submitter, not the applicant).
    const r = await submitApplication(ctx, user, { serviceCode: code, channel: 'centre', form, intake: { applicantIin: DEMO_ACCOUNTS[0]!.iin } }, `facts-${++n}`, new Date(filedAt));
    const row = await ctx.db.query<{ due_date: string; deadline_basis: { termId: string } }>(
      "SELECT to_char(due_date, 'YYYY-MM-DD') due_date, deadline_basis FROM applications WHERE id = $1",
      [r.id],
    );
    return { dueDate: row.rows[0]!.due_date, termId: row.rows[0]!.deadline_basis.termId };
  };
  const filedAt = '2025-03-18T10:00:00+05:00';

  test('court-based divorce → 2 working days, the same as the filed application', async () => {
    const form = {
      requestType: 'registration',
      applicantIin: '880515300120',
      divorceGround: 'court-decision',
      marriageDate: '2013-08-24',
      courtName: 'Орал қалалық соты',
      courtDecisionDate: '2025-03-01',
      courtDecisionElsewhere: false,
      phone: '+77073214567',
    };
    const facts = { requestType: 'registration', divorceGround: 'court-decision', courtDecisionElsewhere: false };
    const r = await post('divorce-registration', { channel: 'centre', filedAt, form: facts });
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json();
    assert.equal(d.termId, 'court-decision');
    assert.equal(d.dueDate, cal.addWorkingDays('2025-03-18', 2));
    assert.match(d.basisText.en, /2 working days/);
    assert.deepEqual(await filed('divorce-registration', form, filedAt), { dueDate: d.dueDate, termId: d.termId });
    // Without the facts: the general term (1 working day), as GET answers.
    const general = (await post('divorce-registration', { channel: 'centre', filedAt })).json();
    assert.equal(general.termId, 'registration');
    const get = (await app.inject({ url: '/api/v1/services/divorce-registration/deadline', query: { channel: 'centre', filedAt } })).json();
    assert.equal(get.dueDate, general.dueDate);
  });

  test('late birth registration → 15 calendar days, the same as the filed application', async () => {
    const ex = current('birth-registration').form.example;
    const form = { ...ex, childBirthDate: '2025-03-03' };
    const r = await post('birth-registration', { channel: 'centre', filedAt, form: { requestType: 'registration', childBirthDate: '2025-03-03' } });
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json();
    assert.equal(d.termId, 'late-registration');
    assert.match(d.basisText.en, /15 calendar days/);
    assert.deepEqual(await filed('birth-registration', form, filedAt), { dueDate: d.dueDate, termId: d.termId });
    // Born yesterday: the 1-working-day term.
    const fresh = (await post('birth-registration', { channel: 'centre', filedAt, form: { requestType: 'registration', childBirthDate: '2025-03-17' } })).json();
    assert.equal(fresh.termId, 'registration');
  });

  test('the paternity notice date comes back with the deadline', async () => {
    const r = await post('paternity-registration', { channel: 'provider', filedAt, form: { requestType: 'registration', birthRecordElsewhere: true } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().noticeBy, cal.nextWorkingDay('2025-03-21'));
  });

  test('facts are checked like the form (types, unknown fields, options of the channel); missing ones are not required', async () => {
    const wrongType = await post('divorce-registration', { channel: 'centre', filedAt, form: { courtDecisionElsewhere: 'yes' } });
    assert.equal(wrongType.statusCode, 422, wrongType.body);
    assert.equal(wrongType.json().code, 'VALIDATION_FAILED');
    assert.equal(wrongType.json().path, '/form/courtDecisionElsewhere');
    const unknown = await post('divorce-registration', { channel: 'centre', filedAt, form: { nope: 1 } });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().path, '/form/nope');
    const nul = await post('divorce-registration', { channel: 'centre', filedAt, form: { divorceGround: 'court\u0000' } });
    assert.ok(nul.statusCode >= 400 && nul.statusCode < 500, nul.body);
    const badChannel = await post('adoption-registration', { channel: 'portal', filedAt, form: {} });
    assert.equal(badChannel.json().code, 'CHANNEL_NOT_AVAILABLE');
    const badDate = await post('divorce-registration', { channel: 'centre', filedAt: '2025-03-18T25:00', form: {} });
    assert.equal(badDate.json().code, 'INVALID_DATE');
    const extra = await post('divorce-registration', { channel: 'centre', filedAt, form: {}, hack: 1 });
    assert.equal(extra.statusCode, 422);
  });
});
