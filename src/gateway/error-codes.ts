/**
 * Stable error codes of the e-government gateway with their HTTP status and kk/ru/en messages,
 * in the shape of ERRORS in src/errors/errors.ts, which spreads them in: the one catalogue of
 * every code. This file imports nothing at run time (no cycle with errors.ts).
 */
import type { I18n } from '../lib/i18n.ts';

export const GATEWAY_ERRORS = {
  GATEWAY_UNAVAILABLE: [503, { kk: 'Мемлекеттік ақпараттық жүйе уақытша қолжетімсіз. Сұранысты біраздан кейін қайталауға болады.', ru: 'Государственная информационная система временно недоступна. Запрос можно повторить немного позже.', en: 'The state information system is temporarily unavailable. The request can be retried a little later.' }],
  GATEWAY_TIMEOUT: [503, { kk: 'Мемлекеттік ақпараттық жүйе белгіленген уақытта жауап бермеді. Сұранысты қайталауға болады.', ru: 'Государственная информационная система не ответила вовремя. Запрос можно повторить.', en: 'The state information system did not answer in time. The request can be retried.' }],
  GATEWAY_ERROR: [503, { kk: 'Мемлекеттік ақпараттық жүйе сұранысты өңдей алмады. Сұранысты біраздан кейін қайталауға болады.', ru: 'Государственная информационная система не смогла обработать запрос. Запрос можно повторить немного позже.', en: 'The state information system could not process the request. The request can be retried a little later.' }],
  GATEWAY_REJECTED: [422, { kk: 'Мемлекеттік ақпараттық жүйе сұранысты қабылдамады: деректер қате.', ru: 'Государственная информационная система отклонила запрос: неверные данные.', en: 'The state information system rejected the request: the data are invalid.' }],
  CONSENT_REQUIRED: [403, { kk: 'Деректері сұралатын адамның күшіндегі келісімі жоқ (немесе келісім бұл мемлекеттік жүйені қамтымайды). Алдымен келісім алыңыз.', ru: 'Нет действующего согласия лица, чьи данные запрашиваются (или оно не распространяется на эту государственную систему). Сначала получите согласие.', en: 'There is no consent in force from the person whose data are requested (or it does not cover this state system). Obtain the consent first.' }],
  GATEWAY_NO_DATA: [422, { kk: 'Деректерді алу мүмкін емес: мемлекеттік дерекқорда мәліметтер жоқ.', ru: 'Невозможно получить данные: сведения в государственной базе данных отсутствуют.', en: 'Impossible to obtain the data: the state database has no record.' }],
} as const satisfies Record<string, readonly [number, I18n]>;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;
