/** The office workplace's own dictionary (kk/ru/en), loaded with the workplace. */
import type { Lang } from '../i18n.tsx';

export const officeMessages = {
  kk: { 'office.title': 'Қызметкердің жұмыс орны', 'office.intro': 'Мұнда жұмыс тізімі болады.', 'office.worklist': 'Жұмыс тізімі', 'office.empty': 'Әзірге тапсырма жоқ.' },
  ru: { 'office.title': 'Рабочее место сотрудника', 'office.intro': 'Здесь будет рабочий список.', 'office.worklist': 'Рабочий список', 'office.empty': 'Пока задач нет.' },
  en: { 'office.title': "Staff workplace", 'office.intro': 'The worklist will be here.', 'office.worklist': 'Worklist', 'office.empty': 'No tasks yet.' },
} as const satisfies Record<Lang, Record<string, string>>;

export type OfficeKey = keyof (typeof officeMessages)['ru'];
