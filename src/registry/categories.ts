/**
 * Catalogue categories of state services, as a citizen looks for them (a service may be in
 * several). Each definition lists its `categories` (the JSON Schema holds the same codes); the
 * catalogue shows them on the service's card. Pure data, browser-safe.
 */
import type { I18n } from './types.ts';

export const CATEGORIES = {
  'civil-status': { kk: 'Азаматтық хал актілері', ru: 'Акты гражданского состояния', en: 'Civil status' },
  'family-and-children': { kk: 'Отбасы және балалар', ru: 'Семья и дети', en: 'Family and children' },
  references: { kk: 'Анықтамалар мен куәліктер', ru: 'Справки и свидетельства', en: 'References and certificates' },
  'identity-documents': { kk: 'Жеке басты куәландыратын құжаттар', ru: 'Документы, удостоверяющие личность', en: 'Identity documents' },
  'housing-and-address': { kk: 'Тұрғын үй және мекенжай', ru: 'Жильё и адрес', en: 'Housing and address' },
  archives: { kk: 'Мұрағаттар', ru: 'Архивы', en: 'Archives' },
  'business-and-industry': { kk: 'Кәсіпкерлік және өнеркәсіп', ru: 'Бизнес и промышленность', en: 'Business and industry' },
} as const satisfies Record<string, I18n>;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as Category[];
