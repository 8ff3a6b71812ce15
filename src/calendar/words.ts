/**
 * Phrases for the human-readable basis of a deadline, in kk, ru and en. Kazakh and Russian day
 * names are put in parentheses after the date ("23.11.2026 (дүйсенбі)") so no case agreement is
 * needed; Russian counts take the right plural form.
 */
import type { I18n } from '../registry/types.ts';
import type { DayInfo } from './calendar.ts';
import { formatDmy, isoWeekday } from './time.ts';

export type CountUnit = 'working-days' | 'calendar-days' | 'calendar-months' | 'hours' | 'minutes' | 'seconds';

const WEEKDAYS: Record<keyof I18n, string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  ru: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
  kk: ['дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі', 'жексенбі'],
};

export const weekdayName = (isoDate: string, lang: keyof I18n): string => WEEKDAYS[lang][isoWeekday(isoDate) - 1] as string;

/** "Monday 23.11.2026" / "23.11.2026 (понедельник)" / "23.11.2026 (дүйсенбі)". */
export const day = (isoDate: string): I18n => ({
  en: `${weekdayName(isoDate, 'en')} ${formatDmy(isoDate)}`,
  ru: `${formatDmy(isoDate)} (${weekdayName(isoDate, 'ru')})`,
  kk: `${formatDmy(isoDate)} (${weekdayName(isoDate, 'kk')})`,
});

export function ruPlural(n: number, one: string, few: string, many: string): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
}

/**
 * "15 working days" / "15 рабочих дней" / "15 жұмыс күні". `genitive` gives the Russian form after
 * "в течение" ("в течение 2 рабочих дней", "1 рабочего дня").
 */
export function count(n: number, unit: CountUnit, ruCase: 'nominative' | 'genitive' = 'nominative'): I18n {
  const en = (s: string) => `${n} ${s}${n === 1 ? '' : 's'}`;
  const ru = (one: string, few: string, many: string, oneGen: string) =>
    `${n} ${ruCase === 'genitive' ? ruPlural(n, oneGen, many, many) : ruPlural(n, one, few, many)}`;
  switch (unit) {
    case 'working-days':
      return { en: en('working day'), ru: ru('рабочий день', 'рабочих дня', 'рабочих дней', 'рабочего дня'), kk: `${n} жұмыс күні` };
    case 'calendar-days':
      return {
        en: en('calendar day'),
        ru: ru('календарный день', 'календарных дня', 'календарных дней', 'календарного дня'),
        kk: `${n} күнтізбелік күн`,
      };
    case 'calendar-months':
      return {
        en: en('calendar month'),
        ru: ru('календарный месяц', 'календарных месяца', 'календарных месяцев', 'календарного месяца'),
        kk: `${n} күнтізбелік ай`,
      };
    case 'hours':
      return { en: en('hour'), ru: ru('час', 'часа', 'часов', 'часа'), kk: `${n} сағат` };
    case 'minutes':
      return { en: en('minute'), ru: ru('минута', 'минуты', 'минут', 'минуты'), kk: `${n} минут` };
    case 'seconds':
      return { en: en('second'), ru: ru('секунда', 'секунды', 'секунд', 'секунды'), kk: `${n} секунд` };
  }
}

/** Why a day is not a working day: "a day off" / "a public holiday (Republic Day)" / … */
export function whyOff(info: DayInfo): I18n {
  const h = info.holidays[0];
  switch (info.kind) {
    case 'holiday':
      if (h) return { en: `a public holiday (${h.name.en})`, ru: `праздничный день (${h.name.ru})`, kk: `мереке күні (${h.name.kk})` };
      break;
    case 'moved-holiday':
      if (info.movedFrom) {
        const m = info.movedFrom;
        return {
          en: `a day off in place of ${m.name.en} (${formatDmy(m.date)})`,
          ru: `выходной день вместо праздника «${m.name.ru}» (${formatDmy(m.date)})`,
          kk: `«${m.name.kk}» мерекесінің (${formatDmy(m.date)}) орнына берілген демалыс күні`,
        };
      }
      break;
    case 'transfer-day-off':
      return { en: 'a day off transferred by decision of the Government', ru: 'выходной день, перенесённый решением Правительства', kk: 'Үкімет шешімімен ауыстырылған демалыс күні' };
  }
  return { en: 'a day off', ru: 'выходной день', kk: 'демалыс күні' };
}

/** Join sentence parts per language. */
export function joinParts(parts: I18n[], sep = '; '): I18n {
  return {
    kk: parts.map((p) => p.kk).join(sep),
    ru: parts.map((p) => p.ru).join(sep),
    en: parts.map((p) => p.en).join(sep),
  };
}

/** First letter upper-case, final full stop. */
export function sentence(t: I18n): I18n {
  const f = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
  return { kk: f(t.kk), ru: f(t.ru), en: f(t.en) };
}

// ------------------------------------------------------------------ a term's label and its amount

/** Words of a term's amount phrase around the number ("15 calendar days", "күнтізбелік 15 күн", "4 часа"). */
const UNIT_WORD = String.raw`(?:working|calendar|days?|hours?|minutes?|months?|рабоч\p{L}*|календарн\p{L}*|дн\p{L}*|день|час\p{L}*|минут\p{L}*|месяц\p{L}*|жұмыс|күнтізбелік|күн\p{L}*|сағат|минут|ай)`;

function amountPhrase(amount: number): RegExp {
  const n = String(amount);
  // the number on its own (not "15th", not "150"), with unit words before (kk "күнтізбелік 15 күн") and after
  return new RegExp(String.raw`(?:${UNIT_WORD}\s+)*(?<![\p{L}\d])${n}(?![\p{L}\d])(?:\s+${UNIT_WORD})*`, 'iu');
}

/** Whether a term's label already states its amount ("Birth registration – 1 working day", "Күнтізбелік 15 күн"). */
export function labelStatesAmount(label: string, amount: number): boolean {
  return new RegExp(String.raw`(?<![\p{L}\d])${amount}(?![\p{L}\d])`, 'u').test(label);
}

/** Where the amount phrase was (a private-use character: never in a label). */
const MARK = '\uE000';

/**
 * A term's label without the amount it restates, for a place that shows the amount next to it:
 * "Birth registration – 1 working day" → "Birth registration"; "15 calendar days" → "";
 * "Күнтізбелік 15 күн (қабылдау күні кірмейді)" → "(қабылдау күні кірмейді)". Pure.
 */
export function termLabelRest(label: string, amount: number): string {
  if (!labelStatesAmount(label, amount)) return label.trim();
  const rest = label
    .replace(amountPhrase(amount), MARK)
    // the separator before the amount ("… – 15 days") goes with it
    .replace(new RegExp(String.raw`\s*[–—-]\s*${MARK}`), MARK)
    .replace(MARK, ' ')
    .replace(/\s+([,;.)])/g, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .replace(/^[–—,;:\s-]+|[–—,;:\s-]+$/g, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * A term as the head of a deadline's basis: its label when it already states the amount (never
 * "15 calendar days: 15 calendar days"), else "label: amount".
 */
export function termHeading(term: { label: I18n; amount: number; unit: CountUnit }): I18n {
  const head = count(term.amount, term.unit);
  const one = (l: keyof I18n) => {
    const label = term.label[l].trim();
    if (!label) return head[l];
    return labelStatesAmount(label, term.amount) ? label : `${label}: ${head[l]}`;
  };
  return { kk: one('kk'), ru: one('ru'), en: one('en') };
}
