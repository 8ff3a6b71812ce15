/**
 * Stable codes of the uploads module with their HTTP status and kk/ru/en messages, in the shape of
 * ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time (no import cycle).
 *
 * UPLOAD_* codes answer the upload and download routes. FILE_* codes appear in `errors[]` of a
 * 422 VALIDATION_FAILED when a submitted form names an upload that cannot be bound (path
 * `/form/<field>/<i>`), next to the form model's own codes (src/registry/form.ts).
 */
import type { I18n } from '../registry/types.ts';

export const UPLOAD_ERRORS = {
  UPLOAD_TYPE_NOT_ACCEPTED: [415, { kk: 'Тек PDF, JPEG немесе PNG файлдары қабылданады.', ru: 'Принимаются только файлы PDF, JPEG или PNG.', en: 'Only PDF, JPEG or PNG files are accepted.' }],
  UPLOAD_CONTENT_MISMATCH: [422, { kk: 'Файлдың мазмұны оның түріне сәйкес келмейді (мысалы, PDF деп аталған файл PDF емес). Құжатты қайта сканерлеп, PDF, JPEG немесе PNG ретінде сақтаңыз.', ru: 'Содержимое файла не соответствует его типу (например, файл назван PDF, но PDF не является). Отсканируйте документ заново и сохраните как PDF, JPEG или PNG.', en: 'The file’s content does not match its type (e.g. a file called PDF that is not a PDF). Scan the document again and save it as PDF, JPEG or PNG.' }],
  UPLOAD_EMPTY: [422, { kk: 'Файл бос.', ru: 'Файл пустой.', en: 'The file is empty.' }],
  UPLOAD_TOO_LARGE: [413, { kk: 'Файл тым үлкен.', ru: 'Файл слишком большой.', en: 'The file is too large.' }],
  UPLOAD_NAME_INVALID: [422, { kk: 'Файл атауы қате: 1–255 таңба, басқару таңбаларынсыз, %-кодталған (X-File-Name тақырыбы немесе name параметрі).', ru: 'Неверное имя файла: 1–255 символов без управляющих символов, %-кодированное (заголовок X-File-Name или параметр name).', en: 'Invalid file name: 1–255 characters without control characters, percent-encoded (X-File-Name header or name parameter).' }],
  UPLOAD_QUOTA: [429, { kk: 'Өтінішке тіркелмеген файлдар тым көп. Артығын жойыңыз немесе өтінішті жіберіңіз.', ru: 'Слишком много файлов, не прикреплённых к заявлению. Удалите лишние или отправьте заявление.', en: 'Too many files not yet attached to an application. Delete some or submit the application.' }],
  UPLOAD_NOT_FOUND: [404, { kk: 'Файл табылмады.', ru: 'Файл не найден.', en: 'File not found.' }],
  UPLOAD_ALREADY_BOUND: [409, { kk: 'Файл жіберілген өтінішке тіркелген: оны жоюға болмайды.', ru: 'Файл прикреплён к отправленному заявлению: удалить его нельзя.', en: 'The file is attached to a submitted application and cannot be deleted.' }],
} as const satisfies Record<string, readonly [number, I18n]>;

/** Why a file reference of a submitted form cannot be bound (codes in `errors[]`, path `/form/<field>/<i>`). */
export const FILE_REF_ERRORS = {
  /** No such upload, or another person's (indistinguishable). */
  FILE_NOT_FOUND: (l: I18n, name: string): I18n => ({
    kk: `«${l.kk}»: «${name}» файлы табылмады. Файлды қайта жүктеңіз.`,
    ru: `«${l.ru}»: файл «${name}» не найден. Загрузите файл заново.`,
    en: `“${l.en}”: the file “${name}” was not found. Upload it again.`,
  }),
  /** The form's sha256 / size / type differ from the stored bytes. */
  FILE_MISMATCH: (l: I18n, name: string): I18n => ({
    kk: `«${l.kk}»: «${name}» файлының хэші, өлшемі немесе түрі жүктелген файлға сәйкес келмейді. Файлды қайта жүктеңіз.`,
    ru: `«${l.ru}»: хеш, размер или тип файла «${name}» не совпадают с загруженным файлом. Загрузите файл заново.`,
    en: `“${l.en}”: the hash, size or type of “${name}” does not match the uploaded file. Upload it again.`,
  }),
  /** Bound to another application already. */
  FILE_ALREADY_USED: (l: I18n, name: string): I18n => ({
    kk: `«${l.kk}»: «${name}» файлы басқа өтінішке тіркелген. Файлды қайта жүктеңіз.`,
    ru: `«${l.ru}»: файл «${name}» уже прикреплён к другому заявлению. Загрузите файл заново.`,
    en: `“${l.en}”: the file “${name}” is attached to another application already. Upload it again.`,
  }),
} as const;
export type FileRefErrorCode = keyof typeof FILE_REF_ERRORS;
