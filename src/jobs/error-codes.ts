/**
 * Stable codes of the jobs module (the admin's view of the queue, routes.ts) with their HTTP status
 * and kk/ru/en messages, in the shape of ERRORS in src/errors/errors.ts (spread there). Imports
 * nothing at run time (no import cycle).
 */
import type { I18n } from '../registry/types.ts';

export const JOB_ERRORS = {
  JOB_NOT_FOUND: [404, { kk: 'Мұндай тапсырма (job) жоқ.', ru: 'Такого задания (job) нет.', en: 'There is no such job.' }],
  JOB_NOT_FAILED: [409, { kk: 'Тек сәтсіз аяқталған тапсырманы қайта іске қосуға болады; бұл тапсырма басқа күйде.', ru: 'Повторно запустить можно только задание, завершившееся неудачей; это задание в другом состоянии.', en: 'Only a failed job can be run again; this job is in another state.' }],
  JOB_DUPLICATE_OPEN: [409, { kk: 'Дәл осындай кілтпен тапсырма қазір күтуде немесе орындалуда; қайта іске қосу қажет емес.', ru: 'Задание с тем же ключом уже ожидает или выполняется; повторный запуск не нужен.', en: 'A job with the same key is already pending or running; there is no need to run this one again.' }],
} as const satisfies Record<string, readonly [number, I18n]>;
