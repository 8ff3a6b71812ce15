/**
 * Stable codes of the fees module with their HTTP status and kk/ru/en messages, in the shape of
 * ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time (no import cycle).
 */
import type { I18n } from '../lib/i18n.ts';

export const FEE_ERRORS = {
  FEE_DATE_OUT_OF_RANGE: [
    400,
    {
      kk: 'Бұл жылдың айлық есептік көрсеткіші белгіленбеген: ол белгіленген жылдың күнін көрсетіңіз (тізімі жауапта).',
      ru: 'Месячный расчётный показатель на этот год не установлен: укажите дату года, для которого он установлен (список в ответе).',
      en: 'No monthly calculation index is set for this year: give a date in a year that has one (listed in the answer).',
    },
  ],
  FEE_FACTS_REQUIRED: [
    400,
    {
      kk: 'Баж мөлшері өтініштің мәліметтеріне байланысты: көрсетілген өрістерді толтырыңыз.',
      ru: 'Размер пошлины зависит от сведений заявления: укажите перечисленные поля.',
      en: 'The duty depends on facts of the application: give the fields listed.',
    },
  ],
  FEE_EXEMPTION_UNKNOWN: [
    400,
    {
      kk: 'Бұл қызметтің стандартында мұндай жеңілдік жоқ.',
      ru: 'Такой льготы нет в стандарте этой услуги.',
      en: "This service's standard has no such exemption.",
    },
  ],
  FEE_EXEMPTION_NOT_APPLICABLE: [
    422,
    {
      kk: 'Жеңілдік бұл жағдайға қолданылмайды: заң оны басқа әрекеттер үшін береді.',
      ru: 'Льгота к этому случаю не применяется: закон предоставляет её за другие действия.',
      en: 'The exemption does not apply to this case: the law grants it for other acts.',
    },
  ],
} as const satisfies Record<string, readonly [number, I18n]>;
