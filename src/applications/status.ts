/**
 * Application statuses (after the seeds: portal cabinet marks of delivery,
 * registration and execution, result or refusal — digest §2.22; extension §2.16;
 * return by the provider §2.9; unclaimed results §2.10; the 48-hour second-spouse
 * rule §2.22) and the only transitions allowed between them.
 */
import type { ApplicationStatus, I18n } from '../registry/types.ts';

export const TRANSITIONS = {
  draft: ['submitted', 'awaiting-second-applicant', 'awaiting-payment', 'withdrawn'],
  'awaiting-second-applicant': ['submitted', 'annulled'],
  'awaiting-payment': ['submitted', 'annulled'],
  // A fully automated service (decided on registry data) goes straight to its result.
  // 'registered' (added with executable processes, issue 9): on the provider channel the
  // application is lodged in the provider's own office and its clerk registers it there; nothing
  // is delivered, so it goes from submitted straight to registered.
  submitted: ['delivered', 'refused', 'result-ready', 'withdrawn', 'registered'],
  delivered: ['registered', 'refused', 'returned'],
  registered: ['in-progress', 'refused', 'returned'],
  'in-progress': ['extended', 'result-ready', 'refused', 'returned'],
  // 'returned' (added with executable processes, issue 9): the executor may return a centre's
  // package within 3 working days of receiving it (digest §2.9) even after extending the term on
  // the same day(s) (S3: extension for requests to other bodies); the 3-day limit is the action's.
  extended: ['result-ready', 'refused', 'returned'],
  returned: ['submitted', 'withdrawn'],
  'result-ready': ['issued', 'unclaimed'],
  refused: ['issued'],
  unclaimed: ['issued'],
  issued: [],
  annulled: [],
  withdrawn: [],
} as const satisfies Record<ApplicationStatus, readonly ApplicationStatus[]>;

export const canTransition = (from: ApplicationStatus, to: ApplicationStatus): boolean =>
  (TRANSITIONS[from] as readonly ApplicationStatus[]).includes(to);

/** Statuses in which the provider still owes a result (used by the open-work and overdue indexes). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'delivered',
  'registered',
  'in-progress',
  'extended',
  'returned',
  'awaiting-payment',
  'awaiting-second-applicant',
];

export const STATUS_NAMES: Record<ApplicationStatus, I18n> = {
  draft: { kk: 'Жоба', ru: 'Черновик', en: 'Draft' },
  'awaiting-second-applicant': { kk: 'Екінші өтініш берушіні күтуде', ru: 'Ожидает второго заявителя', en: 'Awaiting the second applicant' },
  'awaiting-payment': { kk: 'Төлемді күтуде', ru: 'Ожидает оплаты', en: 'Awaiting payment' },
  submitted: { kk: 'Жіберілді', ru: 'Отправлено', en: 'Submitted' },
  delivered: { kk: 'Жеткізілді', ru: 'Доставлено', en: 'Delivered' },
  registered: { kk: 'Тіркелді', ru: 'Зарегистрировано', en: 'Registered' },
  'in-progress': { kk: 'Орындалуда', ru: 'На исполнении', en: 'In progress' },
  extended: { kk: 'Мерзімі ұзартылды', ru: 'Срок продлён', en: 'Term extended' },
  returned: { kk: 'Қайтарылды', ru: 'Возвращено', en: 'Returned' },
  'result-ready': { kk: 'Нәтиже дайын', ru: 'Результат готов', en: 'Result ready' },
  refused: { kk: 'Дәлелді бас тарту', ru: 'Мотивированный отказ', en: 'Refused (reasoned)' },
  issued: { kk: 'Берілді', ru: 'Выдано', en: 'Issued' },
  unclaimed: { kk: 'Талап етілмеген', ru: 'Невостребовано', en: 'Unclaimed' },
  annulled: { kk: 'Күшін жойды', ru: 'Аннулировано', en: 'Annulled' },
  withdrawn: { kk: 'Кері қайтарып алынды', ru: 'Отозвано', en: 'Withdrawn' },
};
