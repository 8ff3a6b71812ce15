/**
 * The monthly calculation index (МРП / АЕК) per year, as data (kz-facts §4): set each year by the
 * law on the republican budget, in force from 1 January. Pure.
 */
import { AppError } from '../errors/errors.ts';
import type { I18n } from '../lib/i18n.ts';

export interface MciYear {
  year: number;
  /** Tenge. */
  value: number;
  basis: I18n;
}

const budgetLaw = (years: string): I18n => ({
  kk: `«${years} жылдарға арналған республикалық бюджет туралы» Қазақстан Республикасының Заңы`,
  ru: `Закон Республики Казахстан «О республиканском бюджете на ${years} годы»`,
  en: `Law of the Republic of Kazakhstan "On the republican budget for ${years}"`,
});

export const MCI: readonly MciYear[] = [
  { year: 2024, value: 3692, basis: budgetLaw('2024–2026') },
  { year: 2025, value: 3932, basis: budgetLaw('2025–2027') },
  { year: 2026, value: 4325, basis: budgetLaw('2026–2028') },
];

/** The MCI in force on an ISO date (YYYY-MM-DD); FEE_DATE_OUT_OF_RANGE outside the table. */
export function mciOn(date: string, path = '/query/date'): MciYear {
  const year = Number(date.slice(0, 4));
  const row = MCI.find((m) => m.year === year);
  if (!row) throw new AppError('FEE_DATE_OUT_OF_RANGE', { path, details: { date, years: MCI.map((m) => m.year) } });
  return row;
}

/** Tenge for a rate in MCI, to the tiyn, half up (0.3 × 4 325 = 1 297.50). */
export function tenge(rateMci: number, mci: number): number {
  // Rates have at most 4 decimals (registry/fees.ts sums them in ten-thousandths): integer arithmetic.
  const tiyn = (Math.round(rateMci * 10_000) * mci * 100) / 10_000;
  return Math.round(tiyn) / 100;
}
