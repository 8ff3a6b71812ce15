/**
 * Stable codes of branches and the electronic queue (src/queue, src/organisations/branches.ts), in
 * the shape of ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time.
 */
import type { I18n } from '../lib/i18n.ts';

export const QUEUE_ERRORS = {
  UNKNOWN_BRANCH: [404, { kk: 'Мұндай ХҚКО филиалы жоқ.', ru: 'Такого филиала ЦОН нет.', en: 'There is no such centre branch.' }],
  BRANCH_CHANNEL: [422, { kk: 'Филиал тек ХҚКО арнасында көрсетіледі: channel=centre таңдаңыз.', ru: 'Филиал указывается только для канала ЦОН: выберите channel=centre.', en: 'A branch applies to the centre channel only: use channel=centre.' }],
  UNKNOWN_WINDOW: [404, { kk: 'Бұл филиалда мұндай терезе жоқ.', ru: 'В этом филиале нет такого окна.', en: 'This branch has no such window.' }],
  UNKNOWN_SERVICE_GROUP: [422, { kk: 'Мұндай қызметтер тобы жоқ немесе бұл филиалда көрсетілмейді.', ru: 'Такой группы услуг нет, или её не обслуживает этот филиал.', en: 'There is no such service group, or this branch does not serve it.' }],
  BRANCH_CLOSED: [409, { kk: 'Филиал қазір жабық: талон жұмыс уақытында беріледі.', ru: 'Филиал сейчас закрыт: талоны выдаются в часы работы.', en: 'The branch is closed now: tickets are issued during its hours.' }],
  QUEUE_EMPTY: [404, { kk: 'Бұл терезеге кезекте ешкім жоқ.', ru: 'В очереди к этому окну никого нет.', en: 'Nobody is waiting for this window.' }],
  UNKNOWN_TICKET: [404, { kk: 'Мұндай талон жоқ.', ru: 'Такого талона нет.', en: 'There is no such ticket.' }],
  TICKET_EXPIRED: [410, { kk: 'Талонның мерзімі өтті: ол басқа күнге берілген. Жаңа талон алыңыз.', ru: 'Талон просрочен: он выдан на другой день. Возьмите новый талон.', en: 'The ticket has expired: it was issued for another day. Take a new ticket.' }],
  TICKET_STATE: [409, { kk: 'Талонның қазіргі күйінде бұл әрекет мүмкін емес.', ru: 'В текущем состоянии талона это действие невозможно.', en: 'This action is not possible in the ticket’s current state.' }],
  TICKET_AT_OTHER_WINDOW: [409, { kk: 'Бұл талон басқа терезеге шақырылған.', ru: 'Этот талон вызван к другому окну.', en: 'This ticket has been called to another window.' }],
  WINDOW_BUSY: [409, { kk: 'Терезеде қызмет көрсетілетін талон бар: алдымен оны аяқтаңыз немесе келмеді деп белгілеңіз.', ru: 'У окна уже есть вызванный талон: сначала завершите обслуживание или отметьте неявку.', en: 'The window already has a ticket called: finish serving it or mark it a no-show first.' }],
  REDIRECT_SAME_WINDOW: [422, { kk: 'Талонды басқа терезеге бағыттаңыз.', ru: 'Перенаправьте талон в другое окно.', en: 'Redirect the ticket to another window.' }],
  REDIRECT_WINDOW_GROUP: [422, { kk: 'Таңдалған терезе бұл талонның қызметтер тобына қызмет көрсетпейді.', ru: 'Выбранное окно не обслуживает группу услуг этого талона.', en: 'The window chosen does not serve this ticket’s service group.' }],
  NOT_THIS_BRANCH: [403, { kk: 'Сіз бұл филиалдың қызметкері емессіз.', ru: 'Вы не сотрудник этого филиала.', en: 'You do not work at this branch.' }],
  BOOKING_OUTSIDE_HOURS: [422, { kk: 'Бұл уақытта филиал жұмыс істемейді: жұмыс уақытындағы уақытты таңдаңыз.', ru: 'В это время филиал не работает: выберите время в часы его работы.', en: 'The branch is not open at that time: choose a time within its hours.' }],
  BOOKING_HOLIDAY: [422, { kk: 'Бұл күн — демалыс немесе мереке күні: жұмыс күнін таңдаңыз.', ru: 'Этот день — выходной или праздничный: выберите рабочий день.', en: 'That day is a day off or a holiday: choose a working day.' }],
  BOOKING_IN_PAST: [422, { kk: 'Өткен уақытқа жазылуға болмайды.', ru: 'Записаться на прошедшее время нельзя.', en: 'You cannot book a time in the past.' }],
  BOOKING_TOO_FAR: [422, { kk: 'Алдын ала жазылу 30 күннен аспайды.', ru: 'Записаться можно не более чем на 30 дней вперёд.', en: 'You can book at most 30 days ahead.' }],
  BOOKING_SLOT: [422, { kk: 'Уақыт 15 минуттық аралықтың басында болуы керек (09:00, 09:15, …).', ru: 'Время должно быть началом 15-минутного интервала (09:00, 09:15, …).', en: 'The time must start a 15-minute slot (09:00, 09:15, …).' }],
  SLOT_FULL: [409, { kk: 'Бұл уақытқа орын қалмады: басқа уақытты таңдаңыз.', ru: 'На это время мест нет: выберите другое.', en: 'That slot is full: choose another time.' }],
  DOUBLE_BOOKING: [409, { kk: 'Сізде бұл қызметтер тобына белсенді жазылу бар.', ru: 'У вас уже есть активная запись на эту группу услуг.', en: 'You already have an active booking for this service group.' }],
  UNKNOWN_BOOKING: [404, { kk: 'Мұндай жазылу жоқ.', ru: 'Такой записи нет.', en: 'There is no such booking.' }],
  ALREADY_CHECKED_IN: [409, { kk: 'Бұл жазылу бойынша келу бұрын тіркелген: талон берілді.', ru: 'По этой записи явка уже отмечена: талон выдан.', en: 'This booking has already been checked in: its ticket is issued.' }],
  BOOKING_NOT_TODAY: [409, { kk: 'Келуді тек жазылған күні, филиалда тіркеуге болады.', ru: 'Отметить явку можно только в день записи, в филиале.', en: 'A booking is checked in on its own day only, at the branch.' }],
  BOOKING_CANCELLED: [409, { kk: 'Бұл жазылудың күші жойылған.', ru: 'Эта запись отменена.', en: 'This booking has been cancelled.' }],
  QUEUE_LIVE: [409, { kk: 'Жүйедегі ақау салдарынан филиал тірі кезекпен жұмыс істейді: талон берілмейді, кезек тәртібімен қызмет көрсетіледі.', ru: 'Из-за сбоя системы филиал работает в порядке живой очереди: талоны не выдаются, обслуживание в порядке очереди.', en: 'Because of a system failure the branch serves a live queue: no tickets are issued, visitors are served in order of arrival.' }],
  QUEUE_MODE_SAME: [409, { kk: 'Филиал осы режимде жұмыс істеп тұр.', ru: 'Филиал уже работает в этом режиме.', en: 'The branch is already in this mode.' }],
} as const satisfies Record<string, readonly [number, I18n]>;
