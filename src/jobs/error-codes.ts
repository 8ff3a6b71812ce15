/**
 * Stable codes of the jobs module (the admin's view of the queue, routes.ts) with their HTTP status
 * and kk/ru/en messages, in the shape of ERRORS in src/errors/errors.ts (spread there). Imports
 * nothing at run time (no import cycle).
 */
import type { I18n } from '../registry/types.ts';

export const JOB_ERRORS = {
  JOB_NOT_FOUND: [404, { kk: 'Мұндай фондық тапсырма жоқ.', ru: 'Такого фонового задания нет.', en: 'There is no such background job.' }],
  JOB_NOT_FAILED: [409, { kk: 'Қайта іске тек сәтсіз аяқталған фондық тапсырманы қосуға болады; бұл тапсырма басқа күйде.', ru: 'Повторно запустить можно только фоновое задание, завершившееся неудачей; это задание в другом состоянии.', en: 'Only a failed background job can be run again; this one is in another state.' }],
  JOB_DUPLICATE_OPEN: [409, { kk: 'Осы кілтпен басқа фондық тапсырма қазір күтуде немесе орындалуда; бұны қайта іске қосу қажет емес.', ru: 'Фоновое задание с тем же ключом уже ожидает или выполняется; повторный запуск этого не нужен.', en: 'A background job with the same key is already pending or running; there is no need to run this one again.' }],
} as const satisfies Record<string, readonly [number, I18n]>;
