/**
 * Service deadlines (digest §2.15–2.16): which term applies, the day of acceptance, the due date,
 * extensions with notice — plus re-exports of the working-time arithmetic for per-step limits.
 *
 * Rules (see README.md):
 *  - term: the first in `def.terms` whose channels include the channel and whose condition holds
 *    (values = form values + `$channel`, `$region`, `$filedAt` = filing instant as local ISO);
 *  - acceptance day: the local filing date, unless filed at/after the channel's closing time or on
 *    a day the channel is closed → the next day the channel is open ("after working hours, on days
 *    off and holidays, acceptance is the next working day"). A six-day schedule (`saturday` hours)
 *    makes an ordinary Saturday an acceptance day, never a working day of the term;
 *  - working days: counted after the acceptance day (or including it when
 *    `excludeAcceptanceDay: false` and it is a working day);
 *  - calendar days: acceptance + n; a non-working last day moves to the next working day
 *    (Civil Code rule on the last day of a term);
 *  - calendar months: the same day of the month n months after acceptance, or that month's last
 *    day when it has none (Civil Code rule on terms in months); a non-working last day moves on;
 *  - a term's `notice`: due `notice.amount` days after acceptance (calendar days move off a
 *    non-working last day), returned as `noticeBy`;
 *  - `excludeIssuanceDay`: one more working day;
 *  - hours/minutes: working time from the filing instant on the provider's working hours;
 *  - an `automatic` term (an information system decides without staff): accepted at once on the
 *    filing day whatever the hour or day, and its hours/minutes run in plain time from filing.
 */
import { evaluateCondition } from '../registry/conditions.ts';
import type { Channel, Extension, I18n, ServiceDefinition, Term } from '../registry/types.ts';
import { CalendarRangeError, type DayInfo, type WorkCalendar } from './calendar.ts';
import { addCalendarDays, addCalendarMonths, atLocal, calendarDaysBetween, isIsoDate, localClock, localDate, localIso, localMsOfDay, parseClock } from './time.ts';
import { count, day, joinParts, sentence, termHeading, whyOff } from './words.ts';
import { addWorkingMs, type WorkingHours } from './worktime.ts';

export { addCalendarMonths } from './time.ts';
export {
  addWorkingTime,
  DEFAULT_WORKING_HOURS,
  timeLeft,
  type TimeLeft,
  type WorkingHours,
  workingMinutesBetween,
} from './worktime.ts';

/** Opening hours of a channel, local time. `saturday` = a six-day schedule. */
export interface ChannelHours {
  from: string;
  until: string;
  saturday?: { from: string; until: string };
}

/** Defaults: centre Mon–Fri 09:00–18:00 (002 cl.3); provider 09:00–18:30; portal follows the provider. */
export const DEFAULT_CHANNEL_HOURS: Readonly<Record<'centre' | 'provider', ChannelHours>> = Object.freeze({
  centre: { from: '09:00', until: '18:00' },
  provider: { from: '09:00', until: '18:30' },
});

export interface DeadlineOptions {
  /** Deployment-wide channel hours (below `def.hours`, above the defaults). */
  hours?: Partial<Record<Channel, ChannelHours>>;
}

export interface DeadlineInput {
  channel: Channel;
  filedAt: Date;
  region?: string;
  values?: Record<string, unknown>;
}

export type AcceptanceShift = 'same-day' | 'after-hours' | 'day-off';

export interface DeadlineResult {
  /** The last day for the result (issuance day when `excludeIssuanceDay`). */
  dueDate: string;
  acceptanceDate: string;
  termId: string;
  term: Term;
  /** Which term and rules applied, readable, in kk, ru and en. */
  basis: I18n;
  /** The local date of filing. */
  filedOn: string;
  acceptance: AcceptanceShift;
  /** The end of the term before the last-day move and the issuance day; extensions count from here. */
  termEnd: string;
  /** Hours/minutes terms: the instant the term runs out. */
  dueAt?: Date;
  /** The term's `notice`: the last day to notify the applicant. */
  noticeBy?: string;
}

/** Hours for a channel: `def.hours[channel]` > `opts.hours[channel]` > default; the portal follows the provider. */
export function channelHours(def: Pick<ServiceDefinition, 'hours'>, channel: Channel, opts: DeadlineOptions = {}): ChannelHours {
  const own = def.hours?.[channel] ?? opts.hours?.[channel];
  if (own) return own;
  if (channel === 'portal') return channelHours(def, 'provider', opts);
  return DEFAULT_CHANNEL_HOURS[channel];
}

export interface Acceptance {
  date: string;
  filedOn: string;
  shift: AcceptanceShift;
  /** The filing day, for the basis text. */
  filedInfo: DayInfo;
  hours: ChannelHours;
}

const isOpenSaturday = (info: DayInfo, hours: ChannelHours): boolean =>
  Boolean(hours.saturday) && info.weekday === 6 && info.kind === 'weekend';

/** The first day after `isoDate` on which the channel accepts applications. */
function nextOpenDay(isoDate: string, hours: ChannelHours, cal: WorkCalendar): string {
  if (!hours.saturday) return cal.nextWorkingDay(isoDate);
  let d = isoDate;
  for (;;) {
    d = addCalendarDays(d, 1);
    const info = cal.dayInfo(d);
    if (info.working || isOpenSaturday(info, hours)) return d;
  }
}

/** The day of acceptance for an application filed at `filedAt` on a channel with `hours`. */
export function acceptanceDay(filedAt: Date, hours: ChannelHours, cal: WorkCalendar): Acceptance {
  const filedOn = localDate(filedAt);
  const info = cal.dayInfo(filedOn);
  const ms = localMsOfDay(filedAt);
  const base = { filedOn, filedInfo: info, hours };
  if (info.working || isOpenSaturday(info, hours)) {
    const until = info.working ? hours.until : (hours.saturday as { until: string }).until;
    if (ms < parseClock(until)) return { ...base, date: filedOn, shift: 'same-day' };
    return { ...base, date: nextOpenDay(filedOn, hours, cal), shift: 'after-hours' };
  }
  return { ...base, date: nextOpenDay(filedOn, hours, cal), shift: 'day-off' };
}

/**
 * The applicable term: first whose channels include the channel and whose condition holds.
 *
 * `olderThanWorkingDays` conditions may look at a date before the calendar data (a child born
 * in 2023). Then the count is only known to lie between the working days inside the data and
 * that plus the calendar days before it; every combination of those bounds is tried and the term
 * is returned only when all agree (e.g. "born more than 3 working days ago" for a 2015 birth).
 * Otherwise the CalendarRangeError stands.
 */
export function selectTerm(
  def: Pick<ServiceDefinition, 'terms'>,
  input: DeadlineInput,
  cal: WorkCalendar,
): Term | null {
  const values: Record<string, unknown> = {
    ...(input.values ?? {}),
    $channel: input.channel,
    $region: input.region,
    $filedAt: localIso(input.filedAt),
  };
  const pick = (workingDaysBetween: (from: string, to: string) => number): Term | null =>
    def.terms.find(
      (t) =>
        t.channels.includes(input.channel) && (!t.condition || evaluateCondition(t.condition.when, { values, workingDaysBetween })),
    ) ?? null;
  try {
    return pick(cal.workingDaysBetween);
  } catch (e) {
    if (!(e instanceof CalendarRangeError)) throw e;
    return pickWithBounds(pick, cal, e);
  }
}

function pickWithBounds(
  pick: (wdb: (from: string, to: string) => number) => Term | null,
  cal: WorkCalendar,
  original: CalendarRangeError,
): Term | null {
  const first = `${cal.years.from}-01-01`;
  const bounds = (from: string, to: string): [number, number] => {
    if (!isIsoDate(from) || !isIsoDate(to) || cal.covers(from) || !cal.covers(to) || from > to) {
      cal.workingDaysBetween(from, to); // throws the precise error
      throw original;
    }
    const inside = cal.workingDaysBetween(first, to) + (cal.isWorkingDay(first) ? 1 : 0);
    return [inside, inside + calendarDaysBetween(from, first) - 1];
  };
  const run = (mask: number, limit: number) => {
    let calls = 0;
    const term = pick((from, to) => {
      if (cal.covers(from) && cal.covers(to)) return cal.workingDaysBetween(from, to);
      const [lo, hi] = bounds(from, to);
      const bit = calls++;
      if (bit >= limit) throw original;
      return (mask >> bit) & 1 ? hi : lo;
    });
    return { term, calls };
  };
  const k = run(0, 16).calls;
  if (k > 10) throw original;
  const first0 = run(0, k).term;
  for (let mask = 1; mask < 1 << k; mask++) if (run(mask, k).term !== first0) throw original;
  return first0;
}

function checkAmount(term: Term): void {
  if (!Number.isInteger(term.amount) || term.amount < 0)
    throw new RangeError(`term ${term.id}: amount must be an integer ≥ 0, got ${term.amount}`);
}

/**
 * Compute the deadline for an application. Null when no term of the service applies to the
 * channel (the standard sets none). Throws CalendarRangeError for dates outside the calendar data.
 */
export function computeDeadline(
  def: Pick<ServiceDefinition, 'terms' | 'hours'>,
  input: DeadlineInput,
  cal: WorkCalendar,
  opts: DeadlineOptions = {},
): DeadlineResult | null {
  const term = selectTerm(def, input, cal);
  if (!term) return null;
  checkAmount(term);
  const hours = channelHours(def, input.channel, opts);
  // An automatic term (an information system decides, round the clock): accepted at once, on the filing day.
  const acc: Acceptance = term.automatic
    ? { date: localDate(input.filedAt), filedOn: localDate(input.filedAt), shift: 'same-day', filedInfo: cal.dayInfo(localDate(input.filedAt)), hours }
    : acceptanceDay(input.filedAt, hours, cal);
  // A term counted in days gives every application accepted on the same day the same answer.
  const dayBased = term.unit === 'working-days' || term.unit === 'calendar-days' || term.unit === 'calendar-months';
  const memoKey = dayBased ? `${idOf(cal)}|${idOf(acc.hours)}|${acc.filedOn}|${acc.shift}` : '';
  let byKey = dayBased ? memo.get(term) : undefined;
  const hit = byKey?.get(memoKey);
  if (hit) return hit;
  const excludeAcc = term.excludeAcceptanceDay ?? true;
  const n = term.amount;
  const parts: I18n[] = [];

  // The label, with the amount in words unless the label already says it ("15 calendar days").
  parts.push(termHeading(term));
  if (term.condition) {
    const l = term.condition.label;
    parts.push({ en: `applies because ${l.en}`, ru: `применяется, так как ${l.ru}`, kk: `қолданылады, себебі ${l.kk}` });
  }

  let termEnd: string;
  let dueDate: string;
  let dueAt: Date | undefined;
  const accWorking = cal.isWorkingDay(acc.date);

  if (dayBased)
    parts.push(
      excludeAcc
        ? { en: 'the day of acceptance is not counted', ru: 'день приёма не учитывается', kk: 'қабылдау күні есептелмейді' }
        : { en: 'the day of acceptance is counted', ru: 'день приёма учитывается', kk: 'қабылдау күні есептеледі' },
    );
  parts.push(term.automatic ? automaticText(input.filedAt) : acceptanceText(acc));
  if (dayBased && !accWorking)
    parts.push({
      en: 'Saturday is a day of acceptance but not a working day of the term',
      ru: 'суббота — день приёма, но не рабочий день срока',
      kk: 'сенбі — қабылдау күні, бірақ мерзімнің жұмыс күні емес',
    });

  if (term.unit === 'working-days') {
    if (excludeAcc || !accWorking) termEnd = cal.addWorkingDays(acc.date, n);
    else termEnd = n === 0 ? acc.date : cal.addWorkingDays(acc.date, n - 1);
    dueDate = termEnd;
  } else if (term.unit === 'calendar-days' || term.unit === 'calendar-months') {
    if (term.unit === 'calendar-days') termEnd = addCalendarDays(acc.date, excludeAcc ? n : Math.max(0, n - 1));
    else {
      // "After one month from the application": the corresponding day of the month; with the
      // acceptance day counted, the day before it.
      const end = addCalendarMonths(acc.date, n);
      termEnd = excludeAcc || n === 0 ? end : addCalendarDays(end, -1);
    }
    if (cal.isWorkingDay(termEnd)) dueDate = termEnd;
    else {
      dueDate = cal.nextWorkingDay(termEnd);
      const why = whyOff(cal.dayInfo(termEnd));
      const a = day(termEnd);
      const b = day(dueDate);
      parts.push({
        en: `the term ends on ${a.en}, ${why.en}, so under the Civil Code rule on the last day of a term it ends on the next working day, ${b.en}`,
        ru: `срок истекает ${a.ru} — это ${why.ru}, поэтому по правилу Гражданского кодекса о последнем дне срока он оканчивается в следующий рабочий день — ${b.ru}`,
        kk: `мерзім ${a.kk} аяқталады — бұл ${why.kk}, сондықтан Азаматтық кодекстің мерзімнің соңғы күні туралы қағидасы бойынша ол келесі жұмыс күні — ${b.kk} аяқталады`,
      });
    }
  } else if (term.automatic) {
    // Plain time from filing: the system does not keep office hours.
    dueAt = new Date(input.filedAt.getTime() + n * (term.unit === 'hours' ? 3_600_000 : 60_000));
    termEnd = dueDate = localDate(dueAt);
  } else {
    const ph = channelHours(def, 'provider', opts);
    const wh: WorkingHours = { from: ph.from, until: ph.until };
    const unitMs = term.unit === 'hours' ? 3_600_000 : 60_000;
    dueAt = addWorkingMs(input.filedAt, n * unitMs, cal, wh);
    termEnd = dueDate = localDate(dueAt);
    const f = day(localDate(input.filedAt));
    const fc = localClock(input.filedAt);
    parts.push({
      en: `counted in working time (working days ${wh.from}–${wh.until}) from filing on ${f.en} at ${fc}`,
      ru: `считается в рабочем времени (рабочие дни ${wh.from}–${wh.until}) с момента подачи ${f.ru} в ${fc}`,
      kk: `жұмыс уақытымен (жұмыс күндері ${wh.from}–${wh.until}) өтініш берілген сәттен бастап есептеледі (${f.kk}, сағат ${fc})`,
    });
  }

  if (term.excludeIssuanceDay) {
    dueDate = cal.addWorkingDays(dueDate, 1);
    parts.push({
      en: 'the day of issuance is not counted either, so the result is due one working day later',
      ru: 'день выдачи также не учитывается, поэтому результат выдаётся на один рабочий день позже',
      kk: 'беру күні де есептелмейді, сондықтан нәтиже бір жұмыс күні кейін беріледі',
    });
  }

  const due = day(dueDate);
  if (dueAt && !term.excludeIssuanceDay) {
    const c = localClock(dueAt);
    parts.push({ en: `due ${due.en} at ${c}`, ru: `срок — ${due.ru}, ${c}`, kk: `мерзімі — ${due.kk}, сағат ${c}` });
  } else {
    parts.push({ en: `due ${due.en}`, ru: `срок — ${due.ru}`, kk: `мерзімі — ${due.kk}` });
  }

  let noticeBy: string | undefined;
  if (term.notice) {
    const nt = term.notice;
    if (nt.unit === 'working-days') noticeBy = cal.addWorkingDays(acc.date, nt.amount);
    else {
      const end = addCalendarDays(acc.date, nt.amount);
      noticeBy = cal.isWorkingDay(end) ? end : cal.nextWorkingDay(end);
    }
    const nc = count(nt.amount, nt.unit, 'genitive');
    const nb = day(noticeBy);
    parts.push({
      en: `the applicant must be notified within ${nc.en} of acceptance (${nt.label.en}), by ${nb.en}`,
      ru: `заявителя необходимо уведомить в течение ${nc.ru} со дня приёма (${nt.label.ru}), не позднее ${nb.ru}`,
      kk: `өтініш берушіге қабылданған күннен бастап ${nc.kk} ішінде (${nt.label.kk}), ${nb.kk} кешіктірмей хабарлануы тиіс`,
    });
  }

  const result: DeadlineResult = {
    dueDate,
    acceptanceDate: acc.date,
    termId: term.id,
    term,
    basis: sentence(joinParts(parts)),
    filedOn: acc.filedOn,
    acceptance: acc.shift,
    termEnd,
  };
  if (dueAt) result.dueAt = dueAt;
  if (noticeBy) result.noticeBy = noticeBy;
  if (dayBased) {
    if (!byKey) memo.set(term, (byKey = new Map()));
    if (byKey.size >= 4096) byKey.clear();
    byKey.set(memoKey, Object.freeze(result));
  }
  return result;
}

/** Day-based results by term, then calendar, channel hours and filing day (results are frozen). */
const memo = new WeakMap<Term, Map<string, DeadlineResult>>();
const ids = new WeakMap<object, number>();
let nextId = 0;
function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++nextId));
  return id;
}

function automaticText(filedAt: Date): I18n {
  const f = day(localDate(filedAt));
  const c = localClock(filedAt);
  return {
    en: `formed by the information system at any hour on any day: accepted at once, on ${f.en} at ${c}`,
    ru: `формируется информационной системой круглосуточно, без выходных: заявление принято сразу — ${f.ru} в ${c}`,
    kk: `ақпараттық жүйе тәулік бойы, демалыссыз қалыптастырады: өтініш бірден қабылданды — ${f.kk}, сағат ${c}`,
  };
}

function acceptanceText(acc: Acceptance): I18n {
  const a = day(acc.date);
  if (acc.shift === 'same-day') return { en: `accepted on ${a.en}`, ru: `заявление принято ${a.ru}`, kk: `өтініш ${a.kk} қабылданды` };
  const f = day(acc.filedOn);
  if (acc.shift === 'after-hours') {
    const isSat = !acc.filedInfo.working;
    const until = isSat ? (acc.hours.saturday as { until: string }).until : acc.hours.until;
    return {
      en: `filed after working hours (${until}) on ${f.en}, so accepted on the next day of acceptance, ${a.en}`,
      ru: `заявление подано ${f.ru} после окончания рабочего времени (${until}), поэтому принято в следующий день приёма — ${a.ru}`,
      kk: `өтініш ${f.kk} жұмыс уақыты аяқталғаннан кейін (${until}) берілді, сондықтан келесі қабылдау күні — ${a.kk} қабылданды`,
    };
  }
  const why = whyOff(acc.filedInfo);
  return {
    en: `filed on ${f.en}, ${why.en}, so accepted on the next day of acceptance, ${a.en}`,
    ru: `заявление подано ${f.ru} — это ${why.ru}, поэтому принято в следующий день приёма — ${a.ru}`,
    kk: `өтініш ${f.kk} берілді — бұл ${why.kk}, сондықтан келесі қабылдау күні — ${a.kk} қабылданды`,
  };
}

// ------------------------------------------------------------------ extensions

export interface ExtendedDeadline {
  dueDate: string;
  previousDueDate: string;
  /** New end of the term (before the last-day move and issuance day). */
  termEnd: string;
  extensionId: string;
  amount: number;
  unit: Extension['unit'];
  /** The local date the extension was decided. */
  extendedOn: string;
  /** The last day to notify the applicant. */
  noticeBy: string;
  /** When `noticeWithin` is in hours: the instant. */
  noticeByAt?: Date;
  basis: I18n;
}

export interface ExtendOptions {
  /** When the term was extended (instant, or local ISO date). Default: the acceptance date. */
  extendedAt?: Date | string;
  /** By how much (≤ maxAmount). Default: maxAmount. */
  amount?: number;
  /** Working hours for an hours-based notice. Default 09:00–18:30. */
  hours?: WorkingHours;
}

/**
 * Extend a computed deadline. The extension runs from the end of the original term (calendar-day
 * extension: + n days, a non-working last day moves forward; working-day: + n working days); with
 * `totalTerm` the amount is the whole new term counted from acceptance like the term itself. The
 * issuance day is re-applied. The notice is due `noticeWithin` after the extension date (that day
 * not counted; calendar days move off non-working days; hours are working time).
 */
export function extendDeadline(
  result: DeadlineResult,
  extension: Extension,
  cal: WorkCalendar,
  opts: ExtendOptions = {},
): ExtendedDeadline {
  if (extension.terms?.length && !extension.terms.includes(result.termId))
    throw new RangeError(`extension ${extension.id} does not apply to term ${result.termId}`);
  const amount = opts.amount ?? extension.maxAmount;
  if (!Number.isInteger(amount) || amount < 1 || amount > extension.maxAmount)
    throw new RangeError(`extension ${extension.id}: amount must be an integer in 1..${extension.maxAmount}, got ${amount}`);

  // totalTerm: the amount is the whole term, counted from acceptance like the term itself;
  // otherwise it is added to the end of the original term.
  const from = extension.totalTerm ? result.acceptanceDate : result.termEnd;
  const includeAcc = extension.totalTerm && result.term.excludeAcceptanceDay === false && cal.isWorkingDay(from);
  const termEnd =
    extension.unit === 'calendar-days'
      ? addCalendarDays(from, includeAcc ? amount - 1 : amount)
      : cal.addWorkingDays(from, includeAcc ? amount - 1 : amount);
  if (termEnd < result.termEnd)
    throw new RangeError(`extension ${extension.id}: a total term of ${amount} ${extension.unit} ends before the original term`);
  let dueDate = cal.isWorkingDay(termEnd) ? termEnd : cal.nextWorkingDay(termEnd);
  if (result.term.excludeIssuanceDay) dueDate = cal.addWorkingDays(dueDate, 1);

  const at = opts.extendedAt ?? result.acceptanceDate;
  const extendedOn = at instanceof Date ? localDate(at) : localDate(atLocal(at));
  const nw = extension.noticeWithin;
  let noticeBy: string;
  let noticeByAt: Date | undefined;
  if (nw.unit === 'working-days') noticeBy = cal.addWorkingDays(extendedOn, nw.amount);
  else if (nw.unit === 'calendar-days') {
    const end = addCalendarDays(extendedOn, nw.amount);
    noticeBy = cal.isWorkingDay(end) ? end : cal.nextWorkingDay(end);
  } else {
    noticeByAt = addWorkingMs(at instanceof Date ? at : atLocal(extendedOn), nw.amount * 3_600_000, cal, opts.hours);
    noticeBy = localDate(noticeByAt);
  }

  const ext = count(amount, extension.unit);
  const total = extension.totalTerm
    ? { en: ' in total from acceptance', ru: ' всего со дня приёма', kk: ' (қабылдаудан бастап барлығы)' }
    : { en: '', ru: '', kk: '' };
  const nc = count(nw.amount, nw.unit, 'genitive');
  const e = day(extendedOn);
  const d = day(dueDate);
  const nb = day(noticeBy);
  const basis = sentence(
    joinParts([
      {
        en: `term extended on ${e.en} ${extension.totalTerm ? 'to' : 'by'} ${ext.en}${total.en} (${extension.reason.en}); new due date ${d.en}`,
        ru: `срок продлён ${e.ru} ${extension.totalTerm ? 'до' : 'на'} ${extension.totalTerm ? count(amount, extension.unit, 'genitive').ru : ext.ru}${total.ru} (${extension.reason.ru}); новый срок — ${d.ru}`,
        kk: `мерзім ${e.kk} ұзартылды: ${extension.totalTerm ? '' : '+'}${ext.kk}${total.kk} (${extension.reason.kk}); жаңа мерзімі — ${d.kk}`,
      },
      {
        en: `the applicant must be notified within ${nc.en} of the extension, by ${nb.en}${noticeByAt ? ` ${localClock(noticeByAt)}` : ''}`,
        ru: `заявителя необходимо уведомить в течение ${nc.ru} с момента продления, не позднее ${nb.ru}${noticeByAt ? ` ${localClock(noticeByAt)}` : ''}`,
        kk: `өтініш берушіге ұзартылған сәттен бастап ${nc.kk} ішінде, ${nb.kk}${noticeByAt ? ` ${localClock(noticeByAt)}` : ''} кешіктірмей хабарлануы тиіс`,
      },
    ]),
  );
  const out: ExtendedDeadline = {
    dueDate,
    previousDueDate: result.dueDate,
    termEnd,
    extensionId: extension.id,
    amount,
    unit: extension.unit,
    extendedOn,
    noticeBy,
    basis,
  };
  if (noticeByAt) out.noticeByAt = noticeByAt;
  return out;
}
