import type { I18n } from '../registry/types.ts';

/** Who uses Qyzmet. A person may hold several roles (e.g. a provider head is also a citizen). */
export const ROLES = [
  'citizen',
  'centre-operator',
  'branch-head',
  'akimat-officer',
  'provider-clerk',
  'provider-head',
  'responsible-executor',
  'quality-auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, I18n> = {
  citizen: { kk: 'Азамат', ru: 'Гражданин', en: 'Citizen' },
  'centre-operator': { kk: 'ХҚКО операторы', ru: 'Оператор ЦОН', en: 'Centre operator' },
  'branch-head': { kk: 'Филиал басшысы', ru: 'Руководитель филиала', en: 'Branch head' },
  'akimat-officer': { kk: 'Әкімдік қызметкері', ru: 'Сотрудник акимата', en: 'Akimat officer' },
  'provider-clerk': { kk: 'Кеңсе қызметкері', ru: 'Сотрудник канцелярии', en: 'Provider office clerk' },
  'provider-head': { kk: 'Қызмет берушінің басшысы', ru: 'Руководитель услугодателя', en: 'Provider head' },
  'responsible-executor': { kk: 'Жауапты орындаушы', ru: 'Ответственный исполнитель', en: 'Responsible executor' },
  'quality-auditor': { kk: 'Сапаны бағалау органы', ru: 'Орган оценки качества', en: 'Quality auditor' },
  admin: { kk: 'Әкімші', ru: 'Администратор', en: 'Administrator' },
};
