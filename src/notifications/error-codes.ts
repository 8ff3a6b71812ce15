/**
 * Stable codes of the notifications module (routes.ts) with their HTTP status and kk/ru/en
 * messages, in the shape of ERRORS in src/errors/errors.ts (spread there). Imports nothing at run
 * time (no import cycle).
 */
import type { I18n } from '../lib/i18n.ts';

export const NOTIFICATION_ERRORS = {
  NOTIFICATION_NOT_FOUND: [404, { kk: 'Мұндай хабарлама жоқ.', ru: 'Такого уведомления нет.', en: 'There is no such notification.' }],
  NOTIFICATION_INBOX_REQUIRED: [
    422,
    {
      kk: 'Жеке кабинеттегі хабарламаларды өшіруге болмайды: өтініштің барысы онда әрқашан көрсетіледі.',
      ru: 'Уведомления в личном кабинете отключить нельзя: ход заявления всегда отражается там.',
      en: 'Notifications in the personal cabinet cannot be turned off: the progress of an application is always shown there.',
    },
  ],
  NOTIFICATION_EMAIL_REQUIRED: [
    422,
    {
      kk: 'Электрондық пошта арнасын қосу үшін электрондық пошта мекенжайын көрсетіңіз.',
      ru: 'Чтобы включить уведомления по электронной почте, укажите адрес электронной почты.',
      en: 'To turn on e-mail notifications, give an e-mail address.',
    },
  ],
  NOTIFICATION_PHONE_REQUIRED: [
    422,
    {
      kk: 'SMS хабарламалары үшін тіркелгіде телефон нөмірі болуы керек.',
      ru: 'Для SMS-уведомлений в учётной записи должен быть номер телефона.',
      en: 'SMS notifications need a phone number on the account.',
    },
  ],
  NOTIFICATION_DELIVERY_NOT_FOUND: [404, { kk: 'Мұндай хабарлама жеткізілімі жоқ.', ru: 'Такой доставки уведомления нет.', en: 'There is no such notification delivery.' }],
  NOTIFICATION_NOT_DEAD: [
    409,
    {
      kk: 'Тек жеткізілмеген (сәтсіз аяқталған) хабарламаны қайта жіберуге болады; бұл хабарлама басқа күйде.',
      ru: 'Повторно отправить можно только недоставленное уведомление; это уведомление в другом состоянии.',
      en: 'Only an undelivered (dead) notification can be sent again; this one is in another state.',
    },
  ],
} as const satisfies Record<string, readonly [number, I18n]>;
