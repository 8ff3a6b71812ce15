/**
 * Stable codes of the quality module with their HTTP status and kk/ru/en messages, in the shape of
 * ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time (no import cycle).
 */
import type { I18n } from '../lib/i18n.ts';

export const QUALITY_ERRORS = {
  SURVEY_NOT_OPEN: [
    409,
    {
      kk: 'Сауалнама қызмет көрсетілгеннен кейін ғана ашылады: өтініш бойынша шешім әлі шығарылған жоқ.',
      ru: 'Анкета открывается после оказания услуги: решение по заявлению ещё не принято.',
      en: 'The survey opens once the service is delivered: the application has not been decided yet.',
    },
  ],
  SURVEY_ALREADY_ANSWERED: [409, { kk: 'Сіз бұл өтініш бойынша сауалнамаға жауап бердіңіз.', ru: 'Вы уже ответили на анкету по этому заявлению.', en: 'You have already answered the survey for this application.' }],
  REPORT_PERIOD_INVALID: [
    422,
    {
      kk: 'Кезең қате: басы аяғынан кеш болмауы керек және кезең 5 жылдан аспауы тиіс.',
      ru: 'Неверный период: начало не может быть позже конца, а период не длиннее 5 лет.',
      en: 'Invalid period: the start may not be after the end, and the period is at most 5 years.',
    },
  ],
} as const satisfies Record<string, readonly [number, I18n]>;
