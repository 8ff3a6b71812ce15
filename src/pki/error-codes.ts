/**
 * Stable codes of the PKI/EDS module with their HTTP status and kk/ru/en messages,
 * in the same shape as ERRORS in src/errors/errors.ts. This file imports nothing at
 * run time, so errors.ts may spread it into ERRORS without an import cycle.
 *
 * EDS_* codes describe why a signature is not accepted (they appear in
 * `errors[]` of a verification result; EDS_MALFORMED / EDS_DATA_REQUIRED are also
 * thrown as 400 for bad input). PKI_* codes belong to the certification authority.
 */
import type { I18n } from '../registry/types.ts';

export const PKI_ERRORS = {
  EDS_MALFORMED: [400, { kk: 'Қолтаңба пішімі қате: жарамды base64 және CMS (PKCS#7) SignedData болуы керек.', ru: 'Неверный формат подписи: ожидается корректный base64 и CMS (PKCS#7) SignedData.', en: 'Malformed signature: valid base64 and a CMS (PKCS#7) SignedData are required.' }],
  EDS_DATA_REQUIRED: [400, { kk: 'Қолтаңба бөлек (detached): қол қойылған деректерді де жіберіңіз.', ru: 'Подпись отсоединённая (detached): передайте также подписанные данные.', en: 'The signature is detached: send the signed data as well.' }],
  EDS_BAD_SIGNATURE: [422, { kk: 'ЭЦҚ деректерге сәйкес келмейді (деректер өзгертілген немесе қолтаңба бүлінген).', ru: 'ЭЦП не соответствует данным (данные изменены или подпись повреждена).', en: 'The signature does not match the data (the data were changed or the signature is damaged).' }],
  EDS_NO_SIGNER_CERTIFICATE: [422, { kk: 'Қолтаңбада қол қоюшының тіркеу куәлігі жоқ.', ru: 'В подписи нет регистрационного свидетельства подписанта.', en: "The signature does not contain the signer's certificate." }],
  EDS_UNSUPPORTED_ALGORITHM: [422, { kk: 'Қолтаңба алгоритміне қолдау көрсетілмейді.', ru: 'Алгоритм подписи не поддерживается.', en: 'The signature algorithm is not supported.' }],
  EDS_EXPIRED: [422, { kk: 'ЭЦҚ тіркеу куәлігінің қолданылу мерзімі өтіп кеткен.', ru: 'Срок действия регистрационного свидетельства ЭЦП истёк.', en: 'The EDS certificate has expired.' }],
  EDS_NOT_YET_VALID: [422, { kk: 'ЭЦҚ тіркеу куәлігі әлі күшіне енбеген.', ru: 'Регистрационное свидетельство ЭЦП ещё не действует.', en: 'The EDS certificate is not valid yet.' }],
  EDS_REVOKED: [422, { kk: 'ЭЦҚ тіркеу куәлігі кері қайтарылған (жойылған).', ru: 'Регистрационное свидетельство ЭЦП отозвано (аннулировано).', en: 'The EDS certificate has been revoked.' }],
  EDS_REVOCATION_UNKNOWN: [422, { kk: 'Куәліктің кері қайтарылу мәртебесін тексеру мүмкін болмады. Кейінірек қайталаңыз.', ru: 'Не удалось проверить, не отозвано ли свидетельство. Повторите позже.', en: 'Could not check whether the certificate is revoked. Try again later.' }],
  EDS_UNTRUSTED_ISSUER: [422, { kk: 'Куәлікті сенімді куәландырушы орталық бермеген.', ru: 'Свидетельство выдано недоверенным удостоверяющим центром.', en: 'The certificate was not issued by a trusted certification authority.' }],
  EDS_WRONG_KEY_USAGE: [422, { kk: 'Кілт бұл мақсатқа арналмаған: құжатқа SIGN кілтімен қол қойылады, жүйеге AUTH кілтімен кіреді.', ru: 'Ключ не предназначен для этой цели: документы подписываются ключом SIGN, вход выполняется ключом AUTH.', en: 'The key is not meant for this purpose: documents are signed with the SIGN key, sign-in uses the AUTH key.' }],
  EDS_IIN_MISMATCH: [422, { kk: 'Сұраныстағы ЖСН куәліктегі ЖСН-мен сәйкес келмейді.', ru: 'ИИН в запросе не совпадает с ИИН в свидетельстве.', en: 'The IIN in the request does not match the IIN in the certificate.' }],
  EDS_BIN_MISMATCH: [422, { kk: 'Сұраныстағы БСН куәліктегі БСН-мен сәйкес келмейді.', ru: 'БИН в запросе не совпадает с БИН в свидетельстве.', en: 'The BIN in the request does not match the BIN in the certificate.' }],
  PKI_BAD_PASSWORD: [422, { kk: 'Кілттер қоймасының құпиясөзі қате.', ru: 'Неверный пароль хранилища ключей.', en: 'Wrong keystore password.' }],
  PKI_MALFORMED_KEYSTORE: [400, { kk: 'Кілттер қоймасы (PKCS#12) бүлінген немесе пішімі қате.', ru: 'Хранилище ключей (PKCS#12) повреждено или имеет неверный формат.', en: 'The keystore (PKCS#12) is damaged or malformed.' }],
  PKI_CERT_NOT_FOUND: [404, { kk: 'Мұндай сериялық нөмірі бар куәлік жоқ.', ru: 'Свидетельство с таким серийным номером не найдено.', en: 'There is no certificate with this serial number.' }],
  PKI_ALREADY_REVOKED: [409, { kk: 'Куәлік бұрын кері қайтарылған.', ru: 'Свидетельство уже отозвано.', en: 'The certificate is already revoked.' }],
  PKI_INVALID_VALIDITY: [422, { kk: 'Қолданылу мерзімі қате: басталуы аяқталуынан бұрын және куәландырушы орталық куәлігінің мерзімі ішінде болуы керек.', ru: 'Неверный срок действия: начало раньше окончания и в пределах срока действия сертификата УЦ.', en: 'Invalid validity period: the start must precede the end and both must lie within the CA certificate validity.' }],
  PKI_INVALID_BIN: [422, { kk: 'БСН қате: 12 цифр және дұрыс бақылау разряды болуы керек.', ru: 'Неверный БИН: 12 цифр с правильным контрольным разрядом.', en: 'Invalid BIN: 12 digits with a correct check digit are required.' }],
  PKI_UNKNOWN_ORGANISATION: [422, { kk: 'Бұл БСН-мен заңды тұлға Заңды тұлғалар дерекқорында жоқ (немесе таратылған): ұйым қызметкерінің куәлігін беруге болмайды.', ru: 'Юридического лица с этим БИН нет в базе данных «Юридические лица» (или оно ликвидировано): сертификат работника выдать нельзя.', en: 'There is no (active) legal entity with this BIN in the legal entities database: an employee certificate cannot be issued.' }],
  PKI_CA_NOT_CONFIGURED: [503, { kk: 'Куәландырушы орталық бапталмаған.', ru: 'Удостоверяющий центр не настроен.', en: 'The certification authority is not configured.' }],
} as const satisfies Record<string, readonly [number, I18n]>;

export type PkiErrorCode = keyof typeof PKI_ERRORS;

/** The codes that can appear in a verification result. */
export type EdsCode = Extract<PkiErrorCode, `EDS_${string}`>;
