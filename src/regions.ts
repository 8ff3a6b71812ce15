import type { I18n } from './registry/types.ts';

/** Regions of Kazakhstan (17 oblasts and 3 cities of republican significance, since 2022). */
export const REGIONS = {
  astana: { kk: 'Астана қаласы', ru: 'город Астана', en: 'Astana city' },
  almaty: { kk: 'Алматы қаласы', ru: 'город Алматы', en: 'Almaty city' },
  shymkent: { kk: 'Шымкент қаласы', ru: 'город Шымкент', en: 'Shymkent city' },
  abai: { kk: 'Абай облысы', ru: 'область Абай', en: 'Abai region' },
  akmola: { kk: 'Ақмола облысы', ru: 'Акмолинская область', en: 'Akmola region' },
  aktobe: { kk: 'Ақтөбе облысы', ru: 'Актюбинская область', en: 'Aktobe region' },
  'almaty-region': { kk: 'Алматы облысы', ru: 'Алматинская область', en: 'Almaty region' },
  atyrau: { kk: 'Атырау облысы', ru: 'Атырауская область', en: 'Atyrau region' },
  'east-kazakhstan': { kk: 'Шығыс Қазақстан облысы', ru: 'Восточно-Казахстанская область', en: 'East Kazakhstan region' },
  zhambyl: { kk: 'Жамбыл облысы', ru: 'Жамбылская область', en: 'Zhambyl region' },
  zhetisu: { kk: 'Жетісу облысы', ru: 'область Жетісу', en: 'Zhetisu region' },
  'west-kazakhstan': { kk: 'Батыс Қазақстан облысы', ru: 'Западно-Казахстанская область', en: 'West Kazakhstan region' },
  karaganda: { kk: 'Қарағанды облысы', ru: 'Карагандинская область', en: 'Karaganda region' },
  kostanay: { kk: 'Қостанай облысы', ru: 'Костанайская область', en: 'Kostanay region' },
  kyzylorda: { kk: 'Қызылорда облысы', ru: 'Кызылординская область', en: 'Kyzylorda region' },
  mangystau: { kk: 'Маңғыстау облысы', ru: 'Мангистауская область', en: 'Mangystau region' },
  pavlodar: { kk: 'Павлодар облысы', ru: 'Павлодарская область', en: 'Pavlodar region' },
  'north-kazakhstan': { kk: 'Солтүстік Қазақстан облысы', ru: 'Северо-Казахстанская область', en: 'North Kazakhstan region' },
  turkistan: { kk: 'Түркістан облысы', ru: 'Туркестанская область', en: 'Turkistan region' },
  ulytau: { kk: 'Ұлытау облысы', ru: 'область Ұлытау', en: 'Ulytau region' },
} as const satisfies Record<string, I18n>;

export type Region = keyof typeof REGIONS;
export const REGION_CODES = Object.keys(REGIONS) as Region[];
