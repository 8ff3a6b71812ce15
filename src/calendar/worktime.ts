/**
 * Working-time arithmetic for per-step limits (digest §2.24): minutes and hours run only inside
 * working hours on working days. The schedule is a parameter (the back office passes the task's
 * organisation's hours, src/organisations `officeHours`); the default here is 09:00–18:30 without
 * a break. A schedule with `saturday` hours (a six-day centre) also works ordinary Saturdays for
 * seconds, minutes and hours; day-based limits count working days of the calendar only. All
 * times are local (UTC+05:00, see time.ts).
 */
import type { StepLimit } from '../registry/types.ts';
import type { WorkCalendar } from './calendar.ts';
import {
  addCalendarMonths,
  atLocal,
  atLocalMs,
  fromEpochDay,
  localDate,
  localEpochDay,
  localMsOfDay,
  parseClock,
  toEpochDay,
} from './time.ts';

/** A working day's schedule, local time. `breaks` (e.g. lunch 13:00–14:00) are not working time. */
export interface WorkingHours {
  from: string;
  until: string;
  breaks?: Array<{ from: string; until: string }>;
  /**
   * A six-day schedule: ordinary Saturdays (not a holiday, not a day off moved there) are worked
   * these hours, without a break. A Saturday the calendar makes a working day follows the weekday hours.
   */
  saturday?: { from: string; until: string };
}

export const DEFAULT_WORKING_HOURS: Readonly<WorkingHours> = Object.freeze({ from: '09:00', until: '18:30' });

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000 } as const;

/** Working intervals of a day in ms after midnight, sorted and disjoint. */
export interface CompiledHours {
  intervals: Array<[number, number]>;
  /** End of the working day (end of the last interval). */
  close: number;
  /** Working ms per working day. */
  perDay: number;
  /** Six-day schedules: the intervals of an ordinary Saturday. */
  saturday: { intervals: Array<[number, number]>; perDay: number } | null;
}

const compiledCache = new WeakMap<object, CompiledHours>();

export function compileHours(h: WorkingHours): CompiledHours {
  const cached = compiledCache.get(h);
  if (cached) return cached;
  const from = parseClock(h.from);
  const until = parseClock(h.until);
  if (until <= from) throw new RangeError(`working hours ${h.from}–${h.until}: the end must be after the start`);
  const breaks = (h.breaks ?? [])
    .map((b) => [parseClock(b.from), parseClock(b.until), `${b.from}–${b.until}`] as [number, number, string])
    .sort((a, b) => a[0] - b[0]);
  const intervals: Array<[number, number]> = [];
  let cur = from;
  for (const [bs, be, text] of breaks) {
    if (be <= bs || bs < cur || be > until) throw new RangeError(`break ${text} must lie inside the working day ${h.from}–${h.until} and not overlap another`);
    if (bs > cur) intervals.push([cur, bs]);
    cur = be;
  }
  if (until > cur) intervals.push([cur, until]);
  let saturday: CompiledHours['saturday'] = null;
  if (h.saturday) {
    const sf = parseClock(h.saturday.from);
    const su = parseClock(h.saturday.until);
    if (su <= sf) throw new RangeError(`Saturday hours ${h.saturday.from}–${h.saturday.until}: the end must be after the start`);
    saturday = { intervals: [[sf, su]], perDay: su - sf };
  }
  const compiled: CompiledHours = {
    intervals,
    close: until,
    perDay: intervals.reduce((a, [s, e]) => a + (e - s), 0),
    saturday,
  };
  compiledCache.set(h, compiled);
  return compiled;
}

/** The working intervals of a day under compiled hours: none on a day off (an ordinary Saturday of a six-day schedule has its own). */
function intervalsOn(iso: string, cal: WorkCalendar, c: CompiledHours): Array<[number, number]> | null {
  if (cal.isWorkingDay(iso)) return c.intervals;
  if (!c.saturday) return null;
  const info = cal.dayInfo(iso);
  return info.weekday === 6 && info.kind === 'weekend' ? c.saturday.intervals : null;
}

/**
 * The day a day-based limit is counted from: the local date of `start`, or the next working day
 * when `start` is on a non-working day or at/after the end of the working day (the "after working
 * hours → next working day" rule).
 */
export function countingDay(start: Date, cal: WorkCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): string {
  const day = localDate(start);
  if (cal.isWorkingDay(day) && localMsOfDay(start) < compileHours(hours).close) return day;
  return cal.nextWorkingDay(day);
}

/**
 * Add `ms` of working time to `start`. Time outside working hours is skipped; when the time runs
 * out exactly at the end of a working interval the result is that end (18:30), not the next
 * opening. 0 gives the first working instant at or after `start`.
 */
export function addWorkingMs(start: Date, ms: number, cal: WorkCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`working time must be ≥ 0, got ${ms}`);
  const c = compileHours(hours);
  let remaining = ms;
  let day = localEpochDay(start);
  let t = localMsOfDay(start);
  for (;;) {
    const iso = fromEpochDay(day);
    for (const [s, e] of intervalsOn(iso, cal, c) ?? []) {
      if (t >= e) continue;
      const from = Math.max(t, s);
      const avail = e - from;
      if (remaining <= avail) return atLocalMs(day, from + remaining);
      remaining -= avail;
      t = e;
    }
    // A six-day schedule may work the next Saturday: step day by day; otherwise jump to the next working day.
    day = c.saturday ? day + 1 : toEpochDay(cal.nextWorkingDay(iso));
    t = 0;
  }
}

/**
 * When a step limit started at `start` runs out.
 * - seconds/minutes/hours: counted only inside working hours on working days;
 * - clock-hours: plain elapsed time from `start`, nights, days off and holidays included;
 * - working-days: the end of the working day `addWorkingDays(countingDay(start), n)` — the day
 *   the step starts is not counted;
 * - calendar-days: countingDay + n calendar days; a non-working last day moves to the next working
 *   day (Civil Code rule on the last day of a term); due at the end of that working day;
 * - calendar-months ("1 month"): the same day of the month n months after countingDay, or that
 *   month's last day when it has none (31 Jan + 1 → 28/29 Feb); a non-working last day moves to
 *   the next working day; due at the end of that working day;
 * - same-day: the end of the working day the step starts on (the next working day's end when it
 *   starts after hours or on a day off).
 */
export function addWorkingTime(
  start: Date,
  limit: StepLimit,
  cal: WorkCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): Date {
  const { close } = compileHours(hours);
  const closeOf = (iso: string): Date => atLocalMs(toEpochDay(iso), close);
  switch (limit.unit) {
    case 'seconds':
    case 'minutes':
    case 'hours':
      return addWorkingMs(start, limit.amount * UNIT_MS[limit.unit], cal, hours);
    case 'clock-hours':
      if (!Number.isFinite(limit.amount) || limit.amount < 0) throw new RangeError(`a count of clock hours must be ≥ 0, got ${limit.amount}`);
      return new Date(start.getTime() + limit.amount * UNIT_MS.hours);
    case 'working-days':
      checkDays(limit.amount);
      return closeOf(cal.addWorkingDays(countingDay(start, cal, hours), limit.amount));
    case 'calendar-days': {
      checkDays(limit.amount);
      const end = fromEpochDay(toEpochDay(countingDay(start, cal, hours)) + limit.amount);
      return closeOf(cal.isWorkingDay(end) ? end : cal.nextWorkingDay(end));
    }
    case 'calendar-months': {
      checkDays(limit.amount);
      const end = addCalendarMonths(countingDay(start, cal, hours), limit.amount);
      return closeOf(cal.isWorkingDay(end) ? end : cal.nextWorkingDay(end));
    }
    case 'same-day':
      return closeOf(countingDay(start, cal, hours));
  }
}

function checkDays(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count of days or months must be an integer ≥ 0, got ${n}`);
}

/** Working ms between two instants (negative when `b` < `a`). */
export function workingMsBetween(a: Date, b: Date, cal: WorkCalendar, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (tb < ta) return -workingMsBetween(b, a, cal, hours);
  const c = compileHours(hours);
  const d0 = localEpochDay(a);
  const d1 = localEpochDay(b);
  let total = 0;
  for (let day = d0; day <= d1; day++) {
    const iso = fromEpochDay(day);
    const intervals = intervalsOn(iso, cal, c);
    if (!intervals) continue;
    if (day > d0 && day < d1) {
      total += intervals === c.intervals ? c.perDay : (c.saturday?.perDay ?? 0);
      continue;
    }
    const lo = day === d0 ? localMsOfDay(a) : 0;
    const hi = day === d1 ? localMsOfDay(b) : 86_400_000;
    for (const [s, e] of intervals) total += Math.max(0, Math.min(e, hi) - Math.max(s, lo));
  }
  return total;
}

/** Working minutes between two instants (negative when `b` < `a`), rounded down. */
export const workingMinutesBetween = (a: Date, b: Date, cal: WorkCalendar, hours?: WorkingHours): number =>
  Math.floor(workingMsBetween(a, b, cal, hours) / 60_000);

export interface TimeLeft {
  dueAt: Date;
  /** Working minutes (plain minutes for `clock-hours`) from `now` to `dueAt`, rounded down; negative when overdue. */
  remainingMinutes: number;
  /** `now` is strictly after `dueAt`. */
  overdue: boolean;
}

/** How much working time a step started at `start` has left at `now` (plain minutes for a `clock-hours` limit). */
export function timeLeft(
  start: Date,
  limit: StepLimit,
  now: Date,
  cal: WorkCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): TimeLeft {
  const dueAt = addWorkingTime(start, limit, cal, hours);
  const ms = limit.unit === 'clock-hours' ? dueAt.getTime() - now.getTime() : workingMsBetween(now, dueAt, cal, hours);
  const remainingMinutes = Math.floor(ms / 60_000) + 0; // +0: no -0
  return { dueAt, remainingMinutes, overdue: now.getTime() > dueAt.getTime() };
}

/** The end of the working day of `isoDate` under `hours`. */
export const endOfWorkingDay = (isoDate: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date =>
  atLocal(isoDate, hours.until);
