/**
 * The questionnaire of 001 annex 6 (digest §4.1) plus the 1–5 rating of issue 12, as data; the
 * answer's validation (pure).
 */
import type { I18n } from '../lib/i18n.ts';

export interface SurveyQuestion {
  id: string;
  text: I18n;
  options: Array<{ value: number; label: I18n }>;
}

export interface SurveyDefinition {
  id: string;
  title: I18n;
  source: string;
  questions: SurveyQuestion[];
  rating: { min: 1; max: 5; text: I18n };
  comment: { maxLength: number; text: I18n };
}

const SATISFACTION = [
  { value: 1, label: { kk: 'қанағаттанған жоқпын', ru: 'не удовлетворён', en: 'not satisfied' } },
  { value: 2, label: { kk: 'ішінара қанағаттанамын', ru: 'частично удовлетворён', en: 'partially satisfied' } },
  { value: 3, label: { kk: 'қанағаттанамын', ru: 'удовлетворён', en: 'satisfied' } },
];

export const SURVEY: SurveyDefinition = {
  id: 'eservice-quality-v1',
  title: {
    kk: 'Электрондық мемлекеттік қызметтерінің «сапа» және «қолжетімділік» көрсеткіштерін анықтау үшін сауалнама',
    ru: 'Анкета для определения показателей «качества» и «доступности» электронной государственной услуги',
    en: 'Questionnaire for the "quality" and "accessibility" indicators of the electronic state service',
  },
  // The kk wording is the seed's (001 annex 6, L487–506); ru and en are translations.
  source: '001 annex 6 (L487–506)',
  questions: [
    {
      id: 'quality',
      text: {
        kk: 'Электрондық мемлекеттік қызметті көрсету үдерісінің сапасына және нәтижесіне қанағаттанасыз ба?',
        ru: 'Удовлетворены ли Вы качеством процесса и результатом оказания электронной государственной услуги?',
        en: 'Are you satisfied with the quality of the process and the result of the electronic state service?',
      },
      options: SATISFACTION,
    },
    {
      id: 'information',
      text: {
        kk: 'Электрондық мемлекеттік қызметті көрсету тәртібі туралы ақпараттың сапасына қанағаттанасыз ба?',
        ru: 'Удовлетворены ли Вы качеством информации о порядке оказания электронной государственной услуги?',
        en: 'Are you satisfied with the quality of information about the procedure for providing the electronic state service?',
      },
      options: SATISFACTION,
    },
  ],
  rating: { min: 1, max: 5, text: { kk: 'Қызметті 1-ден 5-ке дейін бағалаңыз', ru: 'Оцените услугу от 1 до 5', en: 'Rate the service from 1 to 5' } },
  comment: { maxLength: 2000, text: { kk: 'Пікіріңіз (міндетті емес)', ru: 'Ваш комментарий (необязательно)', en: 'Your comment (optional)' } },
};

export interface SurveyAnswer {
  answers: Record<string, number>;
  rating: number;
  comment?: string | undefined;
}

export interface AnswerIssue {
  path: string;
  code: 'REQUIRED' | 'UNKNOWN_FIELD' | 'INVALID';
}

/** Every question answered with one of its options, no other keys, a whole rating in range. */
export function answerIssues(s: SurveyDefinition, a: SurveyAnswer): AnswerIssue[] {
  const out: AnswerIssue[] = [];
  for (const q of s.questions) {
    const v = a.answers[q.id];
    if (v === undefined) out.push({ path: `/answers/${q.id}`, code: 'REQUIRED' });
    else if (!q.options.some((o) => o.value === v)) out.push({ path: `/answers/${q.id}`, code: 'INVALID' });
  }
  for (const k of Object.keys(a.answers)) if (!s.questions.some((q) => q.id === k)) out.push({ path: `/answers/${k}`, code: 'UNKNOWN_FIELD' });
  if (!Number.isInteger(a.rating) || a.rating < s.rating.min || a.rating > s.rating.max) out.push({ path: '/rating', code: 'INVALID' });
  if (a.comment !== undefined && a.comment.length > s.comment.maxLength) out.push({ path: '/comment', code: 'INVALID' });
  return out;
}
