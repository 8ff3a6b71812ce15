/**
 * The words of every notification, as data: per kind a subject, a text (cabinet inbox, e-mail)
 * and a short SMS, in kk, ru and en. Placeholders in braces are filled from the notification's
 * parameters: {number} (the application's or complaint's number), {service} (the service's name,
 * in the reader's language), {dueDate}, {until} (dates: DD.MM.YYYY; instants in Kazakhstan time),
 * {applicant} (who asks for a co-signature). Pure: no I/O.
 */
import { KZ_UTC_OFFSET_MINUTES } from '../calendar/time.ts';
import type { I18n, Lang } from '../lib/i18n.ts';

/** The events an applicant is told about (digest §2.9, §2.10, §2.16, §2.21, §2.22). */
export const NOTIFICATION_KINDS = ['submitted', 'registered', 'extended', 'ready', 'refused', 'returned', 'storage-expiry', 'cosign-requested', 'complaint-answered'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Template {
  subject: I18n;
  text: I18n;
  sms: I18n;
}

export const TEMPLATES: Record<NotificationKind, Template> = {
  submitted: {
    subject: { kk: '{number} өтініші қабылданды', ru: 'Заявление {number} принято', en: 'Application {number} accepted' },
    text: {
      kk: '«{service}» қызметіне берілген {number} өтінішіңіз қабылданды. Нәтиженің күтілетін күні: {dueDate}. Барысын жеке кабинеттен қадағалауға болады.',
      ru: 'Ваше заявление {number} на услугу «{service}» принято. Ожидаемая дата результата: {dueDate}. Ход рассмотрения виден в личном кабинете.',
      en: 'Your application {number} for “{service}” has been accepted. Expected date of the result: {dueDate}. You can follow it in your personal cabinet.',
    },
    sms: {
      kk: 'Qyzmet: {number} өтініші қабылданды, нәтиже күні {dueDate}.',
      ru: 'Qyzmet: заявление {number} принято, дата результата {dueDate}.',
      en: 'Qyzmet: application {number} accepted, result expected {dueDate}.',
    },
  },
  registered: {
    subject: { kk: '{number} өтініші тіркелді', ru: 'Заявление {number} зарегистрировано', en: 'Application {number} registered' },
    text: {
      kk: '«{service}» қызметіне берілген {number} өтінішіңізді қызмет беруші тіркеді, ол қаралуда.',
      ru: 'Ваше заявление {number} на услугу «{service}» зарегистрировано услугодателем и находится на рассмотрении.',
      en: 'Your application {number} for “{service}” has been registered by the provider and is being processed.',
    },
    sms: { kk: 'Qyzmet: {number} өтініші тіркелді.', ru: 'Qyzmet: заявление {number} зарегистрировано.', en: 'Qyzmet: application {number} registered.' },
  },
  extended: {
    subject: { kk: '{number} өтінішін қарау мерзімі ұзартылды', ru: 'Срок рассмотрения заявления {number} продлён', en: 'The term of application {number} is extended' },
    text: {
      kk: '{number} өтінішіңізді («{service}») қарау мерзімі ұзартылды. Нәтиженің жаңа күні: {dueDate}.',
      ru: 'Срок рассмотрения вашего заявления {number} («{service}») продлён. Новая дата результата: {dueDate}.',
      en: 'The term of your application {number} (“{service}”) has been extended. New date of the result: {dueDate}.',
    },
    sms: {
      kk: 'Qyzmet: {number} өтінішінің мерзімі {dueDate} дейін ұзартылды.',
      ru: 'Qyzmet: срок по заявлению {number} продлён до {dueDate}.',
      en: 'Qyzmet: the term of application {number} is extended to {dueDate}.',
    },
  },
  ready: {
    subject: { kk: '{number} өтініші бойынша нәтиже дайын', ru: 'Результат по заявлению {number} готов', en: 'The result of application {number} is ready' },
    text: {
      kk: '{number} өтінішіңіз бойынша «{service}» қызметінің нәтижесі дайын. Ол жеке кабинетте.',
      ru: 'Результат услуги «{service}» по вашему заявлению {number} готов. Он доступен в личном кабинете.',
      en: 'The result of your application {number} (“{service}”) is ready. It is in your personal cabinet.',
    },
    sms: { kk: 'Qyzmet: {number} өтініші бойынша нәтиже дайын.', ru: 'Qyzmet: результат по заявлению {number} готов.', en: 'Qyzmet: the result of application {number} is ready.' },
  },
  refused: {
    subject: { kk: '{number} өтініші бойынша дәлелді бас тарту', ru: 'Мотивированный отказ по заявлению {number}', en: 'Reasoned refusal on application {number}' },
    text: {
      kk: '{number} өтінішіңіз («{service}») бойынша дәлелді бас тарту шығарылды. Негіздері көрсетілген бас тарту жеке кабинетте; оған шағымдануға болады.',
      ru: 'По вашему заявлению {number} («{service}») вынесен мотивированный отказ. Отказ с основаниями — в личном кабинете; его можно обжаловать.',
      en: 'A reasoned refusal has been issued on your application {number} (“{service}”). The refusal with its grounds is in your personal cabinet; you may appeal it.',
    },
    sms: { kk: 'Qyzmet: {number} өтініші бойынша бас тарту, жеке кабинетті қараңыз.', ru: 'Qyzmet: по заявлению {number} отказ, см. личный кабинет.', en: 'Qyzmet: application {number} refused, see your cabinet.' },
  },
  returned: {
    subject: { kk: '{number} өтінішін қызмет беруші қайтарды', ru: 'Заявление {number} возвращено услугодателем', en: 'Application {number} returned by the provider' },
    text: {
      kk: 'Қызмет беруші {number} өтінішіңіздің («{service}») құжаттарын жазбаша негіздемесімен қайтарды. Себептері жеке кабинетте; ХҚКО-ға хабарласыңыз.',
      ru: 'Услугодатель вернул документы по вашему заявлению {number} («{service}») с письменным обоснованием. Причины — в личном кабинете; обратитесь в ЦОН.',
      en: 'The provider has returned the documents of your application {number} (“{service}”) with a written justification. The reasons are in your personal cabinet; please contact the service centre.',
    },
    sms: { kk: 'Qyzmet: {number} өтініші қайтарылды, ХҚКО-ға хабарласыңыз.', ru: 'Qyzmet: заявление {number} возвращено, обратитесь в ЦОН.', en: 'Qyzmet: application {number} returned, contact the centre.' },
  },
  'storage-expiry': {
    subject: { kk: '{number} өтініші бойынша нәтижені {until} дейін алыңыз', ru: 'Заберите результат по заявлению {number} до {until}', en: 'Collect the result of application {number} by {until}' },
    text: {
      kk: '{number} өтінішіңіз («{service}») бойынша нәтиже ХҚКО-да сізді күтуде. Ол {until} дейін сақталады, содан кейін қызмет берушіге тапсырылады.',
      ru: 'Результат по вашему заявлению {number} («{service}») ожидает вас в ЦОН. Он хранится до {until}, затем передаётся услугодателю.',
      en: 'The result of your application {number} (“{service}”) is waiting for you at the service centre. It is kept until {until}; after that it is handed to the provider.',
    },
    sms: { kk: 'Qyzmet: {number} нәтижесін ХҚКО-дан {until} дейін алыңыз.', ru: 'Qyzmet: заберите результат {number} в ЦОН до {until}.', en: 'Qyzmet: collect the result of {number} at the centre by {until}.' },
  },
  'cosign-requested': {
    subject: { kk: '{number} өтінішіне сіздің қолыңыз қажет', ru: 'Требуется ваша подпись под заявлением {number}', en: 'Your signature is requested on application {number}' },
    text: {
      kk: '{applicant} сізді екінші өтініш беруші ретінде көрсетіп, {number} өтінішін («{service}») берді. {until} дейін жеке кабинетте қол қойыңыз немесе бас тартыңыз; әйтпесе сұрау күшін жояды.',
      ru: '{applicant} подал(а) заявление {number} («{service}»), указав вас вторым заявителем. Подпишите его или откажитесь в личном кабинете до {until}; иначе запрос будет аннулирован.',
      en: '{applicant} has filed application {number} (“{service}”) naming you as the second applicant. Sign it or decline in your personal cabinet by {until}; otherwise the request is annulled.',
    },
    sms: {
      kk: 'Qyzmet: {number} өтінішіне {until} дейін қол қойыңыз.',
      ru: 'Qyzmet: подпишите заявление {number} до {until}.',
      en: 'Qyzmet: sign application {number} by {until}.',
    },
  },
  'complaint-answered': {
    subject: { kk: '{number} шағымыңызға жауап', ru: 'Ответ на вашу жалобу {number}', en: 'Answer to your complaint {number}' },
    text: {
      kk: '{number} шағымыңыз қаралды. Жазбаша жауап жеке кабинетте; сондай-ақ сотқа жүгінуге құқығыңыз бар.',
      ru: 'Ваша жалоба {number} рассмотрена. Письменный ответ — в личном кабинете; вы также вправе обратиться в суд.',
      en: 'Your complaint {number} has been considered. The written answer is in your personal cabinet; you may also go to court.',
    },
    sms: { kk: 'Qyzmet: {number} шағымыңызға жауап берілді.', ru: 'Qyzmet: на жалобу {number} дан ответ.', en: 'Qyzmet: your complaint {number} has been answered.' },
  },
};

/** A date not known yet (a calendar year not loaded): said in words. */
const NO_DATE: I18n = { kk: 'кейін хабарланады', ru: 'будет сообщена позже', en: 'to be announced' };

/** A placeholder's value: text, text in three languages, or null (a date not known yet). */
export type ParamValue = string | I18n | null;
export type Params = Record<string, ParamValue>;

const isI18n = (v: unknown): v is I18n => typeof v === 'object' && v !== null && 'kk' in v && 'ru' in v && 'en' in v;

/** `2026-12-07` → `07.12.2026`; an instant → `07.12.2026 15:30` in Kazakhstan time; anything else as it is. */
export function formatValue(v: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v.slice(8, 10)}.${v.slice(5, 7)}.${v.slice(0, 4)}`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v))) {
    const k = new Date(Date.parse(v) + KZ_UTC_OFFSET_MINUTES * 60_000).toISOString();
    return `${k.slice(8, 10)}.${k.slice(5, 7)}.${k.slice(0, 4)} ${k.slice(11, 16)}`;
  }
  return v;
}

/** Fill one text's placeholders in `lang`; a placeholder with no parameter stays visible (a template bug shows, never a blank). */
export function fill(text: string, params: Params, lang: Lang): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const v = params[name];
    if (v === null || v === undefined) return NO_DATE[lang];
    return isI18n(v) ? v[lang] : formatValue(v);
  });
}

export interface Rendered {
  subject: string;
  text: string;
  sms: string;
}

export function render(kind: NotificationKind, params: Params, lang: Lang): Rendered {
  const t = TEMPLATES[kind];
  return { subject: fill(t.subject[lang], params, lang), text: fill(t.text[lang], params, lang), sms: fill(t.sms[lang], params, lang) };
}

/** Subject and text in all three languages (the cabinet shows the reader's). */
export function renderAll(kind: NotificationKind, params: Params): { subject: I18n; text: I18n } {
  const r = { kk: render(kind, params, 'kk'), ru: render(kind, params, 'ru'), en: render(kind, params, 'en') };
  return { subject: { kk: r.kk.subject, ru: r.ru.subject, en: r.en.subject }, text: { kk: r.kk.text, ru: r.ru.text, en: r.en.text } };
}
