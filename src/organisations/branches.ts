/**
 * Branches (issue 11 item 1): a centre organisation with a `branch` section. Its timetable and the
 * working calendar decide the acceptance day of a package accepted there (002 cl.3): accepted on the
 * day it is handed in while the branch is open (before opening: that day, at opening), otherwise on
 * the branch's next opening; a Saturday at a duty branch is a day of acceptance, never a working day
 * of the term, so the term counts from the next working day. Pure functions (no I/O).
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { computeDeadline, type ChannelHours, type DeadlineInput, type DeadlineResult } from '../calendar/deadline.ts';
import { addCalendarDays, atLocal, isoWeekday, localDate, localMinutes } from '../calendar/time.ts';
import type { I18n, ServiceDefinition } from '../registry/types.ts';
import type { Organisation, RouteStop } from './organisations.ts';

export type BranchOrg = Organisation & { branch: NonNullable<Organisation['branch']> };

export const isBranch = (o: Organisation | null | undefined): o is BranchOrg => !!o && o.kind === 'centre' && o.branch !== null;

export interface Span {
  from: string;
  until: string;
}

/** The branch's timetable as the API shows it: weekday hours, Saturday hours, or a mobile centre's route. */
export interface TimetableView {
  weekdays: Span | null;
  saturday: Span | null;
  route?: Array<{ weekday: number; settlement: I18n; from: string; until: string }>;
}

export function timetableOf(b: BranchOrg): TimetableView {
  if (b.branch.timetable === 'mobile') return { weekdays: null, saturday: null, route: b.branch.route.map((s) => ({ ...s })) };
  const h = b.hours!;
  return { weekdays: { from: h.from, until: h.until }, saturday: h.saturday ? { ...h.saturday } : null };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The branch's opening hours on a local date, or null when it is closed: a working day of the
 * calendar (a Saturday made a working day included) keeps the weekday hours; an ordinary Saturday
 * the Saturday hours, if any; Sundays, holidays and days off moved there are closed. A mobile
 * centre is open where its route stops that weekday, on a day the calendar does not close.
 */
export function openOn(b: BranchOrg, isoDate: string, cal: WorkCalendar): Span | null {
  const info = cal.dayInfo(isoDate);
  const ordinarySaturday = info.weekday === 6 && info.kind === 'weekend';
  if (!info.working && !ordinarySaturday) return null;
  if (b.branch.timetable === 'mobile') {
    const stop: RouteStop | undefined = b.branch.route.find((s) => s.weekday === isoWeekday(isoDate));
    return stop ? { from: stop.from, until: stop.until } : null;
  }
  const h = b.hours!;
  if (info.working) return { from: h.from, until: h.until };
  return h.saturday ? { ...h.saturday } : null;
}

export type BranchShift = 'same-day' | 'after-hours' | 'closed-day';

export interface BranchAcceptance {
  /** The acceptance day. */
  date: string;
  shift: BranchShift;
  /** The branch's hours that day. */
  hours: Span;
}

/** The acceptance day of a package handed in at `filedAt` (searches up to a year ahead; a branch never open throws RangeError). */
export function branchAcceptance(b: BranchOrg, filedAt: Date, cal: WorkCalendar): BranchAcceptance {
  const filedOn = localDate(filedAt);
  const today = openOn(b, filedOn, cal);
  if (today && localMinutes(filedAt) < minutesOf(today.until)) return { date: filedOn, shift: 'same-day', hours: today };
  let d = filedOn;
  for (let i = 0; i < 366; i++) {
    d = addCalendarDays(d, 1);
    const h = openOn(b, d, cal);
    if (h) return { date: d, shift: today ? 'after-hours' : 'closed-day', hours: h };
  }
  throw new RangeError(`branch ${b.id} does not open within a year of ${filedOn}`);
}

const channelHoursCache = new WeakMap<Organisation, ChannelHours>();

/** The branch's hours as the deadline computation takes them (not for a mobile centre). */
function channelHoursOf(b: BranchOrg): ChannelHours {
  let h = channelHoursCache.get(b);
  if (!h) {
    const o = b.hours!;
    channelHoursCache.set(b, (h = Object.freeze({ from: o.from, until: o.until, ...(o.saturday ? { saturday: o.saturday } : {}) })));
  }
  return h;
}

/**
 * The deadline of a package accepted at a branch (channel `centre`): the service's term, with the
 * branch's timetable — not the service's default centre hours — deciding the acceptance day. A
 * mobile centre: the acceptance day is its next stop (above), and the term counts from there.
 */
export function branchDeadline(
  def: Pick<ServiceDefinition, 'terms' | 'hours'>,
  b: BranchOrg,
  input: Omit<DeadlineInput, 'channel'>,
  cal: WorkCalendar,
): DeadlineResult | null {
  if (b.branch.timetable !== 'mobile') {
    return computeDeadline({ terms: def.terms, hours: { ...def.hours, centre: channelHoursOf(b) } }, { ...input, channel: 'centre' }, cal);
  }
  const acc = branchAcceptance(b, input.filedAt, cal);
  const filedAt = acc.shift === 'same-day' ? input.filedAt : atLocal(acc.date, acc.hours.from);
  const weekday = isoWeekday(acc.date);
  const hours: ChannelHours = { from: acc.hours.from, until: acc.hours.until, ...(weekday === 6 ? { saturday: acc.hours } : {}) };
  const r = computeDeadline({ terms: def.terms, hours: { ...def.hours, centre: hours } }, { ...input, filedAt, channel: 'centre' }, cal);
  if (!r || acc.shift === 'same-day') return r;
  const note: I18n = {
    kk: `жылжымалы орталық келесі аялдамасында қабылдайды (${acc.date})`,
    ru: `мобильный ЦОН принимает на следующей стоянке маршрута (${acc.date})`,
    en: `the mobile centre accepts at its next stop on the route (${acc.date})`,
  };
  return { ...r, filedOn: localDate(input.filedAt), acceptance: acc.shift === 'after-hours' ? 'after-hours' : 'day-off', basis: { kk: `${note.kk}; ${r.basis.kk}`, ru: `${note.ru}; ${r.basis.ru}`, en: `${note.en}; ${r.basis.en}` } };
}
