/**
 * The Kazakh working calendar (five-day week) built from data (`calendar/kz.yaml`).
 *
 * On load every covered day gets a kind (working weekday, weekend, holiday, day off in place of a
 * weekend holiday, transferred day off, transferred working day) and a prefix sum of working days
 * is precomputed, so:
 *   - isWorkingDay                  O(1)
 *   - workingDaysBetween            O(1)
 *   - addWorkingDays/nextWorkingDay O(log days) (binary search on the prefix sums)
 * Any date outside the covered years throws AppError YEAR_OUT_OF_RANGE — never a guess.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors/errors.ts';
import type { I18n } from '../registry/types.ts';
import { fromEpochDay, toEpochDay, weekdayOfEpochDay } from './time.ts';

// ------------------------------------------------------------------ data shape (YAML)

export interface HolidayDefinition {
  id: string;
  name: I18n;
  /** Fixed dates `MM-DD`. Exactly one of `dates` / `movable`. */
  dates?: string[];
  /** A date given per year under `years.<y>` (only `kurbanAit` today). */
  movable?: 'kurbanAit';
  /** Falls on Saturday/Sunday → a day off on the next working day. */
  moveIfWeekend: boolean;
  /** First / last year (inclusive) the holiday exists. Absent = open-ended. */
  since?: number;
  until?: number;
}

export interface Transfer {
  /** A working day that becomes a day off. */
  dayOff: string;
  /** A day off (weekend) that becomes a working day. */
  workingDay: string;
  basis?: string;
}

export interface YearData {
  kurbanAit: string;
  /** The year's data are expected but not yet official (e.g. Kurban Ait not announced). */
  provisional?: boolean;
  transfers: Transfer[];
}

export interface CalendarData {
  weekend: number[];
  holidays: HolidayDefinition[];
  years: Record<string, YearData>;
}

// ------------------------------------------------------------------ API types

export type DayKind =
  | 'working' // an ordinary working weekday
  | 'weekend' // Saturday/Sunday
  | 'holiday' // a public holiday on its own date (weekday or weekend)
  | 'moved-holiday' // a weekday off because a holiday fell on a weekend
  | 'transfer-day-off' // a working day made a day off by a transfer
  | 'transfer-working-day'; // a weekend day made a working day by a transfer

export interface HolidayRef {
  id: string;
  name: I18n;
}

export interface DayInfo {
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  kind: DayKind;
  /** The holiday(s) on this date (kind `holiday`; can also be set when a weekend holiday falls here). */
  holidays: HolidayRef[];
  /** kind `moved-holiday`: the holiday and its own date. */
  movedFrom?: HolidayRef & { date: string };
  /** kind `transfer-*`: the paired day and the legal basis. */
  transfer?: Transfer;
}

export interface Holiday {
  id: string;
  /** The holiday's own date. */
  date: string;
  name: I18n;
  /** Saturday/Sunday holiday that is moved: the weekday that is off instead. */
  movedTo: string | null;
  /** Falls on a weekend and is not moved (7 Jan, Kurban Ait). */
  notMoved: boolean;
  provisional: boolean;
}

export interface YearSummary {
  year: number;
  /** Working days of the five-day week. */
  workingDays: number;
  /** Sorted Mon–Fri dates that are days off. */
  nonWorkingWeekdays: string[];
  /** Sorted Sat/Sun dates that are working days. */
  workingWeekendDays: string[];
}

export interface WorkCalendar {
  /** First and last covered year (inclusive). */
  readonly years: { from: number; to: number };
  /** Years whose data are marked provisional. */
  readonly provisionalYears: readonly number[];
  covers(isoDate: string): boolean;
  isWorkingDay(isoDate: string): boolean;
  dayInfo(isoDate: string): DayInfo;
  /**
   * `n` working days after `from`; `from` itself is never counted.
   * n ≥ 1: the n-th working day strictly after `from` (so workingDaysBetween(from, result) === n).
   * n = 0: `from` if it is a working day, otherwise the next working day.
   */
  addWorkingDays(from: string, n: number): string;
  /** The first working day strictly after `isoDate` (= addWorkingDays(isoDate, 1)). */
  nextWorkingDay(isoDate: string): string;
  /** The last working day strictly before `isoDate`. */
  previousWorkingDay(isoDate: string): string;
  /** Working days in (from, to]; negative (−count in (to, from]) when `to` < `from`. */
  workingDaysBetween(from: string, to: string): number;
  yearSummary(year: number): YearSummary;
  holidaysOf(year: number): Holiday[];
}

// ------------------------------------------------------------------ errors

/** Thrown for any date or year outside the calendar data. */
export class CalendarRangeError extends AppError {
  constructor(what: string, covered: { from: number; to: number }) {
    super('YEAR_OUT_OF_RANGE', {
      message: {
        kk: `Жұмыс күнтізбесінде ${what} үшін деректер жоқ (бар жылдар: ${covered.from}–${covered.to}).`,
        ru: `В рабочем календаре нет данных для ${what} (есть годы ${covered.from}–${covered.to}).`,
        en: `The working calendar has no data for ${what} (covered years: ${covered.from}–${covered.to}); add the year to calendar/kz.yaml.`,
      },
      details: { what, covered },
    });
    this.name = 'CalendarRangeError';
  }
}

/** Thrown when the calendar file is malformed or inconsistent. */
export class CalendarDataError extends Error {
  constructor(message: string) {
    super(`calendar data: ${message}`);
    this.name = 'CalendarDataError';
  }
}

// ------------------------------------------------------------------ loading

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Load and validate a calendar file (synchronous; done once at start-up). A relative path is
 * tried against the working directory, then against the project root, so the default works from
 * anywhere.
 */
export function loadCalendar(file = 'calendar/kz.yaml'): WorkCalendar {
  const path = isAbsolute(file) || existsSync(file) ? resolve(file) : resolve(PROJECT_ROOT, file);
  return buildCalendar(parseYaml(readFileSync(path, 'utf8')));
}

let defaultCal: WorkCalendar | undefined;
/** The default calendar, loaded once. */
export function defaultCalendar(): WorkCalendar {
  defaultCal ??= loadCalendar();
  return defaultCal;
}

const KIND_CODE: Record<DayKind, number> = {
  working: 0,
  weekend: 1,
  holiday: 2,
  'moved-holiday': 3,
  'transfer-day-off': 4,
  'transfer-working-day': 5,
};
const KINDS = Object.keys(KIND_CODE) as DayKind[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkI18n(v: unknown, where: string): I18n {
  if (!isRecord(v) || ['kk', 'ru', 'en'].some((l) => typeof v[l] !== 'string' || (v[l] as string).trim() === ''))
    throw new CalendarDataError(`${where}: name must have non-empty kk, ru and en`);
  return { kk: v.kk as string, ru: v.ru as string, en: v.en as string };
}

function checkDate(v: unknown, where: string): number {
  try {
    return toEpochDay(v as string);
  } catch {
    throw new CalendarDataError(`${where}: "${String(v)}" is not a YYYY-MM-DD date`);
  }
}

/** Validate raw data (parsed YAML) into CalendarData. */
export function validateCalendarData(raw: unknown): CalendarData {
  if (!isRecord(raw)) throw new CalendarDataError('top level must be a mapping');
  const weekend = raw.weekend;
  if (!Array.isArray(weekend) || weekend.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    throw new CalendarDataError('weekend must be a list of ISO weekday numbers 1..7');
  if (!Array.isArray(raw.holidays)) throw new CalendarDataError('holidays must be a list');
  const ids = new Set<string>();
  const holidays: HolidayDefinition[] = raw.holidays.map((h, i): HolidayDefinition => {
    const where = `holidays[${i}]`;
    if (!isRecord(h) || typeof h.id !== 'string' || h.id === '') throw new CalendarDataError(`${where}: id required`);
    if (ids.has(h.id)) throw new CalendarDataError(`${where}: duplicate id ${h.id}`);
    ids.add(h.id);
    const name = checkI18n(h.name, `${where} (${h.id})`);
    if (typeof h.moveIfWeekend !== 'boolean') throw new CalendarDataError(`${where} (${h.id}): moveIfWeekend must be true/false`);
    for (const k of ['since', 'until'] as const)
      if (h[k] !== undefined && !Number.isInteger(h[k])) throw new CalendarDataError(`${where} (${h.id}): ${k} must be a year`);
    const out: HolidayDefinition = { id: h.id, name, moveIfWeekend: h.moveIfWeekend };
    if (h.since !== undefined) out.since = h.since as number;
    if (h.until !== undefined) out.until = h.until as number;
    if (h.dates !== undefined === (h.movable !== undefined))
      throw new CalendarDataError(`${where} (${h.id}): exactly one of dates / movable`);
    if (h.movable !== undefined) {
      if (h.movable !== 'kurbanAit') throw new CalendarDataError(`${where} (${h.id}): unknown movable "${String(h.movable)}"`);
      out.movable = 'kurbanAit';
    } else {
      if (!Array.isArray(h.dates) || h.dates.length === 0) throw new CalendarDataError(`${where} (${h.id}): dates must be a non-empty list`);
      out.dates = h.dates.map((md) => {
        // Validate MM-DD against a leap year so 02-29 is allowed.
        if (typeof md !== 'string' || !/^\d{2}-\d{2}$/.test(md)) throw new CalendarDataError(`${where} (${h.id}): "${String(md)}" is not MM-DD`);
        checkDate(`2024-${md}`, `${where} (${h.id})`);
        return md;
      });
    }
    return out;
  });
  if (!isRecord(raw.years) || Object.keys(raw.years).length === 0) throw new CalendarDataError('years must be a non-empty mapping');
  const years: Record<string, YearData> = {};
  for (const [key, y] of Object.entries(raw.years)) {
    const where = `years.${key}`;
    if (!/^\d{4}$/.test(key)) throw new CalendarDataError(`${where}: the key must be a year`);
    if (!isRecord(y)) throw new CalendarDataError(`${where}: must be a mapping`);
    const ka = checkDate(y.kurbanAit, `${where}.kurbanAit`);
    if (fromEpochDay(ka).slice(0, 4) !== key) throw new CalendarDataError(`${where}.kurbanAit is not in ${key}`);
    const transfers = y.transfers ?? [];
    if (!Array.isArray(transfers)) throw new CalendarDataError(`${where}.transfers must be a list`);
    years[key] = {
      kurbanAit: y.kurbanAit as string,
      provisional: y.provisional === true,
      transfers: transfers.map((t, i) => {
        if (!isRecord(t)) throw new CalendarDataError(`${where}.transfers[${i}] must be a mapping`);
        for (const k of ['dayOff', 'workingDay'] as const) {
          const d = checkDate(t[k], `${where}.transfers[${i}].${k}`);
          if (fromEpochDay(d).slice(0, 4) !== key) throw new CalendarDataError(`${where}.transfers[${i}].${k} is not in ${key}`);
        }
        const tr: Transfer = { dayOff: t.dayOff as string, workingDay: t.workingDay as string };
        if (typeof t.basis === 'string') tr.basis = t.basis;
        return tr;
      }),
    };
  }
  const ys = Object.keys(years).map(Number).sort((a, b) => a - b);
  ys.forEach((y, i) => {
    if (i > 0 && y !== (ys[i - 1] as number) + 1) throw new CalendarDataError(`covered years must be contiguous (gap before ${y})`);
  });
  return { weekend: weekend as number[], holidays, years };
}

/** Build a calendar from raw (parsed YAML) or validated data. */
export function buildCalendar(raw: unknown): WorkCalendar {
  const data = validateCalendarData(raw);
  const yearList = Object.keys(data.years).map(Number).sort((a, b) => a - b);
  const firstYear = yearList[0] as number;
  const lastYear = yearList[yearList.length - 1] as number;
  const covered = { from: firstYear, to: lastYear };
  const base = toEpochDay(`${firstYear}-01-01`);
  const end = toEpochDay(`${lastYear}-12-31`); // inclusive
  const len = end - base + 1;
  const weekend = new Set(data.weekend);

  const kind = new Uint8Array(len);
  const holidaysAt = new Map<number, HolidayRef[]>();
  const movedFrom = new Map<number, HolidayRef & { date: string }>();
  const transferAt = new Map<number, Transfer>();
  const holidayList = new Map<number, Holiday[]>(); // per year
  const provisionalYears = yearList.filter((y) => data.years[String(y)]?.provisional);

  for (let i = 0; i < len; i++) kind[i] = weekend.has(weekdayOfEpochDay(base + i)) ? KIND_CODE.weekend : KIND_CODE.working;

  // 1. every holiday on its own date, in all years first (so a move can never land on a later holiday)
  const occByYear = new Map<number, Array<{ day: number; def: HolidayDefinition }>>();
  for (const year of yearList) {
    const yd = data.years[String(year)] as YearData;
    const occ: Array<{ day: number; def: HolidayDefinition }> = [];
    for (const def of data.holidays) {
      if ((def.since !== undefined && year < def.since) || (def.until !== undefined && year > def.until)) continue;
      const days = def.movable
        ? [toEpochDay(yd.kurbanAit)]
        : (def.dates ?? []).flatMap((md) => {
            // 02-29 in a non-leap year simply does not occur.
            try {
              return [toEpochDay(`${year}-${md}`)];
            } catch {
              return [];
            }
          });
      for (const day of days) occ.push({ day, def });
    }
    occ.sort((a, b) => a.day - b.day);
    for (const { day, def } of occ) {
      const refs = holidaysAt.get(day) ?? [];
      refs.push({ id: def.id, name: def.name });
      holidaysAt.set(day, refs);
      kind[day - base] = KIND_CODE.holiday;
    }
    occByYear.set(year, occ);
  }
  // 2. weekend holidays that move: in date order, each to the next working weekday that is not a
  //    holiday and not taken by an earlier move (consecutive holidays → consecutive working days)
  for (const year of yearList) {
    const yd = data.years[String(year)] as YearData;
    const list: Holiday[] = [];
    for (const { day, def } of occByYear.get(year) ?? []) {
      const onWeekend = weekend.has(weekdayOfEpochDay(day));
      let movedTo: string | null = null;
      if (onWeekend && def.moveIfWeekend) {
        let d = day + 1;
        while (d <= end && kind[d - base] !== KIND_CODE.working) d++;
        if (d > end) throw new CalendarDataError(`${def.id} ${fromEpochDay(day)} moves past the last covered year`);
        kind[d - base] = KIND_CODE['moved-holiday'];
        movedFrom.set(d, { id: def.id, name: def.name, date: fromEpochDay(day) });
        movedTo = fromEpochDay(d);
      }
      list.push({
        id: def.id,
        date: fromEpochDay(day),
        name: def.name,
        movedTo,
        notMoved: onWeekend && !def.moveIfWeekend,
        provisional: Boolean(yd.provisional && def.movable),
      });
    }
    holidayList.set(year, list);
  }
  // 3. transfers decided for the year
  for (const year of yearList) {
    for (const t of (data.years[String(year)] as YearData).transfers) {
      const off = toEpochDay(t.dayOff) - base;
      const work = toEpochDay(t.workingDay) - base;
      if (kind[off] !== KIND_CODE.working) throw new CalendarDataError(`transfer dayOff ${t.dayOff} is not an ordinary working day`);
      if (kind[work] !== KIND_CODE.weekend) throw new CalendarDataError(`transfer workingDay ${t.workingDay} is not an ordinary weekend day`);
      kind[off] = KIND_CODE['transfer-day-off'];
      kind[work] = KIND_CODE['transfer-working-day'];
      transferAt.set(off + base, t);
      transferAt.set(work + base, t);
    }
  }

  // working flags and prefix sums: prefix[i] = working days in [base, base + i]
  const working = new Uint8Array(len);
  const prefix = new Int32Array(len);
  let acc = 0;
  for (let i = 0; i < len; i++) {
    const k = kind[i] as number;
    const w = k === KIND_CODE.working || k === KIND_CODE['transfer-working-day'] ? 1 : 0;
    working[i] = w;
    acc += w;
    prefix[i] = acc;
  }
  const totalWorking = acc;

  const index = (isoDate: string): number => {
    const i = toEpochDay(isoDate) - base;
    if (i < 0 || i >= len) throw new CalendarRangeError(isoDate, covered);
    return i;
  };
  const checkYear = (year: number): void => {
    if (!Number.isInteger(year) || year < firstYear || year > lastYear) throw new CalendarRangeError(String(year), covered);
  };
  const dateOf = (i: number): string => fromEpochDay(base + i);

  /** Smallest j with prefix[j] >= target (target ≤ totalWorking), searching j in [lo, len). */
  const firstIndexWithPrefix = (target: number, lo: number): number => {
    let l = lo;
    let h = len - 1;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if ((prefix[mid] as number) >= target) h = mid;
      else l = mid + 1;
    }
    return l;
  };

  const addWorkingDays = (from: string, n: number): string => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be an integer ≥ 0, got ${n}`);
    const i = index(from);
    if (n === 0 && working[i]) return from;
    const target = (prefix[i] as number) + Math.max(n, 1);
    if (target > totalWorking)
      throw new CalendarRangeError(`${Math.max(n, 1)} working day(s) after ${from} (beyond ${lastYear}-12-31)`, covered);
    return dateOf(firstIndexWithPrefix(target, i + 1));
  };

  const cal: WorkCalendar = {
    years: covered,
    provisionalYears,
    covers(isoDate) {
      const i = toEpochDay(isoDate) - base;
      return i >= 0 && i < len;
    },
    isWorkingDay: (isoDate) => working[index(isoDate)] === 1,
    dayInfo(isoDate) {
      const i = index(isoDate);
      const day = base + i;
      const info: DayInfo = {
        date: isoDate,
        weekday: weekdayOfEpochDay(day),
        working: working[i] === 1,
        kind: KINDS[kind[i] as number] as DayKind,
        holidays: holidaysAt.get(day) ?? [],
      };
      const mf = movedFrom.get(day);
      if (mf) info.movedFrom = mf;
      const tr = transferAt.get(day);
      if (tr) info.transfer = tr;
      return info;
    },
    addWorkingDays,
    nextWorkingDay: (isoDate) => addWorkingDays(isoDate, 1),
    previousWorkingDay(isoDate) {
      const i = index(isoDate);
      const before = (prefix[i] as number) - (working[i] as number); // working days in [base, i)
      if (before < 1) throw new CalendarRangeError(`the working day before ${isoDate} (before ${firstYear}-01-01)`, covered);
      return dateOf(firstIndexWithPrefix(before, 0));
    },
    workingDaysBetween: (from, to) => (prefix[index(to)] as number) - (prefix[index(from)] as number),
    yearSummary(year) {
      checkYear(year);
      const lo = toEpochDay(`${year}-01-01`) - base;
      const hi = toEpochDay(`${year}-12-31`) - base;
      const nonWorkingWeekdays: string[] = [];
      const workingWeekendDays: string[] = [];
      let workingDays = 0;
      for (let i = lo; i <= hi; i++) {
        const weekday = weekdayOfEpochDay(base + i);
        const isWeekend = weekday >= 6; // the summary is defined on Mon–Fri vs Sat/Sun
        if (working[i]) {
          workingDays++;
          if (isWeekend) workingWeekendDays.push(dateOf(i));
        } else if (!isWeekend) nonWorkingWeekdays.push(dateOf(i));
      }
      return { year, workingDays, nonWorkingWeekdays, workingWeekendDays };
    },
    holidaysOf(year) {
      checkYear(year);
      return (holidayList.get(year) ?? []).map((h) => ({ ...h }));
    },
  };
  return Object.freeze(cal);
}
