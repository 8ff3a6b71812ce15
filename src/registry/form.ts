/**
 * Validation of an application form against a definition's `form.fields`.
 *
 * Rules (documented here because the UI and the API both rely on them):
 * - The form must be a plain JSON object; a key that is not a field → UNKNOWN_FIELD.
 * - Empty = absent: `undefined`, `null`, and strings that are empty after trimming.
 * - A field is required when `required: true` and, if it has a `condition`, the
 *   condition holds (evaluated over the form values plus the optional context,
 *   e.g. `$channel`). A present value is type-checked even when not required.
 * - string / text: JSON strings, trimmed before length checks; default maxLength
 *   500 (string) / 4000 (text); `pattern` is a Unicode regular expression that
 *   must match the whole trimmed value.
 * - date: `YYYY-MM-DD` and a real calendar date; iin / bin: 12 digits with a
 *   valid check digit (src/ids/iin.ts); integer / number: JSON numbers (no
 *   numeric strings); boolean: JSON booleans; enum: one of the option values.
 * - phone: `+7` and 10 digits, or the local form `8` and 10 digits ("8 701 123 45 67"),
 *   stored as `+7…`. Spaces, dashes, dots and parentheses are accepted and ignored
 *   ("+7 (701) 123-45-67"); other countries are not.
 * - email: one `@`, no spaces, a dot in the domain, at most 254 characters.
 * - date bounds (`earliest`, `latest`): relative to "today", the Kazakhstan (UTC+05:00) date
 *   of `context.$filedAt`, else of now: `today`, `-150y`, `+1m`, `-30d` or an ISO date; on an
 *   integer field they bound a year (`today` = this year). Outside → TOO_EARLY / TOO_LATE,
 *   checked after the type and the static min/max.
 * - `notBefore: <field>`: when both values are present and valid, this one may not be earlier
 *   (a period's end before its start) → OUT_OF_ORDER on this field.
 * - file: a JSON array of file references `{ id, sha256, name, size, mime }` (exactly these keys:
 *   `id` a UUID, `sha256` 64 lowercase hex digits, `name` 1–255 characters without control
 *   characters, `size` a whole number of bytes ≥ 1, `mime` a string). An empty array is absent.
 *   Not an array → WRONG_TYPE; more than `maxFiles` (default 5) → TOO_MANY_FILES on the field;
 *   per file, on `/form/<field>/<i>`: a malformed reference → INVALID_FILE, a type not in `accept`
 *   → FILE_TYPE_NOT_ACCEPTED, over `maxSizeKb` → FILE_TOO_LARGE, the same upload twice in the
 *   form → DUPLICATE_FILE. Whether the upload exists, is the applicant's and has these bytes is
 *   checked on submission against the stored upload (src/uploads/), not here.
 */
import { isValidBin, isValidIin } from '../ids/iin.ts';
import { evaluateCondition } from './conditions.ts';
import { type Channel, DEFAULT_FILE_ACCEPT, DEFAULT_FILE_MAX_FILES, DEFAULT_FILE_MAX_SIZE_KB, type FileRef, type FormField, type I18n, type ServiceDefinition } from './types.ts';

const CHANNEL_WHERE: Record<Channel, I18n> = {
  portal: { kk: 'порталда', ru: 'на портале', en: 'on the portal' },
  centre: { kk: 'ХҚКО-да', ru: 'в ЦОН', en: 'at a public service centre' },
  provider: { kk: 'қызмет берушіде', ru: 'у услугодателя', en: 'at the service provider' },
};

export type FieldErrorCode =
  | 'REQUIRED'
  | 'WRONG_TYPE'
  | 'UNKNOWN_FIELD'
  | 'INVALID_IIN'
  | 'INVALID_BIN'
  | 'INVALID_DATE'
  | 'INVALID_OPTION'
  | 'OPTION_NOT_ON_CHANNEL'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'OUT_OF_RANGE'
  | 'PATTERN'
  | 'INVALID_EMAIL'
  | 'INVALID_PHONE'
  | 'NOT_AN_OBJECT'
  | 'TOO_EARLY'
  | 'TOO_LATE'
  | 'OUT_OF_ORDER'
  | 'TOO_MANY_FILES'
  | 'INVALID_FILE'
  | 'FILE_TYPE_NOT_ACCEPTED'
  | 'FILE_TOO_LARGE'
  | 'DUPLICATE_FILE';

export interface FieldError {
  /** JSON pointer into the submitted payload, e.g. `/form/birthDate`. */
  path: string;
  code: FieldErrorCode;
  message: I18n;
}

export const DEFAULT_MAX_LENGTH = { string: 500, text: 4000 } as const;

const PHONE_SEPARATORS = /[\s\-().]/g;
const PHONE = /^\+7\d{10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local trunk prefix: `8 701 …` is `+7 701 …`. */
const LOCAL_PHONE = /^8(\d{10})$/;

/** `+7 (701) 123-45-67` or `8 701 123 45 67` → `+77011234567`; null when it is not a Kazakhstan (+7) number. */
export function normalisePhone(v: string): string | null {
  const s = v.replace(PHONE_SEPARATORS, '');
  if (PHONE.test(s)) return s;
  const local = LOCAL_PHONE.exec(s);
  return local ? `+7${local[1]}` : null;
}

export function isRealIsoDate(v: string): boolean {
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

type MessageFn = (label: I18n, f?: FormField, value?: unknown, extra?: { bound?: string | number; other?: FormField; otherValue?: unknown }) => I18n;

/** `2025-12-06` → `06.12.2025` (as dates are written in Kazakhstan); a year stays a year. */
const shown = (v: unknown) => (typeof v === 'string' && ISO_DATE.test(v) ? v.split('-').reverse().join('.') : String(v));

const MESSAGES: Record<FieldErrorCode, MessageFn> = {
  NOT_AN_OBJECT: () => ({
    kk: 'Өтініш деректері нысан (JSON object) болуы керек.',
    ru: 'Данные заявления должны быть объектом (JSON object).',
    en: 'The application data must be an object (JSON object).',
  }),
  UNKNOWN_FIELD: (l) => ({
    kk: `«${l.kk}» өрісі бұл қызметтің өтінішінде жоқ.`,
    ru: `Поля «${l.ru}» нет в заявлении на эту услугу.`,
    en: `The field “${l.en}” is not part of this service's application.`,
  }),
  REQUIRED: (l) => ({
    kk: `«${l.kk}» өрісін толтыру міндетті.`,
    ru: `Поле «${l.ru}» обязательно для заполнения.`,
    en: `“${l.en}” is required.`,
  }),
  WRONG_TYPE: (l, f) => {
    const t = expected(f);
    return {
      kk: `«${l.kk}» өрісінің түрі қате: ${t.kk} күтіледі.`,
      ru: `Неверный тип поля «${l.ru}»: ожидается ${t.ru}.`,
      en: `“${l.en}” has the wrong type: ${t.en} expected.`,
    };
  },
  INVALID_IIN: (l) => ({
    kk: `«${l.kk}»: ЖСН 12 цифрдан тұруы және бақылау разряды дұрыс болуы керек.`,
    ru: `«${l.ru}»: ИИН должен состоять из 12 цифр с правильным контрольным разрядом.`,
    en: `“${l.en}”: an IIN is 12 digits with a correct check digit.`,
  }),
  INVALID_BIN: (l) => ({
    kk: `«${l.kk}»: БСН 12 цифрдан тұруы және бақылау разряды дұрыс болуы керек.`,
    ru: `«${l.ru}»: БИН должен состоять из 12 цифр с правильным контрольным разрядом.`,
    en: `“${l.en}”: a BIN is 12 digits with a correct check digit.`,
  }),
  INVALID_DATE: (l) => ({
    kk: `«${l.kk}»: күн ЖЖЖЖ-АА-КК пішімінде және нақты болуы керек.`,
    ru: `«${l.ru}»: дата должна быть в формате ГГГГ-ММ-ДД и существовать в календаре.`,
    en: `“${l.en}”: the date must be YYYY-MM-DD and exist in the calendar.`,
  }),
  INVALID_OPTION: (l, f) => {
    const o = (f?.options ?? []).map((x) => x.value).join(', ');
    return {
      kk: `«${l.kk}»: тізімдегі мәндердің бірін таңдаңыз (${o}).`,
      ru: `«${l.ru}»: выберите одно из значений списка (${o}).`,
      en: `“${l.en}”: choose one of the listed values (${o}).`,
    };
  },
  OPTION_NOT_ON_CHANNEL: (l, f, v) => {
    const chans = f?.options?.find((o) => o.value === v)?.channels ?? [];
    const where = (lang: keyof I18n) => chans.map((c) => CHANNEL_WHERE[c][lang]).join(lang === 'en' ? ' or ' : lang === 'ru' ? ' или ' : ' немесе ');
    return {
      kk: `«${l.kk}»: бұл мәнді тек ${where('kk')} таңдауға болады.`,
      ru: `«${l.ru}»: это значение можно выбрать только ${where('ru')}.`,
      en: `“${l.en}”: this choice is only available ${where('en')}.`,
    };
  },
  TOO_SHORT: (l, f) => ({
    kk: `«${l.kk}» тым қысқа: кемінде ${f?.minLength} таңба.`,
    ru: `Поле «${l.ru}» слишком короткое: не менее ${f?.minLength} символов.`,
    en: `“${l.en}” is too short: at least ${f?.minLength} characters.`,
  }),
  TOO_LONG: (l, f) => {
    const n = maxLength(f);
    return {
      kk: `«${l.kk}» тым ұзын: ең көбі ${n} таңба.`,
      ru: `Поле «${l.ru}» слишком длинное: не более ${n} символов.`,
      en: `“${l.en}” is too long: at most ${n} characters.`,
    };
  },
  OUT_OF_RANGE: (l, f) => {
    const r = range(f);
    return {
      kk: `«${l.kk}» рұқсат етілген аралықтан тыс (${r}).`,
      ru: `Значение поля «${l.ru}» вне допустимого диапазона (${r}).`,
      en: `“${l.en}” is out of range (${r}).`,
    };
  },
  PATTERN: (l) => ({
    kk: `«${l.kk}» пішімі қате.`,
    ru: `Неверный формат поля «${l.ru}».`,
    en: `“${l.en}” has the wrong format.`,
  }),
  INVALID_EMAIL: (l) => ({
    kk: `«${l.kk}»: электрондық пошта мекенжайы қате.`,
    ru: `«${l.ru}»: неверный адрес электронной почты.`,
    en: `“${l.en}”: invalid e-mail address.`,
  }),
  TOO_EARLY: (l, f, _v, x) => ({
    kk: `«${l.kk}»: ${shown(x?.bound)} ${f?.type === 'integer' ? 'жылдан' : 'күнінен'} ерте болмауы керек.`,
    ru: `«${l.ru}»: ${f?.type === 'integer' ? 'год' : 'дата'} не может быть раньше ${shown(x?.bound)}.`,
    en: `“${l.en}” cannot be earlier than ${shown(x?.bound)}.`,
  }),
  TOO_LATE: (l, f, _v, x) => ({
    kk: `«${l.kk}»: ${shown(x?.bound)} ${f?.type === 'integer' ? 'жылдан' : 'күнінен'} кеш болмауы керек.`,
    ru: `«${l.ru}»: ${f?.type === 'integer' ? 'год' : 'дата'} не может быть позже ${shown(x?.bound)}.`,
    en: `“${l.en}” cannot be later than ${shown(x?.bound)}.`,
  }),
  OUT_OF_ORDER: (l, _f, _v, x) => {
    const o = x?.other?.label ?? { kk: '', ru: '', en: '' };
    const v = shown(x?.otherValue);
    return {
      kk: `«${l.kk}» «${o.kk}» (${v}) мәнінен ерте болмауы керек.`,
      ru: `«${l.ru}» не может быть раньше, чем «${o.ru}» (${v}).`,
      en: `“${l.en}” cannot be earlier than “${o.en}” (${v}).`,
    };
  },
  INVALID_PHONE: (l) => ({
    kk: `«${l.kk}»: телефон нөмірі +7 (немесе 8) және 10 цифр болуы керек, мысалы +7 701 123 45 67 немесе 8 701 123 45 67.`,
    ru: `«${l.ru}»: номер телефона должен быть +7 (или 8) и 10 цифр, например +7 701 123 45 67 или 8 701 123 45 67.`,
    en: `“${l.en}”: the phone number must be +7 (or 8) and 10 digits, e.g. +7 701 123 45 67 or 8 701 123 45 67.`,
  }),
  TOO_MANY_FILES: (l, f) => {
    const n = fileLimits(f).maxFiles;
    return {
      kk: `«${l.kk}»: ең көбі ${n} файл тіркеуге болады.`,
      ru: `«${l.ru}»: можно прикрепить не более ${n} файлов.`,
      en: `“${l.en}”: at most ${n} files can be attached.`,
    };
  },
  INVALID_FILE: (l) => ({
    kk: `«${l.kk}»: файл сілтемесі қате. Файлды қайта жүктеңіз.`,
    ru: `«${l.ru}»: неверная ссылка на файл. Загрузите файл заново.`,
    en: `“${l.en}”: the file reference is invalid. Upload the file again.`,
  }),
  FILE_TYPE_NOT_ACCEPTED: (l, f, v) => {
    const types = acceptedTypes(f);
    const n = fileName(v);
    return {
      kk: `«${l.kk}»: «${n}» файлының түрі қабылданбайды; ${types} файлын тіркеңіз.`,
      ru: `«${l.ru}»: тип файла «${n}» не принимается; прикрепите файл ${types}.`,
      en: `“${l.en}”: the type of “${n}” is not accepted; attach a ${types} file.`,
    };
  },
  FILE_TOO_LARGE: (l, f, v) => {
    const n = fileName(v);
    const max = fileLimits(f).maxSizeKb;
    return {
      kk: `«${l.kk}»: «${n}» файлы тым үлкен, ең көбі ${sizeText(max, 'kk')}.`,
      ru: `«${l.ru}»: файл «${n}» слишком большой, не более ${sizeText(max, 'ru')}.`,
      en: `“${l.en}”: “${n}” is too large, at most ${sizeText(max, 'en')}.`,
    };
  },
  DUPLICATE_FILE: (l, _f, v) => {
    const n = fileName(v);
    return {
      kk: `«${l.kk}»: «${n}» файлы екі рет тіркелген.`,
      ru: `«${l.ru}»: файл «${n}» прикреплён дважды.`,
      en: `“${l.en}”: “${n}” is attached twice.`,
    };
  },
};

/** A file field's limits with the defaults filled in. */
export function fileLimits(f?: Pick<FormField, 'accept' | 'maxSizeKb' | 'maxFiles'>): { accept: readonly string[]; maxSizeKb: number; maxFiles: number } {
  return { accept: f?.accept ?? DEFAULT_FILE_ACCEPT, maxSizeKb: f?.maxSizeKb ?? DEFAULT_FILE_MAX_SIZE_KB, maxFiles: f?.maxFiles ?? DEFAULT_FILE_MAX_FILES };
}

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** `PDF, JPEG, PNG`: the accepted types as people know them. */
export function acceptedTypes(f?: Pick<FormField, 'accept'>): string {
  return fileLimits(f).accept.map((m) => TYPE_NAMES[m] ?? m).join(', ');
}

/** `10 MB`, `500 KB` (KiB and MiB, written as people write them). */
export function sizeText(kb: number, lang: keyof I18n): string {
  const [k, m] = lang === 'en' ? ['KB', 'MB'] : ['КБ', 'МБ'];
  if (kb >= 1024) {
    const mb = Math.round((kb / 1024) * 10) / 10;
    return `${String(mb).replace('.', lang === 'en' ? '.' : ',')} ${m}`;
  }
  return `${kb} ${k}`;
}

const fileName = (v: unknown) => (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string' ? (v as { name: string }).name.slice(0, 80) : '…');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const FILE_REF_KEYS = ['id', 'mime', 'name', 'sha256', 'size'];

/** Is `v` a well-formed file reference (shape only: not whether the upload exists)? */
export function isFileRef(v: unknown): v is FileRef {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v).sort();
  if (keys.length !== FILE_REF_KEYS.length || keys.some((k, i) => k !== FILE_REF_KEYS[i])) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    UUID.test(r.id) &&
    typeof r.sha256 === 'string' &&
    SHA256.test(r.sha256) &&
    typeof r.name === 'string' &&
    r.name.trim().length > 0 &&
    [...r.name].length <= 255 &&
    !CONTROL.test(r.name) &&
    typeof r.size === 'number' &&
    Number.isSafeInteger(r.size) &&
    r.size >= 1 &&
    typeof r.mime === 'string'
  );
}

/** The file references of a form, with their field (every file field's array, malformed entries left out). */
export function formFiles(def: Pick<ServiceDefinition, 'form'>, form: Record<string, unknown>): Array<{ field: FormField; index: number; ref: FileRef }> {
  const out: Array<{ field: FormField; index: number; ref: FileRef }> = [];
  for (const f of def.form.fields) {
    const v = form[f.name];
    if (f.type !== 'file' || !Array.isArray(v)) continue;
    v.forEach((ref, index) => {
      if (isFileRef(ref)) out.push({ field: f, index, ref });
    });
  }
  return out;
}

/** The errors of one present file field's value (not empty), each with its path under `/form/<name>`. */
function checkFiles(f: FormField, v: unknown, seen: Set<string>): FieldError[] {
  if (!Array.isArray(v)) return [err('WRONG_TYPE', f.name, f.label, f, v)];
  const lim = fileLimits(f);
  if (v.length > lim.maxFiles) return [err('TOO_MANY_FILES', f.name, f.label, f, v)];
  const out: FieldError[] = [];
  v.forEach((x, i) => {
    const at = (code: FieldErrorCode) => ({ ...err(code, f.name, f.label, f, x), path: `/form/${f.name}/${i}` });
    if (!isFileRef(x)) out.push(at('INVALID_FILE'));
    else if (!lim.accept.includes(x.mime)) out.push(at('FILE_TYPE_NOT_ACCEPTED'));
    else if (x.size > lim.maxSizeKb * 1024) out.push(at('FILE_TOO_LARGE'));
    else if (seen.has(x.id)) out.push(at('DUPLICATE_FILE'));
    else seen.add(x.id);
  });
  return out;
}

function maxLength(f?: FormField): number {
  if (!f) return 0;
  return f.maxLength ?? (f.type === 'text' ? DEFAULT_MAX_LENGTH.text : DEFAULT_MAX_LENGTH.string);
}

function range(f?: FormField): string {
  if (!f) return '';
  if (f.min !== undefined && f.max !== undefined) return `${f.min}…${f.max}`;
  if (f.min !== undefined) return `≥ ${f.min}`;
  return `≤ ${f.max}`;
}

function expected(f?: FormField): I18n {
  switch (f?.type) {
    case 'integer':
      return { kk: 'бүтін сан', ru: 'целое число', en: 'a whole number' };
    case 'number':
      return { kk: 'сан', ru: 'число', en: 'a number' };
    case 'boolean':
      return { kk: 'иә/жоқ', ru: 'да/нет', en: 'yes/no' };
    case 'file':
      return { kk: 'файлдар тізімі', ru: 'список файлов', en: 'a list of files' };
    default:
      return { kk: 'мәтін', ru: 'строка', en: 'text' };
  }
}

function err(code: FieldErrorCode, name: string, label: I18n, f?: FormField, v?: unknown, extra?: Parameters<MessageFn>[3]): FieldError {
  return { path: `/form/${name}`, code, message: MESSAGES[code](label, f, v, extra) };
}

// ---------------------------------------------------------------- date bounds

const BOUND = /^(?:today|([+-])(\d{1,3})([ymd]))$/;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1–12
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The Kazakhstan (UTC+05:00) calendar date of an instant. */
export function kzToday(at: Date = new Date()): string {
  return new Date(at.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
}

/** "Today" for a validation: the Kazakhstan date of `$filedAt` when it is a valid instant, else of now. */
function todayOf(context: Record<string, unknown>): string {
  const f = context.$filedAt;
  const at = typeof f === 'string' || f instanceof Date ? new Date(f) : null;
  return kzToday(at && Number.isFinite(at.getTime()) ? at : new Date());
}

/** Is `b` a well-formed bound? (`today`, `±N(y|m|d)`, or a real ISO date). */
export function isDateBound(b: string): boolean {
  return BOUND.test(b) || isRealIsoDate(b);
}

/** A bound as an ISO date, from `today` (ISO): `-150y` on 2024-02-29 → 1874-02-28 (end of month clamps). */
export function resolveDateBound(b: string, today: string): string {
  if (isRealIsoDate(b)) return b;
  const m = BOUND.exec(b);
  if (!m) throw new Error(`not a date bound: ${b}`);
  if (!m[1]) return today;
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const [y, mo, d] = today.split('-').map(Number) as [number, number, number];
  if (m[3] === 'd') return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
  const months = y * 12 + (mo - 1) + (m[3] === 'y' ? n * 12 : n);
  const ny = Math.floor(months / 12);
  const nm = (months % 12) + 1;
  return iso(ny, nm, Math.min(d, daysIn(ny, nm)));
}

/**
 * The limits a value of `f` must keep on `today` (ISO): ISO dates for a date field, years
 * (with the static min/max folded in) for an integer field; what the form shows as min/max.
 */
export function fieldBounds(f: FormField, today: string): { min?: string | number; max?: string | number } {
  const out: { min?: string | number; max?: string | number } = {};
  if (f.type === 'date') {
    if (f.earliest) out.min = resolveDateBound(f.earliest, today);
    if (f.latest) out.max = resolveDateBound(f.latest, today);
  } else if (f.type === 'integer' || f.type === 'number') {
    const year = (b: string) => Number(resolveDateBound(b, today).slice(0, 4));
    const lo = [f.min, f.earliest ? year(f.earliest) : undefined].filter((x): x is number => x !== undefined);
    const hi = [f.max, f.latest ? year(f.latest) : undefined].filter((x): x is number => x !== undefined);
    if (lo.length) out.min = Math.max(...lo);
    if (hi.length) out.max = Math.min(...hi);
  }
  return out;
}

/** TOO_EARLY / TOO_LATE for a value that passed its type check, against `earliest` / `latest`. */
function checkBounds(f: FormField, v: unknown, today: string): { code: FieldErrorCode; bound: string | number } | null {
  if (!f.earliest && !f.latest) return null;
  if (f.type === 'date' && typeof v === 'string') {
    const lo = f.earliest ? resolveDateBound(f.earliest, today) : undefined;
    const hi = f.latest ? resolveDateBound(f.latest, today) : undefined;
    if (lo && v < lo) return { code: 'TOO_EARLY', bound: lo };
    if (hi && v > hi) return { code: 'TOO_LATE', bound: hi };
  } else if (typeof v === 'number') {
    const year = (b: string) => Number(resolveDateBound(b, today).slice(0, 4));
    if (f.earliest && v < year(f.earliest)) return { code: 'TOO_EARLY', bound: year(f.earliest) };
    if (f.latest && v > year(f.latest)) return { code: 'TOO_LATE', bound: year(f.latest) };
  }
  return null;
}

/** Check one present (non-empty) value; returns the error code or null. */
function checkValue(f: FormField, v: unknown): FieldErrorCode | null {
  switch (f.type) {
    case 'string':
    case 'text': {
      if (typeof v !== 'string') return 'WRONG_TYPE';
      const s = v.trim();
      if (f.minLength !== undefined && [...s].length < f.minLength) return 'TOO_SHORT';
      if ([...s].length > maxLength(f)) return 'TOO_LONG';
      if (f.pattern && !new RegExp(`^(?:${f.pattern})$`, 'u').test(s)) return 'PATTERN';
      return null;
    }
    case 'date':
      if (typeof v !== 'string') return 'WRONG_TYPE';
      return isRealIsoDate(v) ? null : 'INVALID_DATE';
    case 'iin':
      if (typeof v !== 'string') return 'WRONG_TYPE';
      return isValidIin(v) ? null : 'INVALID_IIN';
    case 'bin':
      if (typeof v !== 'string') return 'WRONG_TYPE';
      return isValidBin(v) ? null : 'INVALID_BIN';
    case 'integer':
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'WRONG_TYPE';
      if (f.type === 'integer' && !Number.isInteger(v)) return 'WRONG_TYPE';
      if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) return 'OUT_OF_RANGE';
      return null;
    case 'boolean':
      return typeof v === 'boolean' ? null : 'WRONG_TYPE';
    case 'enum':
      if (typeof v !== 'string') return 'WRONG_TYPE';
      return (f.options ?? []).some((o) => o.value === v) ? null : 'INVALID_OPTION';
    case 'phone':
      if (typeof v !== 'string') return 'WRONG_TYPE';
      return normalisePhone(v) ? null : 'INVALID_PHONE';
    case 'email':
      if (typeof v !== 'string') return 'WRONG_TYPE';
      return v.length <= 254 && EMAIL.test(v.trim()) ? null : 'INVALID_EMAIL';
    case 'file':
      return Array.isArray(v) ? null : 'WRONG_TYPE'; // the files themselves: checkFiles
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validate `form` against `def.form.fields`. `context` adds `$`-variables
 * (`$channel`, `$region`, `$filedAt`, `$recipientKind`) for field conditions.
 * Errors come in field order, unknown fields last.
 */
export function validateForm(
  def: Pick<ServiceDefinition, 'form'>,
  form: unknown,
  context: Record<string, unknown> = {},
): FieldError[] {
  if (!isPlainObject(form)) {
    return [{ path: '/form', code: 'NOT_AN_OBJECT', message: MESSAGES.NOT_AN_OBJECT({ kk: '', ru: '', en: '' }) }];
  }
  const errors: FieldError[] = [];
  const values = { ...form, ...context };
  const known = new Set<string>();
  const today = todayOf(context);
  /** Fields whose present value passed every check (a `notBefore` compares only these). */
  const good = new Set<string>();
  const byName = new Map(def.form.fields.map((f) => [f.name, f]));
  /** Upload ids seen so far in the form (one upload attached twice → DUPLICATE_FILE). */
  const files = new Set<string>();
  for (const f of def.form.fields) {
    known.add(f.name);
    const v = form[f.name];
    if (isEmpty(v)) {
      const required = f.required && (!f.condition || evaluateCondition(f.condition.when, { values }));
      if (required) errors.push(err('REQUIRED', f.name, f.label, f));
      continue;
    }
    if (f.type === 'file') {
      const fileErrors = checkFiles(f, v, files);
      if (fileErrors.length) errors.push(...fileErrors);
      else good.add(f.name);
      continue;
    }
    let code = checkValue(f, v);
    // An option some channels do not offer (e.g. "another relative": centre only).
    if (!code && f.type === 'enum' && typeof context.$channel === 'string') {
      const chans = f.options?.find((o) => o.value === v)?.channels;
      if (chans && !chans.includes(context.$channel as Channel)) code = 'OPTION_NOT_ON_CHANNEL';
    }
    if (code) {
      errors.push(err(code, f.name, f.label, f, v));
      continue;
    }
    const out = checkBounds(f, v, today);
    if (out) {
      errors.push(err(out.code, f.name, f.label, f, v, { bound: out.bound }));
      continue;
    }
    good.add(f.name);
  }
  // Range order: a period's end may not precede its start (both present and valid).
  for (const f of def.form.fields) {
    const other = f.notBefore ? byName.get(f.notBefore) : undefined;
    if (!other || !good.has(f.name) || !good.has(other.name)) continue;
    const [a, b] = [form[f.name], form[other.name]];
    if ((typeof a === 'string' && typeof b === 'string') || (typeof a === 'number' && typeof b === 'number')) {
      if (a < b) errors.push(err('OUT_OF_ORDER', f.name, f.label, f, a, { other, otherValue: b }));
    }
  }
  for (const k of Object.keys(form)) {
    if (!known.has(k)) errors.push(err('UNKNOWN_FIELD', k, { kk: k, ru: k, en: k }));
  }
  return errors;
}

/**
 * The stored form: strings trimmed, phones normalised to `+7XXXXXXXXXX`, empty
 * values dropped. Call after `validateForm` returned no errors.
 */
export function normaliseForm(def: Pick<ServiceDefinition, 'form'>, form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.form.fields) {
    const v = form[f.name];
    if (isEmpty(v)) continue;
    if (typeof v === 'string') out[f.name] = f.type === 'phone' ? (normalisePhone(v) ?? v) : v.trim();
    else out[f.name] = v;
  }
  return out;
}
