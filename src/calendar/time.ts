/**
 * Local time in Kazakhstan and ISO-date helpers.
 *
 * Since 1 March 2024 the whole country uses one time zone, UTC+05:00 (no DST). We always
 * convert instants with a fixed +05:00 offset. Simplification: before 1 March 2024 the eastern
 * regions (Astana, Almaty, …) were on UTC+06:00, so for those instants in those regions the local
 * date/time computed here is one hour early. The calendar data start in 2024 and deadlines are
 * computed for current filings, so this is accepted and documented rather than modelled.
 *
 * Dates are ISO strings `YYYY-MM-DD` throughout; internally a date is an "epoch day"
 * (days since 1970-01-01), which makes date arithmetic exact and cheap.
 */
import { AppError } from '../errors/errors.ts';

export const KZ_UTC_OFFSET_MINUTES = 300;
const OFFSET_MS = KZ_UTC_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HM = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

const invalidDate = (what: string, value: unknown): AppError =>
  new AppError('INVALID_DATE', {
    message: {
      kk: `Күні қате: ${String(value)} (${what}).`,
      ru: `Неверная дата: ${String(value)} (${what}).`,
      en: `Invalid date: ${String(value)} (${what}).`,
    },
    details: { value: String(value) },
  });

/** `YYYY-MM-DD` → days since 1970-01-01. Throws AppError INVALID_DATE on anything else (incl. 2025-02-30). */
export function toEpochDay(isoDate: string): number {
  const m = typeof isoDate === 'string' ? ISO_DATE.exec(isoDate) : null;
  if (!m) throw invalidDate('expected YYYY-MM-DD', isoDate);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (mo < 1 || mo > 12 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    throw invalidDate('no such day', isoDate);
  return t / DAY_MS;
}

/** Days since 1970-01-01 → `YYYY-MM-DD`. */
export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** True when the string is a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    toEpochDay(s);
    return true;
  } catch {
    return false;
  }
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday. */
export function weekdayOfEpochDay(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (isoDate: string): number => weekdayOfEpochDay(toEpochDay(isoDate));

/** `isoDate` plus `n` calendar days (n may be negative). */
export const addCalendarDays = (isoDate: string, n: number): string => fromEpochDay(toEpochDay(isoDate) + n);

/**
 * `isoDate` plus `n` calendar months: the same day of the month, or the last day of the target
 * month when it has no such day (31 Jan + 1 → 28/29 Feb). Pure; throws RangeError on a bad date.
 */
export function addCalendarMonths(isoDate: string, n: number): string {
  if (!isIsoDate(isoDate)) throw new RangeError(`not an ISO date: ${isoDate}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`months must be an integer ≥ 0, got ${n}`);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const pad = (x: number, w = 2) => String(x).padStart(w, '0');
  return `${pad(ty, 4)}-${pad(tm)}-${pad(Math.min(d, last))}`;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const calendarDaysBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);

/** `HH:MM` or `HH:MM:SS` (00:00 … 24:00) → milliseconds after local midnight. */
export function parseClock(hm: string): number {
  const m = typeof hm === 'string' ? HM.exec(hm) : null;
  if (!m) throw new TypeError(`Invalid time of day "${String(hm)}": expected HH:MM`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (mi > 59 || s > 59 || h > 24 || (h === 24 && (mi > 0 || s > 0)))
    throw new TypeError(`Invalid time of day "${hm}"`);
  return ((h * 60 + mi) * 60 + s) * 1000;
}

const checkInstant = (instant: Date): number => {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw invalidDate('expected a valid Date instant', instant);
  return t;
};

/** The local (UTC+05:00) date of an instant, `YYYY-MM-DD`. */
export function localDate(instant: Date): string {
  return new Date(checkInstant(instant) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The local epoch day of an instant. */
export function localEpochDay(instant: Date): number {
  return Math.floor((checkInstant(instant) + OFFSET_MS) / DAY_MS);
}

/** Milliseconds after local midnight of an instant (0 … 86 399 999). */
export function localMsOfDay(instant: Date): number {
  const t = checkInstant(instant) + OFFSET_MS;
  return t - Math.floor(t / DAY_MS) * DAY_MS;
}

/** Whole minutes after local midnight (0 … 1439); 17:59:59 → 1079. */
export const localMinutes = (instant: Date): number => Math.floor(localMsOfDay(instant) / 60_000);

/** Local time of day `HH:MM`. */
export function localClock(instant: Date): string {
  const m = localMinutes(instant);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The instant at local time `hm` (`HH:MM`, `HH:MM:SS`, `24:00` allowed) on `isoDate`. */
export function atLocal(isoDate: string, hm = '00:00'): Date {
  return new Date(toEpochDay(isoDate) * DAY_MS + parseClock(hm) - OFFSET_MS);
}

/** The instant `ms` milliseconds after local midnight of the epoch day `day`. */
export const atLocalMs = (day: number, ms: number): Date => new Date(day * DAY_MS + ms - OFFSET_MS);

/**
 * ISO 8601 with the local offset, e.g. `2026-11-20T18:05:00+05:00`. Its first ten characters are
 * the local date, so date-prefix comparisons (conditions over `$filedAt`) use the local day.
 */
export function localIso(instant: Date): string {
  return `${new Date(checkInstant(instant) + OFFSET_MS).toISOString().slice(0, 19)}+05:00`;
}

/** `YYYY-MM-DD` → `DD.MM.YYYY`, the form people read in Kazakhstan. */
export function formatDmy(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * An instant from an ISO 8601 string as people and clients write it in Kazakhstan: with an
 * offset or Z as given; a date-time without an offset is local time (UTC+5); a bare date is
 * the start of that local day. Null when it is not a real ISO date-time.
 */
export function parseLocalInstant(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s.trim());
  if (!m || !isIsoDate(m[1])) return null;
  if (m[2] === undefined) return atLocal(m[1] as string);
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const text = s.trim().replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = new Date(m[5] ? text : `${text}+05:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}
