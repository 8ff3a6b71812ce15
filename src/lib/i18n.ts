/** Base types of the whole project: text in the three languages (Kazakh, the state language, first). */

/** Text a person reads, always in all three languages. */
export interface I18n {
  kk: string;
  ru: string;
  en: string;
}

export type Lang = keyof I18n;
export const LANGS: readonly Lang[] = ['kk', 'ru', 'en'] as const;
