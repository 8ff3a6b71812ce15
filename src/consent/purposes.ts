/**
 * What staff may ask a person's consent for, and how the state systems are named in the SMS.
 * The consent SMS goes out from the official sender, so it carries no text typed by staff: a
 * fixed kk/ru template (consentSms) with a purpose from this list and the systems' names.
 */
import type { I18n } from '../registry/types.ts';

export const CONSENT_PURPOSES = {
  'public-service': {
    kk: 'сіз өтініш берген мемлекеттік қызметті көрсету',
    ru: 'оказание государственной услуги по вашему заявлению',
    en: 'providing the public service you applied for',
  },
  'identity-check': { kk: 'жеке басыңызды тексеру', ru: 'проверка вашей личности', en: 'verifying your identity' },
  'address-check': { kk: 'тіркелген мекенжайыңызды тексеру', ru: 'проверка адреса вашей регистрации', en: 'verifying your registered address' },
  'family-check': {
    kk: 'азаматтық хал актілері мен туыстық байланыстарды тексеру',
    ru: 'проверка записей актов гражданского состояния и родственных связей',
    en: 'verifying civil-status records and family ties',
  },
  'representation-check': { kk: 'сенімхатты тексеру', ru: 'проверка доверенности', en: 'verifying a power of attorney' },
  'legal-entity-check': {
    kk: 'сіз өкілі болып табылатын заңды тұлғаның деректерін тексеру',
    ru: 'проверка данных юридического лица, которое вы представляете',
    en: 'verifying data of the legal entity you represent',
  },
} as const satisfies Record<string, I18n>;

export type ConsentPurpose = keyof typeof CONSENT_PURPOSES;
export const CONSENT_PURPOSE_CODES = Object.keys(CONSENT_PURPOSES) as [ConsentPurpose, ...ConsentPurpose[]];

/** The state systems a consent may cover, as a person reads them. */
export const CONSENT_SYSTEMS = {
  persons: { kk: '«Жеке тұлғалар» МДБ', ru: 'ГБД «Физические лица»', en: 'State DB of individuals' },
  'legal-entities': { kk: '«Заңды тұлғалар» МДБ', ru: 'ГБД «Юридические лица»', en: 'State DB of legal entities' },
  notary: { kk: 'Нотариаттық тізілім', ru: 'Нотариальный реестр', en: 'Notary registry' },
  'civil-registry': { kk: 'АХАЖ', ru: 'ЗАГС', en: 'Civil registry' },
  address: { kk: 'Мекенжай тіркелімі', ru: 'Адресный регистр', en: 'Address register' },
} as const satisfies Record<string, I18n>;

export type ConsentSystem = keyof typeof CONSENT_SYSTEMS;
export const CONSENT_SYSTEM_CODES = Object.keys(CONSENT_SYSTEMS) as [ConsentSystem, ...ConsentSystem[]];

/** "Сейітқали Д.": letters, spaces, hyphens and apostrophes of the staff account's name only, clipped. */
export function staffSignature(surname: string, givenName: string): string {
  const clean = (s: string) => s.normalize('NFC').replace(/[^\p{L}\p{M}' -]/gu, '').replace(/\s+/g, ' ').trim();
  const sur = clean(surname).slice(0, 40);
  const initial = [...clean(givenName)][0];
  return initial ? `${sur} ${initial}.` : sur;
}

/** The consent SMS, kk then ru: who asks, for which systems, why, and the code. Nothing else. */
export function consentSms(x: { who: string; systems: readonly ConsentSystem[]; purpose: ConsentPurpose; code: string }): string {
  const p = CONSENT_PURPOSES[x.purpose];
  const kk = x.systems.map((s) => CONSENT_SYSTEMS[s].kk).join(', ');
  const ru = x.systems.map((s) => CONSENT_SYSTEMS[s].ru).join(', ');
  return (
    `Qyzmet: ${x.who} дербес деректеріңізге (${kk}) қол жеткізуге келісім сұрайды. Мақсаты: ${p.kk}. Келісім коды: ${x.code}. ` +
    `/ ${x.who} запрашивает согласие на доступ к вашим данным (${ru}). Цель: ${p.ru}. Код согласия: ${x.code}. Если вы не обращались — не сообщайте код.`
  );
}
