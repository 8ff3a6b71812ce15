/**
 * Every failure a client can cause has a stable machine-readable code, an HTTP
 * status and a message in kk/ru/en, defined once here. Handlers throw
 * `AppError`; the HTTP layer turns it into
 *   { "code", "message": { kk, ru, en }, "path"?, "errors"?: [{ path, code, message }] }
 * Unknown errors never leak: they become 500 INTERNAL with a correlation id.
 */
import { GATEWAY_ERRORS } from '../gateway/error-codes.ts';
import { PKI_ERRORS } from '../pki/error-codes.ts';
import { UPLOAD_ERRORS } from '../uploads/error-codes.ts';
import { ACTION_ERRORS } from '../actions/error-codes.ts';
import { ORG_ERRORS } from '../organisations/error-codes.ts';
import { JOB_ERRORS } from '../jobs/error-codes.ts';
import { DOCUMENT_ERRORS } from '../documents/error-codes.ts';
import { FEE_ERRORS } from '../fees/error-codes.ts';
import { QUALITY_ERRORS } from '../quality/error-codes.ts';
import { QUEUE_ERRORS } from '../queue/error-codes.ts';
import { NOTIFICATION_ERRORS } from '../notifications/error-codes.ts';
import type { I18n } from '../lib/i18n.ts';

export const ERRORS = {
  BAD_REQUEST: [400, { kk: 'Сұраныс қате құрылған.', ru: 'Некорректный запрос.', en: 'The request is malformed.' }],
  APPLICANT_NOT_SIGNER: [422, { kk: 'Порталда өтінішті өз атыңыздан бересіз: бұл өрісте қол қоюшының ЖСН-і болуы керек. Басқа адамның атынан сенімхат бойынша ХҚКО-ға жүгініңіз.', ru: 'На портале заявление подаётся от своего имени: в этом поле должен быть ИИН подписывающего. От имени другого лица по доверенности обращайтесь в ЦОН.', en: 'On the portal you apply in your own name: this field must hold the signer’s IIN. To apply for someone else under a power of attorney, go to a public service centre.' }],
  ORGANISATION_EDS_REQUIRED: [422, { kk: 'Ұйымның өтінішіне ұйымның ЭЦҚ-сымен (БСН көрсетілген куәлікпен) қол қойылады; SMS-код жарамайды.', ru: 'Заявление организации подписывается ЭЦП организации (регистрационным свидетельством с БИН); SMS-код не подходит.', en: 'An organisation’s application is signed with the organisation’s EDS (a certificate with its BIN); an SMS code will not do.' }],
  MALFORMED_URL: [400, { kk: 'Сұраныс мекенжайы қате кодталған (%-кодтау бұзылған).', ru: 'Адрес запроса закодирован неверно (нарушено %-кодирование).', en: 'The request address is badly encoded (broken percent-encoding).' }],
  MALFORMED_HTTP: [400, { kk: 'Сұраныс жарамды HTTP емес (мекенжайдағы таңбалар %-кодталуы тиіс).', ru: 'Запрос не является корректным HTTP (символы в адресе должны быть %-закодированы).', en: 'The request is not valid HTTP (characters in the address must be percent-encoded).' }],
  HEADERS_TOO_LARGE: [431, { kk: 'Сұраныс тақырыптары тым үлкен.', ru: 'Заголовки запроса слишком велики.', en: 'The request headers are too large.' }],
  REQUEST_TIMEOUT: [408, { kk: 'Сұраныс уақытында толық келмеді.', ru: 'Запрос не был получен полностью вовремя.', en: 'The request did not arrive in full in time.' }],
  MALFORMED_JSON: [400, { kk: 'Сұраныс денесі жарамды JSON емес.', ru: 'Тело запроса не является корректным JSON.', en: 'The request body is not valid JSON.' }],
  INVALID_CHARACTERS: [400, { kk: 'Мәтінде рұқсат етілмеген таңба бар (NUL немесе жұпсыз суррогат). Оны алып тастап, қайта жіберіңіз.', ru: 'В тексте недопустимый символ (NUL или непарный суррогат). Удалите его и отправьте снова.', en: 'The text holds a character that is not allowed (NUL or a lone surrogate). Remove it and send again.' }],
  INPUT_TOO_DEEP: [400, { kk: 'Сұраныс деректерінің кірістірілуі тым терең.', ru: 'Данные запроса вложены слишком глубоко.', en: 'The request data are nested too deeply.' }],
  INVALID_CURSOR: [400, { kk: 'Бет курсоры қате. Тізімді басынан ашыңыз.', ru: 'Неверный курсор страницы. Откройте список с начала.', en: 'Invalid page cursor. Open the list from the start.' }],
  UNSUPPORTED_MEDIA_TYPE: [415, { kk: 'Тек application/json қабылданады.', ru: 'Принимается только application/json.', en: 'Only application/json is accepted.' }],
  BODY_TOO_LARGE: [413, { kk: 'Сұраныс денесі тым үлкен.', ru: 'Тело запроса слишком большое.', en: 'The request body is too large.' }],
  VALIDATION_FAILED: [422, { kk: 'Деректер тексеруден өтпеді.', ru: 'Данные не прошли проверку.', en: 'The data did not pass validation.' }],
  NOT_FOUND: [404, { kk: 'Табылмады.', ru: 'Не найдено.', en: 'Not found.' }],
  ROUTE_NOT_FOUND: [404, { kk: 'Мұндай API әдісі жоқ.', ru: 'Такого метода API нет.', en: 'No such API method.' }],
  METHOD_NOT_ALLOWED: [405, { kk: 'Бұл әдіске рұқсат жоқ.', ru: 'Метод не разрешён.', en: 'Method not allowed.' }],
  UNKNOWN_SERVICE: [404, { kk: 'Мұндай мемлекеттік қызмет жоқ.', ru: 'Такой государственной услуги нет.', en: 'There is no such state service.' }],
  SERVICE_NOT_IN_FORCE: [422, { kk: 'Қызмет стандарты бұл күні күшінде емес.', ru: 'Стандарт услуги на эту дату не действует.', en: 'The service standard is not in force on that date.' }],
  CHANNEL_NOT_AVAILABLE: [422, { kk: 'Бұл қызмет таңдалған арна арқылы көрсетілмейді.', ru: 'Услуга не оказывается через выбранный канал.', en: 'The service is not delivered through this channel.' }],
  NO_TERM_FOR_CHANNEL: [422, { kk: 'Бұл арна үшін қызмет мерзімі белгіленбеген.', ru: 'Для этого канала срок услуги не установлен.', en: 'No service term is set for this channel.' }],
  INVALID_IIN: [422, { kk: 'ЖСН қате: 12 цифр және дұрыс бақылау разряды болуы керек.', ru: 'Неверный ИИН: 12 цифр с правильным контрольным разрядом.', en: 'Invalid IIN: 12 digits with a correct check digit are required.' }],
  INVALID_DATE: [422, { kk: 'Күні қате.', ru: 'Неверная дата.', en: 'Invalid date.' }],
  YEAR_OUT_OF_RANGE: [422, { kk: 'Бұл жылдың күнтізбесі жоқ.', ru: 'Календаря на этот год нет.', en: 'There is no calendar for that year.' }],
  IDEMPOTENCY_KEY_REQUIRED: [400, { kk: 'Idempotency-Key тақырыбы міндетті.', ru: 'Заголовок Idempotency-Key обязателен.', en: 'The Idempotency-Key header is required.' }],
  IDEMPOTENCY_KEY_REUSED: [409, { kk: 'Бұл Idempotency-Key басқа сұраныспен қолданылған.', ru: 'Этот Idempotency-Key уже использован с другим запросом.', en: 'This Idempotency-Key was already used with a different request.' }],
  UNAUTHENTICATED: [401, { kk: 'Жүйеге кіріңіз.', ru: 'Войдите в систему.', en: 'Please sign in.' }],
  INVALID_CREDENTIALS: [401, { kk: 'ЖСН немесе құпиясөз қате.', ru: 'Неверный ИИН или пароль.', en: 'Wrong IIN or password.' }],
  ACCOUNT_LOCKED: [423, { kk: 'Тым көп сәтсіз әрекет. Есептік жазба уақытша бұғатталды.', ru: 'Слишком много неудачных попыток. Учётная запись временно заблокирована.', en: 'Too many failed attempts. The account is temporarily locked.' }],
  // Password recovery (src/accounts/recovery.ts).
  RECOVERY_UNKNOWN: [422, { kk: 'Қалпына келтіру сұрауы табылмады немесе оның мерзімі өтті. Жаңа код сұраңыз.', ru: 'Запрос на восстановление не найден или устарел. Запросите новый код.', en: 'The recovery request was not found or has expired. Request a new code.' }],
  RECOVERY_LIMIT: [429, { kk: 'Бұл ЖСН бойынша қалпына келтіру сұраулары тым көп. Кейінірек қайталаңыз.', ru: 'Слишком много запросов на восстановление по этому ИИН. Повторите позже.', en: 'Too many recovery requests for this IIN. Try again later.' }],
  WEAK_PASSWORD: [422, { kk: 'Жаңа құпиясөз талаптарға сай емес.', ru: 'Новый пароль не отвечает требованиям.', en: 'The new password does not meet the requirements.' }],
  PASSWORD_TOO_SHORT: [422, { kk: 'Құпиясөз кемінде 8 таңбадан тұруы керек.', ru: 'Пароль должен содержать не менее 8 символов.', en: 'The password must have at least 8 characters.' }],
  PASSWORD_LETTERS_AND_DIGITS: [422, { kk: 'Құпиясөзде әріптер де, цифрлар да болуы керек.', ru: 'Пароль должен содержать и буквы, и цифры.', en: 'The password must contain both letters and digits.' }],
  PASSWORD_IS_IIN: [422, { kk: 'Құпиясөзде ЖСН болмауы керек.', ru: 'Пароль не должен совпадать с ИИН или содержать его.', en: 'The password must not be or contain your IIN.' }],
  FORBIDDEN: [403, { kk: 'Бұл әрекетке құқығыңыз жоқ.', ru: 'Недостаточно прав для этого действия.', en: 'You are not allowed to do this.' }],
  CONFLICT: [409, { kk: 'Қайшылық: деректер өзгерген.', ru: 'Конфликт: данные изменились.', en: 'Conflict: the data has changed.' }],
  CONSENT_REQUEST_LIMIT: [429, { kk: 'Бұл адамға келісім сұрау шегіне жетті. Кейінірек қайталаңыз.', ru: 'Достигнут предел запросов согласия у этого лица. Повторите позже.', en: 'The limit of consent requests to this person has been reached. Try again later.' }],
  RATE_LIMITED: [429, { kk: 'Сұраныстар тым көп. Кейінірек қайталаңыз.', ru: 'Слишком много запросов. Повторите позже.', en: 'Too many requests. Try again later.' }],
  SERVICE_UNAVAILABLE: [503, { kk: 'Қызмет уақытша қолжетімсіз.', ru: 'Сервис временно недоступен.', en: 'The service is temporarily unavailable.' }],
  INTERNAL: [500, { kk: 'Ішкі қате. Қайталап көріңіз.', ru: 'Внутренняя ошибка. Повторите попытку.', en: 'Internal error. Please try again.' }],
  AUTH_CHALLENGE_UNKNOWN: [404, { kk: 'Кіру сұрауы табылмады. Жаңасын алыңыз.', ru: 'Запрос на вход не найден. Получите новый.', en: 'Unknown sign-in challenge. Request a new one.' }],
  AUTH_CHALLENGE_USED: [409, { kk: 'Бұл кіру сұрауы бұрын пайдаланылған (қайталау).', ru: 'Этот запрос на вход уже использован (повтор).', en: 'This sign-in challenge was already used (replay).' }],
  AUTH_CHALLENGE_EXPIRED: [410, { kk: 'Кіру сұрауының мерзімі өтті. Жаңасын алыңыз.', ru: 'Срок запроса на вход истёк. Получите новый.', en: 'The sign-in challenge has expired. Request a new one.' }],
  OTP_RATE_LIMITED: [429, { kk: 'SMS-код жақында жіберілді немесе кодтар тым көп сұралды. Көрсетілген уақыт өткен соң жаңа код сұраңыз.', ru: 'SMS-код уже отправлен недавно или кодов запрошено слишком много. Запросите новый код по истечении указанного времени.', en: 'A code was sent a moment ago, or too many codes were requested. Ask for a new code once the time shown has passed.' }],
  OTP_INVALID: [422, { kk: 'Бір реттік код қате.', ru: 'Неверный одноразовый код.', en: 'Wrong one-time code.' }],
  OTP_EXPIRED: [422, { kk: 'Бір реттік кодтың мерзімі өтті. Жаңа код сұраңыз.', ru: 'Срок одноразового кода истёк. Запросите новый.', en: 'The one-time code has expired. Request a new one.' }],
  OTP_USED: [409, { kk: 'Бұл бір реттік код бұрын пайдаланылған.', ru: 'Этот одноразовый код уже использован.', en: 'This one-time code was already used.' }],
  OTP_TOO_MANY_ATTEMPTS: [429, { kk: 'Тым көп қате әрекет. Жаңа код сұраңыз.', ru: 'Слишком много неверных попыток. Запросите новый код.', en: 'Too many wrong attempts. Request a new code.' }],
  OTP_NOT_FOR_THIS: [422, { kk: 'Бұл код басқа әрекетке берілген.', ru: 'Этот код выдан для другого действия.', en: 'This code was issued for a different action.' }],
  NO_PHONE: [422, { kk: 'Мобильді азаматтар базасында тіркелген телефон нөмірі жоқ.', ru: 'Нет номера телефона, зарегистрированного в базе мобильных граждан.', en: 'No phone number is registered in the mobile citizens database.' }],
  SIGNATURE_REQUIRED: [422, { kk: 'Өтінішке ЭЦҚ-мен немесе бір реттік SMS-кодпен қол қою керек.', ru: 'Заявление нужно подписать ЭЦП или одноразовым SMS-кодом.', en: 'The application must be signed with an EDS or a one-time SMS code.' }],
  // Co-signature by a second applicant (src/applications/cosign.ts).
  COSIGNER_IS_APPLICANT: [422, { kk: 'Екінші өтініш беруші басқа адам болуы керек: мұнда өз ЖСН-іңізді емес, екінші ата-ананың (жұбайдың) ЖСН-ін жазыңыз.', ru: 'Второй заявитель должен быть другим человеком: укажите здесь ИИН второго родителя (супруга), а не свой.', en: 'The second applicant must be another person: enter the second parent’s (spouse’s) IIN here, not your own.' }],
  COSIGN_ALREADY_SIGNED: [409, { kk: 'Сіз бұл өтінішке қол қойып қойғансыз; екінші қол қою қажет емес.', ru: 'Вы уже подписали это заявление; повторная подпись не нужна.', en: 'You have already signed this application; it cannot be signed twice.' }],
  COSIGN_CLOSED: [409, { kk: 'Бұл өтініш енді сіздің қолыңызды күтпейді (бас тартылған немесе күшін жойған).', ru: 'Это заявление больше не ожидает вашей подписи (от подписи отказались или оно аннулировано).', en: 'This application is no longer waiting for your signature (it was declined or annulled).' }],
  COSIGN_EXPIRED: [410, { kk: 'Қол қою мерзімі өтіп кетті: сұрау күшін жояды. Өтініш беруші жаңа өтініш бере алады.', ru: 'Срок для подписи истёк: запрос аннулирован. Заявитель может подать новое заявление.', en: 'The time to sign has run out: the request is annulled. The applicant may apply again.' }],
  COSIGN_NOT_NAMED: [403, { kk: 'Бұл өтінішке екінші өтініш беруші ретінде онда ЖСН-і бойынша аталған адам ғана өз жеке кабинетінде қол қоя алады; өтініш беруші оның орнына қол қоя алмайды.', ru: 'Подписать это заявление как второй заявитель может только человек, названный в нём по ИИН, в своём личном кабинете; заявитель не может подписать его за него.', en: 'Only the person the application names by IIN as the second applicant can sign it, in their own cabinet; the applicant cannot sign it for them.' }],
  // Signatures and the certification authority (src/pki/error-codes.ts).
  ...PKI_ERRORS,
  // Attached files (src/uploads/error-codes.ts).
  ...UPLOAD_ERRORS,
  // The e-government gateway (src/gateway/error-codes.ts; thrown as GatewayError).
  ...GATEWAY_ERRORS,
  // The action pipeline and the back office (src/actions/error-codes.ts).
  ...ACTION_ERRORS,
  // Organisations, routing and intake (src/organisations/error-codes.ts).
  ...ORG_ERRORS,
  // The job queue's admin view (src/jobs/error-codes.ts).
  ...JOB_ERRORS,
  // Result documents: numbers, verification, downloads (src/documents/error-codes.ts).
  ...DOCUMENT_ERRORS,
  // State duty (src/fees/error-codes.ts).
  ...FEE_ERRORS,
  // Quality surveys (src/quality/error-codes.ts).
  ...QUALITY_ERRORS,
  // Branches and the electronic queue (src/queue/error-codes.ts).
  ...QUEUE_ERRORS,
  // Notifications to applicants: inbox, preferences, the dead-letter list (src/notifications/error-codes.ts).
  ...NOTIFICATION_ERRORS,
} as const satisfies Record<string, readonly [number, I18n]>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldIssue {
  path: string;
  code: string;
  message: I18n;
}

export class AppError extends Error {
  readonly status: number;
  readonly i18n: I18n;
  constructor(
    readonly code: ErrorCode,
    readonly opts: { path?: string; errors?: FieldIssue[]; message?: I18n; details?: Record<string, unknown> } = {},
  ) {
    const [status, msg] = ERRORS[code];
    super(`${code}: ${(opts.message ?? msg).en}`);
    this.status = status;
    this.i18n = opts.message ?? msg;
  }

  toJSON() {
    return {
      code: this.code,
      message: this.i18n,
      ...(this.opts.path ? { path: this.opts.path } : {}),
      ...(this.opts.errors?.length ? { errors: this.opts.errors } : {}),
      ...(this.opts.details ? { details: this.opts.details } : {}),
    };
  }
}
