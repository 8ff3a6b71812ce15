/**
 * Service deadlines, extensions and working-time arithmetic for per-step limits.
 * Fixtures are minimal ServiceDefinition-shaped objects (no dependency on services/*.yaml).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CalendarRangeError, loadCalendar } from '../src/calendar/calendar.ts';
import {
  acceptanceDay,
  addWorkingTime,
  channelHours,
  computeDeadline,
  type DeadlineResult,
  extendDeadline,
  selectTerm,
  timeLeft,
  workingMinutesBetween,
} from '../src/calendar/deadline.ts';
import { atLocal, localClock, localDate, toEpochDay } from '../src/calendar/time.ts';
import { addWorkingMs, countingDay, workingMsBetween } from '../src/calendar/worktime.ts';
import type { Channel, Extension, I18n, ServiceDefinition, StepLimit, Term } from '../src/registry/types.ts';

const cal = loadCalendar();
const L = (en: string): I18n => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });
type Def = Pick<ServiceDefinition, 'terms' | 'hours'>;
const def = (terms: Partial<Term>[], hours?: ServiceDefinition['hours']): Def =>
  ({ terms: terms.map((t, i) => ({ id: `t${i}`, channels: ['centre', 'portal', 'provider'], label: L(`Term ${i}`), ...t }) as Term), hours }) as Def;
const at = (local: string): Date => atLocal(local.slice(0, 10), local.slice(11) || '12:00');
const due = (d: Def, channel: Channel, filed: string, extra: { region?: string; values?: Record<string, unknown> } = {}) =>
  computeDeadline(d, { channel, filedAt: at(filed), ...extra }, cal) as DeadlineResult;

const WD15 = def([{ amount: 15, unit: 'working-days' }]);

// ---------------------------------------------------------------- working vs calendar days

test('working-days term: acceptance day not counted', () => {
  const r = due(WD15, 'centre', '2026-11-20T10:00'); // Friday
  assert.equal(r.acceptanceDate, '2026-11-20');
  assert.equal(r.acceptance, 'same-day');
  assert.equal(r.dueDate, '2026-12-11');
  assert.equal(cal.workingDaysBetween(r.acceptanceDate, r.dueDate), 15);
  assert.equal(r.termId, 't0');
  assert.equal(r.term.amount, 15);
  assert.match(r.basis.en, /15 working days; the day of acceptance is not counted; accepted on Friday 20\.11\.2026; due Friday 11\.12\.2026\.$/);
  assert.match(r.basis.ru, /15 рабочих дней; день приёма не учитывается; заявление принято 20\.11\.2026 \(пятница\)/);
  assert.match(r.basis.kk, /15 жұмыс күні; қабылдау күні есептелмейді/);
});

test('working-days term across a holiday (16 Dec) and New Year', () => {
  const r = due(WD15, 'centre', '2026-12-10T10:00'); // Thu; 16 Dec Wed; 1, 2, 7 Jan off
  // 11,14,15,17,18,21,22,23,24,25,28,29,30,31 Dec = 14; 5 Jan = 15
  assert.equal(r.dueDate, '2027-01-05');
});

test('calendar-days term: acceptance + n; a non-working last day moves forward (Civil Code), and says so', () => {
  const d = def([{ amount: 15, unit: 'calendar-days' }]);
  const ok = due(d, 'centre', '2026-11-16T10:00'); // Mon + 15 = Tue 1 Dec
  assert.equal(ok.dueDate, '2026-12-01');
  assert.equal(ok.termEnd, '2026-12-01');
  assert.doesNotMatch(ok.basis.en, /Civil Code/);
  // ends on a holiday: Tue 1 Dec + 15 = Wed 16 Dec (Independence Day) → Thu 17 Dec
  const h = due(d, 'centre', '2026-12-01T10:00');
  assert.equal(h.termEnd, '2026-12-16');
  assert.equal(h.dueDate, '2026-12-17');
  assert.match(h.basis.en, /ends on Wednesday 16\.12\.2026, a public holiday \(Independence Day\), so under the Civil Code rule on the last day of a term it ends on the next working day, Thursday 17\.12\.2026/);
  assert.match(h.basis.ru, /Гражданского кодекса/);
  assert.match(h.basis.kk, /Азаматтық кодекс/);
  // ends on a Saturday → Monday
  const w = due(d, 'centre', '2026-11-20T10:00'); // Fri + 15 = Sat 5 Dec
  assert.equal(w.dueDate, '2026-12-07');
  // ends on Sat 21 Mar 2026 (Nauryz) → the next working day is Thu 26 Mar
  const n = due(d, 'centre', '2026-03-06T10:00');
  assert.equal(n.termEnd, '2026-03-21');
  assert.equal(n.dueDate, '2026-03-26');
});

test('working days vs calendar days over the same span differ', () => {
  const wd = due(def([{ amount: 10, unit: 'working-days' }]), 'centre', '2026-03-16T10:00');
  const cd = due(def([{ amount: 10, unit: 'calendar-days' }]), 'centre', '2026-03-16T10:00');
  assert.equal(cd.dueDate, '2026-03-26'); // Thu
  assert.equal(wd.dueDate, '2026-04-02'); // 17,18,19,20,26,27,30,31,1,2
});

test('excludeAcceptanceDay: false counts the acceptance day', () => {
  const d = def([{ amount: 5, unit: 'working-days', excludeAcceptanceDay: false }]);
  const r = due(d, 'centre', '2026-11-20T10:00'); // Fri, Mon, Tue, Wed, Thu
  assert.equal(r.dueDate, '2026-11-26');
  assert.match(r.basis.en, /the day of acceptance is counted/);
  const c = due(def([{ amount: 15, unit: 'calendar-days', excludeAcceptanceDay: false }]), 'centre', '2026-11-16T10:00');
  assert.equal(c.dueDate, '2026-11-30');
});

test('excludeIssuanceDay: one more working day (004 cl.7: 5 working days, acceptance and issuance excluded)', () => {
  const d = def([{ amount: 5, unit: 'working-days', excludeIssuanceDay: true }]);
  const r = due(d, 'centre', '2026-11-20T10:00');
  assert.equal(r.termEnd, '2026-11-27');
  assert.equal(r.dueDate, '2026-11-30');
  assert.match(r.basis.en, /the day of issuance is not counted either/);
  // the extra day skips days off: term ends Fri 20 Mar 2026, issued Thu 26 Mar
  const n = due(d, 'centre', '2026-03-13T10:00');
  assert.equal(n.termEnd, '2026-03-20');
  assert.equal(n.dueDate, '2026-03-26');
});

// ---------------------------------------------------------------- acceptance: cut-off, days off

test('centre cut-off: 17:59 (and 17:59:59) same day, 18:00 next working day', () => {
  const a = due(WD15, 'centre', '2026-11-20T17:59');
  assert.equal(a.acceptanceDate, '2026-11-20');
  assert.equal(a.dueDate, '2026-12-11');
  assert.equal(due(WD15, 'centre', '2026-11-20T17:59:59').acceptanceDate, '2026-11-20');
  const b = due(WD15, 'centre', '2026-11-20T18:00');
  assert.equal(b.acceptanceDate, '2026-11-23');
  assert.equal(b.acceptance, 'after-hours');
  assert.equal(b.dueDate, '2026-12-14');
  assert.match(b.basis.en, /15 working days; the day of acceptance is not counted; filed after working hours \(18:00\) on Friday 20\.11\.2026, so accepted on the next day of acceptance, Monday 23\.11\.2026/);
  assert.match(b.basis.ru, /после окончания рабочего времени \(18:00\)/);
  // filing before opening on a working day is accepted that day
  assert.equal(due(WD15, 'portal', '2026-11-20T03:00').acceptanceDate, '2026-11-20');
});

test('provider closes 18:30; portal follows the provider; def.hours and deployment hours override', () => {
  assert.equal(due(WD15, 'provider', '2026-11-20T18:29').acceptanceDate, '2026-11-20');
  assert.equal(due(WD15, 'provider', '2026-11-20T18:30').acceptanceDate, '2026-11-23');
  assert.equal(due(WD15, 'portal', '2026-11-20T18:15').acceptanceDate, '2026-11-20');
  assert.equal(due(WD15, 'portal', '2026-11-20T18:30').acceptanceDate, '2026-11-23');
  assert.equal(due(WD15, 'portal', '2026-11-20T23:59').acceptanceDate, '2026-11-23');
  // the service's provider hours drive the portal
  const d = def([{ amount: 15, unit: 'working-days' }], { provider: { from: '09:00', until: '17:00' } });
  assert.equal(due(d, 'portal', '2026-11-20T17:30').acceptanceDate, '2026-11-23');
  // explicit portal hours win
  const p = def([{ amount: 15, unit: 'working-days' }], { provider: { from: '09:00', until: '17:00' }, portal: { from: '00:00', until: '20:00' } });
  assert.equal(due(p, 'portal', '2026-11-20T19:30').acceptanceDate, '2026-11-20');
  // deployment-wide hours sit between the definition and the defaults
  const opts = { hours: { centre: { from: '09:00', until: '20:00' } } };
  assert.equal(computeDeadline(WD15, { channel: 'centre', filedAt: at('2026-11-20T19:00') }, cal, opts)?.acceptanceDate, '2026-11-20');
  const own = def([{ amount: 15, unit: 'working-days' }], { centre: { from: '09:00', until: '18:00' } });
  assert.equal(computeDeadline(own, { channel: 'centre', filedAt: at('2026-11-20T19:00') }, cal, opts)?.acceptanceDate, '2026-11-23');
  assert.deepEqual(channelHours({}, 'portal'), { from: '09:00', until: '18:30' });
  assert.deepEqual(channelHours({}, 'centre'), { from: '09:00', until: '18:00' });
});

test('filing on a Saturday or a holiday: accepted the next working day, with the reason in the basis', () => {
  const sat = due(WD15, 'portal', '2026-11-21T11:00');
  assert.equal(sat.acceptanceDate, '2026-11-23');
  assert.equal(sat.acceptance, 'day-off');
  assert.equal(sat.dueDate, '2026-12-14');
  assert.match(sat.basis.en, /filed on Saturday 21\.11\.2026, a day off, so accepted on the next day of acceptance, Monday 23\.11\.2026/);
  // Republic Day Sun 25 Oct 2026, moved to Mon 26: a portal application on Mon 26 is accepted Tue 27
  const moved = due(WD15, 'portal', '2026-10-26T10:00');
  assert.equal(moved.acceptanceDate, '2026-10-27');
  assert.match(moved.basis.en, /a day off in place of Republic Day \(25\.10\.2026\)/);
  // a holiday on a weekday
  const hol = due(WD15, 'portal', '2026-12-16T10:00');
  assert.equal(hol.acceptanceDate, '2026-12-17');
  assert.match(hol.basis.en, /a public holiday \(Independence Day\)/);
  assert.match(hol.basis.ru, /праздничный день \(День Независимости\)/);
  // a transferred day off (Fri 3 Jan 2025) and a transferred working Sunday (5 Jan 2025)
  const tr = due(WD15, 'portal', '2025-01-03T10:00');
  assert.equal(tr.acceptanceDate, '2025-01-05');
  assert.match(tr.basis.en, /transferred by decision of the Government/);
  assert.equal(due(WD15, 'centre', '2025-01-05T10:00').acceptanceDate, '2025-01-05');
  // late on the last working day before Nauryz 2026
  assert.equal(due(WD15, 'centre', '2026-03-20T18:05').acceptanceDate, '2026-03-26');
});

test('six-day schedule (WKO centres 09:00–20:00 Mon–Sat): Saturday is an acceptance day, not a working day of the term', () => {
  const six = def([{ amount: 15, unit: 'working-days' }], {
    centre: { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '13:00' } },
  });
  const sat = due(six, 'centre', '2026-11-21T12:00');
  assert.equal(sat.acceptanceDate, '2026-11-21');
  assert.equal(sat.acceptance, 'same-day');
  assert.equal(sat.dueDate, '2026-12-11'); // Mon 23 Nov is working day 1
  assert.equal(cal.workingDaysBetween(sat.acceptanceDate, sat.dueDate), 15);
  assert.match(sat.basis.en, /Saturday is a day of acceptance but not a working day of the term/);
  // after Saturday closing → Monday
  const late = due(six, 'centre', '2026-11-21T13:00');
  assert.equal(late.acceptanceDate, '2026-11-23');
  assert.equal(late.dueDate, '2026-12-14');
  // Friday 19:30 is within hours; Friday 20:00 → the next acceptance day is Saturday
  assert.equal(due(six, 'centre', '2026-11-20T19:30').acceptanceDate, '2026-11-20');
  assert.equal(due(six, 'centre', '2026-11-20T20:00').acceptanceDate, '2026-11-21');
  // Sunday → Monday
  assert.equal(due(six, 'centre', '2026-11-22T10:00').acceptanceDate, '2026-11-23');
  // a Saturday that is a holiday is closed (Victory Day Sat 9 May 2026; Mon 11 May is the moved day off)
  assert.equal(due(six, 'centre', '2026-05-09T10:00').acceptanceDate, '2026-05-12');
  // counting the acceptance day: a Saturday is not a working day of the term
  const incl = def([{ amount: 5, unit: 'working-days', excludeAcceptanceDay: false }], six.hours);
  assert.equal(due(incl, 'centre', '2026-11-21T10:00').dueDate, '2026-11-27');
  // a calendar-day term can start on Saturday: Sat 21 Nov + 15 = Sun 6 Dec → Mon 7 Dec
  const cd = def([{ amount: 15, unit: 'calendar-days' }], six.hours);
  assert.equal(due(cd, 'centre', '2026-11-21T10:00').dueDate, '2026-12-07');
});

// ---------------------------------------------------------------- term selection and conditions

const ASTANA: Partial<Term>[] = [
  {
    id: 'astana',
    channels: ['centre'],
    amount: 10,
    unit: 'working-days',
    label: L('End-user certificate, Astana'),
    condition: { when: { field: '$region', op: 'eq', value: 'astana' }, label: L('the application is lodged in Astana') },
  },
  { id: 'general', channels: ['centre'], amount: 20, unit: 'working-days', label: L('End-user certificate') },
];

test('Astana variant via a term condition (000 L16: 20 working days, Astana 10)', () => {
  const d = def(ASTANA);
  const a = due(d, 'centre', '2026-11-20T10:00', { region: 'astana' });
  assert.equal(a.termId, 'astana');
  assert.equal(a.dueDate, '2026-12-04');
  assert.match(a.basis.en, /applies because the application is lodged in Astana/);
  const g = due(d, 'centre', '2026-11-20T10:00', { region: 'almaty' });
  assert.equal(g.termId, 'general');
  assert.equal(g.dueDate, '2026-12-21'); // 16 Dec skipped
  assert.equal(due(d, 'centre', '2026-11-20T10:00').termId, 'general'); // no region
  // no term for the channel → null
  assert.equal(computeDeadline(d, { channel: 'portal', filedAt: at('2026-11-20T10:00') }, cal), null);
  assert.equal(computeDeadline(def([]), { channel: 'centre', filedAt: at('2026-11-20T10:00') }, cal), null);
  // only conditional terms, none holds → null
  const only = def([ASTANA[0] as Partial<Term>]);
  assert.equal(computeDeadline(only, { channel: 'centre', filedAt: at('2026-11-20T10:00'), region: 'almaty' }, cal), null);
});

const BIRTH: Partial<Term>[] = [
  {
    id: 'late',
    channels: ['centre', 'provider'],
    amount: 15,
    unit: 'calendar-days',
    label: L('Birth registration filed late'),
    condition: {
      when: { field: 'childBirthDate', op: 'olderThanWorkingDays', value: 3 },
      label: L('the child was born more than 3 working days before the application'),
    },
  },
  { id: 'normal', channels: ['centre', 'provider'], amount: 1, unit: 'working-days', label: L('Birth registration') },
];

test('late birth: more than 3 working days between the birth and the filing → 15 calendar days (003 L112–118)', () => {
  const d = def(BIRTH);
  const f = (birth: string, filed: string) => due(d, 'provider', filed, { values: { childBirthDate: birth } });
  // born Tue 17 Nov 2026: 18, 19, 20 → 3 working days on Fri 20 → not late
  assert.equal(f('2026-11-17', '2026-11-20T10:00').termId, 'normal');
  assert.equal(f('2026-11-17', '2026-11-20T10:00').dueDate, '2026-11-23');
  // Mon 23 → 4 working days → late: 23 Nov + 15 = 8 Dec
  const late = f('2026-11-17', '2026-11-23T10:00');
  assert.equal(late.termId, 'late');
  assert.equal(late.dueDate, '2026-12-08');
  assert.match(late.basis.en, /applies because the child was born more than 3 working days before the application/);
  // holidays count: born Fri 20 Mar 2026, a week later (Fri 27 Mar) only 2 working days have passed
  assert.equal(f('2026-03-20', '2026-03-27T10:00').termId, 'normal');
  assert.equal(f('2026-03-20', '2026-03-31T10:00').termId, 'late');
  // the condition uses the LOCAL filing date: 00:30 on Mon 23 Nov local is still Sunday 22 Nov in UTC
  const early = due(d, 'provider', '2026-11-23T00:30', { values: { childBirthDate: '2026-11-17' } });
  assert.equal(early.termId, 'late');
  // a birth before the calendar data: decided when the data alone already exceed 3 working days
  assert.equal(f('2015-03-01', '2026-11-20T10:00').termId, 'late');
  assert.equal(f('2023-12-28', '2024-01-15T10:00').termId, 'late'); // 9 working days in 2024 alone
  // … and a clear error when the unknown days of 2023 could decide it
  assert.throws(() => f('2023-12-28', '2024-01-03T10:00'), (e: unknown) => e instanceof CalendarRangeError);
  // missing birth date → the conditional term does not apply
  assert.equal(due(d, 'provider', '2026-11-23T10:00').termId, 'normal');
});

test('selectTerm passes $channel, $region, $filedAt and form values to conditions', () => {
  const d = def([
    { id: 'portal-only', channels: ['portal', 'centre'], amount: 1, unit: 'working-days', condition: { when: { field: '$channel', op: 'eq', value: 'portal' }, label: L('portal') } },
    { id: 'by-date', channels: ['centre'], amount: 2, unit: 'working-days', condition: { when: { field: '$filedAt', op: 'gte', value: '2026-11-21' }, label: L('from 21 Nov') } },
    { id: 'by-value', channels: ['centre'], amount: 3, unit: 'working-days', condition: { when: { field: 'urgent', op: 'eq', value: true }, label: L('urgent') } },
    { id: 'rest', channels: ['centre'], amount: 4, unit: 'working-days' },
  ]);
  const sel = (channel: Channel, filed: string, values?: Record<string, unknown>) =>
    selectTerm(d, { channel, filedAt: at(filed), ...(values ? { values } : {}) }, cal)?.id;
  assert.equal(sel('portal', '2026-11-20T10:00'), 'portal-only');
  assert.equal(sel('centre', '2026-11-20T10:00'), 'rest');
  assert.equal(sel('centre', '2026-11-20T10:00', { urgent: true }), 'by-value');
  assert.equal(sel('centre', '2026-11-23T10:00'), 'by-date');
  assert.equal(sel('provider', '2026-11-23T10:00'), undefined);
  // a negated working-day condition over a date before the calendar data is still decided
  const recent = def([
    { id: 'recent', channels: ['centre'], amount: 1, unit: 'working-days', condition: { when: { not: { field: 'born', op: 'olderThanWorkingDays', value: 3 } }, label: L('recent') } },
    { id: 'old', channels: ['centre'], amount: 15, unit: 'calendar-days' },
  ]);
  assert.equal(selectTerm(recent, { channel: 'centre', filedAt: at('2026-11-20T10:00'), values: { born: '2015-01-01' } }, cal)?.id, 'old');
  assert.equal(selectTerm(recent, { channel: 'centre', filedAt: at('2026-11-20T10:00'), values: { born: '2026-11-19' } }, cal)?.id, 'recent');
});

// ---------------------------------------------------------------- hours terms

test('hours/minutes terms: counted in working time from the filing instant (provider hours)', () => {
  const d = def([{ amount: 4, unit: 'hours' }]);
  const r = due(d, 'portal', '2026-05-08T16:00'); // Fri; Mon 11 May is the moved Victory Day
  assert.equal(r.dueAt?.toISOString(), at('2026-05-12T10:30').toISOString());
  assert.equal(r.dueDate, '2026-05-12');
  assert.match(r.basis.en, /4 hours; .*counted in working time \(working days 09:00–18:30\) from filing on Friday 08\.05\.2026 at 16:00; due Tuesday 12\.05\.2026 at 10:30/);
  assert.match(r.basis.ru, /4 часа/);
  const m = due(def([{ amount: 20, unit: 'minutes' }]), 'centre', '2026-11-20T10:00');
  assert.equal(localClock(m.dueAt as Date), '10:20');
  assert.equal(m.dueDate, '2026-11-20');
  // filed at night: counting starts at the next opening
  const n = due(d, 'portal', '2026-11-20T22:00');
  assert.equal(n.dueAt?.toISOString(), at('2026-11-23T13:00').toISOString());
});

// ---------------------------------------------------------------- extensions

const EXT_15CD: Extension = {
  id: 'requests',
  maxAmount: 15,
  unit: 'calendar-days',
  noticeWithin: { amount: 2, unit: 'working-days' },
  reason: L('requests to other state bodies are needed'),
};

test('extension by up to 15 calendar days with notice within 2 working days (000 L32)', () => {
  const r = due(def([{ id: 'restore', amount: 15, unit: 'calendar-days' }]), 'centre', '2026-11-16T10:00'); // due Tue 1 Dec
  const e = extendDeadline(r, EXT_15CD, cal, { extendedAt: at('2026-11-27T15:00') });
  assert.equal(e.previousDueDate, '2026-12-01');
  assert.equal(e.termEnd, '2026-12-16'); // 1 Dec + 15 = Wed 16 Dec (holiday)
  assert.equal(e.dueDate, '2026-12-17');
  assert.equal(e.extendedOn, '2026-11-27');
  assert.equal(e.noticeBy, '2026-12-01'); // Fri 27 Nov + 2 working days
  assert.match(e.basis.en, /extended on Friday 27\.11\.2026 by 15 calendar days \(requests to other state bodies are needed\); new due date Thursday 17\.12\.2026; the applicant must be notified within 2 working days of the extension, by Tuesday 01\.12\.2026/);
  assert.match(e.basis.ru, /в течение 2 рабочих дней/);
  // a smaller amount
  assert.equal(extendDeadline(r, EXT_15CD, cal, { amount: 5, extendedAt: '2026-11-27' }).dueDate, '2026-12-07'); // Sun 6 → Mon 7
  // the extension counts from the end of the term, not from the moved due date
  const moved = due(def([{ id: 'x', amount: 15, unit: 'calendar-days' }]), 'centre', '2026-11-20T10:00'); // Sat 5 Dec → Mon 7
  assert.equal(extendDeadline(moved, EXT_15CD, cal, { extendedAt: '2026-11-25' }).dueDate, '2026-12-21'); // 5 + 15 = Sun 20 → Mon 21
  // default extension date: the acceptance date
  assert.equal(extendDeadline(r, EXT_15CD, cal).extendedOn, '2026-11-16');
});

test('extension: notice in calendar days and hours; working-day extensions; totalTerm; issuance day kept', () => {
  const r = due(def([{ id: 'a', amount: 15, unit: 'calendar-days' }]), 'centre', '2026-11-16T10:00');
  const cd: Extension = { ...EXT_15CD, maxAmount: 30, noticeWithin: { amount: 3, unit: 'calendar-days' } };
  const e = extendDeadline(r, cd, cal, { extendedAt: '2026-12-11' }); // Fri + 3 = Mon 14
  assert.equal(e.noticeBy, '2026-12-14');
  assert.equal(extendDeadline(r, cd, cal, { extendedAt: '2026-12-10' }).noticeBy, '2026-12-14'); // Sun 13 → Mon 14
  assert.equal(e.dueDate, '2026-12-31'); // 1 Dec + 30
  const h: Extension = { ...EXT_15CD, noticeWithin: { amount: 4, unit: 'hours' } };
  const eh = extendDeadline(r, h, cal, { extendedAt: at('2026-11-27T16:00') });
  assert.equal(eh.noticeByAt?.toISOString(), at('2026-11-30T10:30').toISOString());
  assert.equal(eh.noticeBy, '2026-11-30');
  // working-day extension
  const w = due(def([{ id: 'w', amount: 5, unit: 'working-days' }]), 'centre', '2026-11-20T10:00'); // 27 Nov
  const ew = extendDeadline(w, { ...EXT_15CD, maxAmount: 5, unit: 'working-days' }, cal);
  assert.equal(ew.dueDate, '2026-12-04');
  // totalTerm: "extended up to 30 calendar days" = 30 days from acceptance in total
  const total = extendDeadline(r, { ...EXT_15CD, maxAmount: 30, totalTerm: true }, cal);
  assert.equal(total.termEnd, '2026-12-16');
  assert.equal(total.dueDate, '2026-12-17');
  assert.match(total.basis.en, /to 30 calendar days in total from acceptance/);
  assert.match(total.basis.ru, /до 30 календарных дней всего/);
  assert.throws(() => extendDeadline(r, { ...EXT_15CD, maxAmount: 10, totalTerm: true }, cal), /ends before the original term/);
  // the issuance day is kept
  const iss = due(def([{ id: 'i', amount: 5, unit: 'working-days', excludeIssuanceDay: true }]), 'centre', '2026-11-20T10:00');
  assert.equal(iss.dueDate, '2026-11-30');
  assert.equal(extendDeadline(iss, { ...EXT_15CD, maxAmount: 5, unit: 'working-days' }, cal).dueDate, '2026-12-07');
});

test('extension: only for its terms and within maxAmount', () => {
  const r = due(def([{ id: 'main', amount: 15, unit: 'calendar-days' }]), 'centre', '2026-11-16T10:00');
  assert.throws(() => extendDeadline(r, { ...EXT_15CD, terms: ['other'] }, cal), /does not apply to term main/);
  assert.doesNotThrow(() => extendDeadline(r, { ...EXT_15CD, terms: ['main'] }, cal));
  assert.doesNotThrow(() => extendDeadline(r, { ...EXT_15CD, terms: [] }, cal));
  assert.throws(() => extendDeadline(r, EXT_15CD, cal, { amount: 16 }), RangeError);
  assert.throws(() => extendDeadline(r, EXT_15CD, cal, { amount: 0 }), RangeError);
});

// ---------------------------------------------------------------- working time for step limits

const lim = (amount: number, unit: StepLimit['unit']): StepLimit => ({ amount, unit });

test('a 4-hour limit started at 16:00 on a Friday before a holiday ends on the next working day at 10:30', () => {
  // Fri 20 Mar 2026; Mon 23 (Nauryz), Tue 24 and Wed 25 (moved) off → Thu 26 Mar, 09:00 + 1:30
  const end = addWorkingTime(at('2026-03-20T16:00'), lim(4, 'hours'), cal);
  assert.equal(end.toISOString(), at('2026-03-26T10:30').toISOString());
  // before 16 Dec 2025 (Tue): started Mon 15 Dec 16:00 → Wed 17 Dec 10:30
  assert.equal(addWorkingTime(at('2025-12-15T16:00'), lim(4, 'hours'), cal).toISOString(), at('2025-12-17T10:30').toISOString());
});

test('working time: minutes, seconds, exact end of day, before opening, after closing, day off, lunch break', () => {
  const s = at('2026-11-20T10:00');
  assert.equal(addWorkingTime(s, lim(2, 'minutes'), cal).toISOString(), at('2026-11-20T10:02').toISOString());
  assert.equal(addWorkingTime(s, lim(30, 'seconds'), cal).toISOString(), at('2026-11-20T10:00:30').toISOString());
  // exactly to closing stays on that day
  assert.equal(addWorkingTime(at('2026-11-20T14:30'), lim(4, 'hours'), cal).toISOString(), at('2026-11-20T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T14:30'), lim(241, 'minutes'), cal).toISOString(), at('2026-11-23T09:01').toISOString());
  // before opening
  assert.equal(addWorkingTime(at('2026-11-20T06:00'), lim(1, 'hours'), cal).toISOString(), at('2026-11-20T10:00').toISOString());
  // after closing / day off
  assert.equal(addWorkingTime(at('2026-11-20T19:00'), lim(1, 'hours'), cal).toISOString(), at('2026-11-23T10:00').toISOString());
  assert.equal(addWorkingTime(at('2026-11-22T12:00'), lim(1, 'hours'), cal).toISOString(), at('2026-11-23T10:00').toISOString());
  // the working Sunday 5 Jan 2025 counts
  assert.equal(addWorkingTime(at('2024-12-31T18:00'), lim(1, 'hours'), cal).toISOString(), at('2025-01-05T09:30').toISOString());
  // a multi-day limit: 24 working hours = 2 days + 5 h at 9.5 h/day
  assert.equal(addWorkingTime(at('2026-11-20T09:00'), lim(24, 'hours'), cal).toISOString(), at('2026-11-24T14:00').toISOString());
  // a schedule with a lunch break (complaint reception 09:00–18:00, lunch 13:00–14:00)
  const lunch = { from: '09:00', until: '18:00', breaks: [{ from: '13:00', until: '14:00' }] };
  assert.equal(addWorkingTime(at('2026-11-20T12:30'), lim(1, 'hours'), cal, lunch).toISOString(), at('2026-11-20T14:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T13:15'), lim(30, 'minutes'), cal, lunch).toISOString(), at('2026-11-20T14:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T17:30'), lim(1, 'hours'), cal, lunch).toISOString(), at('2026-11-23T09:30').toISOString());
  // zero
  assert.equal(addWorkingMs(s, 0, cal).toISOString(), s.toISOString());
  assert.equal(addWorkingMs(at('2026-11-20T19:00'), 0, cal).toISOString(), at('2026-11-23T09:00').toISOString());
  assert.throws(() => addWorkingMs(s, -1, cal), RangeError);
  assert.throws(() => addWorkingTime(s, lim(1, 'hours'), cal, { from: '18:00', until: '09:00' }), RangeError);
  assert.throws(() => addWorkingTime(s, lim(1, 'hours'), cal, { from: '09:00', until: '18:00', breaks: [{ from: '08:00', until: '10:00' }] }), RangeError);
});

test('day-based step limits: working days, calendar days, same day — due at the end of the working day', () => {
  assert.equal(addWorkingTime(at('2026-11-20T10:00'), lim(1, 'working-days'), cal).toISOString(), at('2026-11-23T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T19:00'), lim(1, 'working-days'), cal).toISOString(), at('2026-11-24T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-12-15T10:00'), lim(1, 'working-days'), cal).toISOString(), at('2026-12-17T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T10:00'), lim(1, 'calendar-days'), cal).toISOString(), at('2026-11-23T18:30').toISOString()); // Sat → Mon
  assert.equal(addWorkingTime(at('2026-11-16T10:00'), lim(14, 'calendar-days'), cal).toISOString(), at('2026-11-30T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T10:00'), lim(0, 'same-day'), cal).toISOString(), at('2026-11-20T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-21T10:00'), lim(0, 'same-day'), cal).toISOString(), at('2026-11-23T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T18:45'), lim(0, 'same-day'), cal).toISOString(), at('2026-11-23T18:30').toISOString());
  assert.equal(countingDay(at('2026-11-20T18:30'), cal), '2026-11-23');
  assert.equal(addWorkingTime(at('2026-11-20T10:00'), lim(0, 'same-day'), cal, { from: '09:00', until: '18:00' }).toISOString(), at('2026-11-20T18:00').toISOString());
});

test('calendar-months step limits ("1 month"): the same day n months on, or the month’s last day; a day off moves it on; whole months only', () => {
  // Mon 16 Nov 2026 + 1 month = Wed 16 Dec, Independence Day → Thu 17 Dec, at the close
  assert.equal(addWorkingTime(at('2026-11-16T10:00'), lim(1, 'calendar-months'), cal).toISOString(), at('2026-12-17T18:30').toISOString());
  // after hours on Fri 20 Nov: counted from Mon 23 → Wed 23 Dec
  assert.equal(addWorkingTime(at('2026-11-20T19:00'), lim(1, 'calendar-months'), cal).toISOString(), at('2026-12-23T18:30').toISOString());
  // 31 Dec 2025 + 2 months: February has no 31st → Sat 28 Feb 2026 → Mon 2 Mar
  assert.equal(addWorkingTime(at('2025-12-31T10:00'), lim(2, 'calendar-months'), cal).toISOString(), at('2026-03-02T18:30').toISOString());
  // a month, not 30 days: Wed 1 Jul 2026 + 1 month = Sat 1 Aug → Mon 3 Aug; + 30 calendar days = Fri 31 Jul
  assert.equal(addWorkingTime(at('2026-07-01T10:00'), lim(1, 'calendar-months'), cal).toISOString(), at('2026-08-03T18:30').toISOString());
  assert.equal(addWorkingTime(at('2026-07-01T10:00'), lim(30, 'calendar-days'), cal).toISOString(), at('2026-07-31T18:30').toISOString());
  // the close of the organisation's day
  assert.equal(addWorkingTime(at('2026-11-16T10:00'), lim(1, 'calendar-months'), cal, { from: '09:00', until: '18:00' }).toISOString(), at('2026-12-17T18:00').toISOString());
  assert.throws(() => addWorkingTime(at('2026-11-16T10:00'), lim(1.5, 'calendar-months'), cal), RangeError);
});

test('a six-day schedule (a centre open on Saturdays) works ordinary Saturdays for minutes and hours, not holidays', () => {
  const oral = { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '20:00' } };
  const fiveDays = { from: '09:00', until: '20:00' };
  // Fri 20 Nov 2026 19:50 + 20 min: Saturday morning at the centre, Monday at a five-day office
  assert.equal(addWorkingTime(at('2026-11-20T19:50'), lim(20, 'minutes'), cal, oral).toISOString(), at('2026-11-21T09:10').toISOString());
  assert.equal(addWorkingTime(at('2026-11-20T19:50'), lim(20, 'minutes'), cal, fiveDays).toISOString(), at('2026-11-23T09:10').toISOString());
  // Saturday's own hours
  const short = { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '13:00' } };
  assert.equal(addWorkingTime(at('2026-11-21T12:30'), lim(1, 'hours'), cal, short).toISOString(), at('2026-11-23T09:30').toISOString());
  // Sat 21 Mar 2026 is Nauryz (then Sun, Mon 23 Nauryz, Tue 24 and Wed 25 moved days off): closed until Thu 26
  assert.equal(addWorkingTime(at('2026-03-20T19:50'), lim(20, 'minutes'), cal, oral).toISOString(), at('2026-03-26T09:10').toISOString());
  // working time between: Fri 19:00–20:00, all of Saturday (11 h), Mon 09:00–10:00
  assert.equal(workingMsBetween(at('2026-11-20T19:00'), at('2026-11-23T10:00'), cal, oral), 13 * 3_600_000);
  assert.equal(workingMsBetween(at('2026-11-20T19:00'), at('2026-11-23T10:00'), cal, fiveDays), 2 * 3_600_000);
  // day-based limits still count the calendar's working days only (Saturday is never a day of the term)
  assert.equal(addWorkingTime(at('2026-11-20T10:00'), lim(1, 'working-days'), cal, oral).toISOString(), at('2026-11-23T20:00').toISOString());
  assert.throws(() => addWorkingTime(at('2026-11-20T10:00'), lim(1, 'hours'), cal, { ...oral, saturday: { from: '13:00', until: '09:00' } }), /Saturday hours 13:00–09:00/);
  assert.throws(() => addWorkingTime(at('2026-11-20T10:00'), lim(1, 'hours'), cal, { from: '09:00', until: '18:00', breaks: [{ from: '17:30', until: '19:00' }] }), /break 17:30–19:00 must lie inside the working day 09:00–18:00/);
});

test('timeLeft: remaining working minutes, negative when overdue', () => {
  const start = at('2026-03-20T16:00');
  const four = lim(4, 'hours');
  const t0 = timeLeft(start, four, start, cal);
  assert.equal(t0.remainingMinutes, 240);
  assert.equal(t0.overdue, false);
  // during the Nauryz days off no working time passes
  assert.equal(timeLeft(start, four, at('2026-03-24T12:00'), cal).remainingMinutes, 90);
  assert.equal(timeLeft(start, four, at('2026-03-26T10:00'), cal).remainingMinutes, 30);
  const exact = timeLeft(start, four, at('2026-03-26T10:30'), cal);
  assert.deepEqual([exact.remainingMinutes, exact.overdue], [0, false]);
  const over = timeLeft(start, four, at('2026-03-26T11:30'), cal);
  assert.deepEqual([over.remainingMinutes, over.overdue], [-60, true]);
  // overdue by 30 s → −1 (rounded down), and overdue
  const just = timeLeft(start, four, new Date(at('2026-03-26T10:30').getTime() + 30_000), cal);
  assert.deepEqual([just.remainingMinutes, just.overdue], [-1, true]);
  // overdue across a night: 18:30 → next day 09:00 adds nothing
  assert.equal(timeLeft(start, four, at('2026-03-27T09:00'), cal).remainingMinutes, -480);
  assert.equal(workingMinutesBetween(at('2026-11-20T18:00'), at('2026-11-23T10:00'), cal), 90);
  assert.equal(workingMinutesBetween(at('2026-11-23T10:00'), at('2026-11-20T18:00'), cal), -90);
});

// ---------------------------------------------------------------- properties

const instant = fc
  .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2027-09-30T00:00:00Z') })
  .map((t) => new Date(Math.floor(t / 60_000) * 60_000));
const channel = fc.constantFrom<Channel>('portal', 'centre', 'provider');

test('property: deadlines are never earlier than acceptance; acceptance never before filing; due is a working day', () => {
  const terms = fc.record({
    amount: fc.integer({ min: 0, max: 60 }),
    unit: fc.constantFrom<Term['unit']>('working-days', 'calendar-days', 'hours', 'minutes'),
    excludeAcceptanceDay: fc.boolean(),
    excludeIssuanceDay: fc.boolean(),
  });
  const sixDay = fc.boolean();
  fc.assert(
    fc.property(instant, channel, terms, sixDay, (filedAt, ch, t, six) => {
      const hours = six ? { [ch]: { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '13:00' } } } : undefined;
      const r = computeDeadline(def([t], hours), { channel: ch, filedAt }, cal) as DeadlineResult;
      assert.ok(r);
      assert.ok(r.acceptanceDate >= localDate(filedAt));
      assert.ok(r.dueDate >= r.acceptanceDate || (t.unit !== 'working-days' && t.unit !== 'calendar-days'));
      assert.ok(r.dueDate >= localDate(filedAt));
      assert.equal(cal.isWorkingDay(r.dueDate), true);
      const acc = cal.dayInfo(r.acceptanceDate);
      assert.ok(acc.working || (six && acc.weekday === 6 && acc.kind === 'weekend'));
      // no day strictly between filing and acceptance was an open day
      if (r.acceptance === 'day-off') assert.equal(cal.dayInfo(r.filedOn).working, false);
      if (r.acceptance === 'same-day') assert.equal(r.acceptanceDate, r.filedOn);
      for (let d = toEpochDay(r.filedOn) + 1; d < toEpochDay(r.acceptanceDate); d++) {
        const info = cal.dayInfo(new Date(d * 86_400_000).toISOString().slice(0, 10));
        assert.ok(!info.working && !(six && info.weekday === 6 && info.kind === 'weekend'));
      }
      if (t.unit === 'working-days' && t.excludeAcceptanceDay && !t.excludeIssuanceDay && t.amount > 0)
        assert.equal(cal.workingDaysBetween(r.acceptanceDate, r.dueDate), t.amount);
      if (t.unit === 'calendar-days' && t.excludeAcceptanceDay && !t.excludeIssuanceDay) {
        const days = toEpochDay(r.dueDate) - toEpochDay(r.acceptanceDate);
        assert.ok(days >= t.amount);
        // moved forward only over non-working days
        for (let d = toEpochDay(r.acceptanceDate) + t.amount; d < toEpochDay(r.dueDate); d++)
          assert.equal(cal.isWorkingDay(new Date(d * 86_400_000).toISOString().slice(0, 10)), false);
      }
      if (r.dueAt) assert.ok(r.dueAt.getTime() >= filedAt.getTime());
      for (const l of ['kk', 'ru', 'en'] as const) assert.ok(r.basis[l].length > 20);
    }),
    { numRuns: 1500 },
  );
});

test('property: addWorkingTime lands inside working hours on a working day, consuming exactly the limit', () => {
  fc.assert(
    fc.property(instant, fc.integer({ min: 1, max: 3000 }), (start, minutes) => {
      const end = addWorkingTime(start, lim(minutes, 'minutes'), cal);
      assert.ok(end > start);
      assert.equal(cal.isWorkingDay(localDate(end)), true);
      const clock = localClock(end);
      assert.ok(clock > '09:00' && clock <= '18:30', clock);
      assert.equal(workingMsBetween(start, end, cal), minutes * 60_000);
      const tl = timeLeft(start, lim(minutes, 'minutes'), start, cal);
      assert.equal(tl.remainingMinutes, minutes);
    }),
    { numRuns: 1000 },
  );
});

test('acceptanceDay is exposed for callers that only need the day of acceptance', () => {
  const a = acceptanceDay(at('2026-11-20T18:00'), { from: '09:00', until: '18:00' }, cal);
  assert.deepEqual([a.date, a.filedOn, a.shift], ['2026-11-23', '2026-11-20', 'after-hours']);
});
