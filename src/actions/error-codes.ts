/**
 * Stable codes of the action pipeline and the back office (src/actions, src/tasks), in the shape
 * of ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time.
 */
import type { I18n } from '../registry/types.ts';

export const ACTION_ERRORS = {
  ACTION_NOT_ALLOWED: [409, { kk: 'Бұл әрекет осы кезеңде мүмкін емес. Тапсырманы жаңартып, қолжетімді әрекетті таңдаңыз.', ru: 'Это действие на данном этапе невозможно. Обновите задачу и выберите доступное действие.', en: 'This action is not possible at this step. Reload the task and choose an action it offers.' }],
  TRANSITION_FORBIDDEN: [409, { kk: 'Өтініштің қазіргі мәртебесінен бұл мәртебеге өтуге болмайды.', ru: 'Из текущего статуса заявления в этот статус перейти нельзя.', en: 'The application cannot move from its current status to this one.' }],
  STALE_VERSION: [409, { kk: 'Бұл тапсырманы сізден бұрын басқа біреу өзгертті. Жаңартып, қайта қараңыз.', ru: 'Эту задачу только что изменил другой сотрудник. Обновите её и посмотрите снова.', en: 'Someone else acted on this task a moment ago. Reload it and look again.' }],
  NOT_YOUR_TASK: [403, { kk: 'Бұл тапсырма сіздің ұйымыңызға немесе рөліңізге жатпайды.', ru: 'Эта задача не относится к вашей организации или роли.', en: 'This task belongs to another organisation or role.' }],
  NOT_ASSIGNED_TO_YOU: [403, { kk: 'Бұл тапсырма басқа қызметкерге тағайындалған.', ru: 'Эта задача назначена другому сотруднику.', en: 'This task is assigned to another employee.' }],
  EXECUTOR_NOT_ELIGIBLE: [422, { kk: 'Таңдалған адам осы ұйымның жауапты орындаушысы емес.', ru: 'Выбранный сотрудник не является ответственным исполнителем этой организации.', en: 'The person chosen is not a responsible executor of this organisation.' }],
  REFUSAL_GROUNDS_REQUIRED: [422, { kk: 'Бас тарту үшін стандарттағы кемінде бір негізді таңдаңыз; тек еркін мәтін жеткіліксіз.', ru: 'Для отказа выберите хотя бы одно основание из стандарта; одного свободного текста недостаточно.', en: 'A refusal needs at least one ground from the standard; free text alone is not enough.' }],
  UNKNOWN_REFUSAL_GROUND: [422, { kk: 'Мұндай бас тарту негізі осы қызмет стандартында жоқ.', ru: 'Такого основания для отказа в стандарте этой услуги нет.', en: 'The standard of this service lists no such refusal ground.' }],
  EXTENSION_NOT_PROVIDED: [422, { kk: 'Осы қызмет үшін мұндай мерзімді ұзарту көзделмеген.', ru: 'Такое продление срока для этой услуги не предусмотрено.', en: 'The standard provides no such extension of the term for this service.' }],
  EXTENSION_TOO_LONG: [422, { kk: 'Мерзімді стандартта көрсетілгеннен артық ұзартуға болмайды.', ru: 'Продлить срок больше, чем предусмотрено стандартом, нельзя.', en: 'The term cannot be extended by more than the standard allows.' }],
  EXTENSION_ALREADY_USED: [409, { kk: 'Мерзім осы негіз бойынша бұрын ұзартылған.', ru: 'Срок по этому основанию уже продлевался.', en: 'The term has already been extended on this ground.' }],
  RETURN_TOO_LATE: [422, { kk: 'Құжаттар топтамасын қабылдаған күннен бастап 3 жұмыс күні өтті: енді оны ХҚКО-ға қайтаруға болмайды.', ru: 'С приёма пакета документов прошло более 3 рабочих дней: вернуть его в ЦОН уже нельзя.', en: 'More than 3 working days have passed since the package was accepted: it can no longer be returned to the centre.' }],
  SIGNER_NOT_ASSIGNED: [403, { kk: 'Шешімге тек тағайындалған басшы қол қояды.', ru: 'Решение подписывает только назначенный руководитель.', en: 'Only the assigned head signs the decision.' }],
  SIGNED_OTHER_BYTES: [422, { kk: 'Қолтаңба осы шешімнің мәтініне емес, басқа деректерге қойылған. Шешімді жаңартып, қайта қол қойыңыз.', ru: 'Подпись поставлена не под текстом этого решения. Обновите решение и подпишите снова.', en: 'The signature covers other data than this decision. Reload the decision and sign again.' }],
  NO_PROVIDER_ORGANISATION: [409, { kk: 'Өтініш әлі ешбір қызмет берушіге бағытталмаған.', ru: 'Заявление ещё не направлено ни одному услугодателю.', en: 'The application has not been routed to a provider yet.' }],
} as const satisfies Record<string, readonly [number, I18n]>;
