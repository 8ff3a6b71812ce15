/**
 * Stable codes of the documents module with their HTTP status and kk/ru/en messages, in the shape
 * of ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time (no import cycle).
 */
import type { I18n } from '../lib/i18n.ts';

export const DOCUMENT_ERRORS = {
  DOCUMENT_NUMBER_INVALID: [
    400,
    {
      kk: 'Құжат нөмірі қате: ол KZ-DOC-26-00000001-5 түрінде болуы керек және соңғы бақылау цифры сәйкес келуі тиіс. Нөмірді құжаттан қайта тексеріңіз.',
      ru: 'Неверный номер документа: он имеет вид KZ-DOC-26-00000001-5, и последняя контрольная цифра должна совпадать. Сверьте номер с документом.',
      en: 'Invalid document number: it looks like KZ-DOC-26-00000001-5 and its last (check) digit must match. Check the number against the document.',
    },
  ],
  DOCUMENT_NOT_FOUND: [404, { kk: 'Мұндай нөмірлі құжат берілмеген.', ru: 'Документ с таким номером не выдавался.', en: 'No document with this number has been issued.' }],
  DOCUMENT_FORBIDDEN: [
    403,
    {
      kk: 'Құжатты тек оны алушы және оны берген ұйымның қызметкерлері жүктей алады. Түпнұсқалығын кез келген адам «Құжатты тексеру» бетінен тексере алады.',
      ru: 'Документ может скачать только его получатель и сотрудники выдавшей его организации. Подлинность может проверить любой на странице «Проверка документа».',
      en: 'Only the person the document was issued to and the staff of the issuing organisation may download it. Anyone can check that it is authentic on the verification page.',
    },
  ],
  DOCUMENT_NOT_SIGNED: [
    409,
    {
      kk: 'Құжатқа әлі қол қойылған жоқ. Лауазымды тұлға қол қойғаннан кейін ол жеке кабинетте пайда болады.',
      ru: 'Документ ещё не подписан. Он появится в личном кабинете после подписания должностным лицом.',
      en: 'The document has not been signed yet. It appears in the personal cabinet once the official has signed it.',
    },
  ],
  DOCUMENT_ALREADY_SIGNED: [409, { kk: 'Құжатқа қол қойылып қойған; екінші қолтаңба қабылданбайды.', ru: 'Документ уже подписан; повторная подпись не принимается.', en: 'The document is already signed; a second signature is not accepted.' }],
  DOCUMENT_REVOKED: [409, { kk: 'Құжаттың күші жойылған.', ru: 'Документ отозван.', en: 'The document has been revoked.' }],
  DOCUMENT_REPLACEMENT_INVALID: [
    422,
    {
      kk: 'Ауыстыратын құжат сол өтініш бойынша берілген, күші жойылмаған басқа құжат болуы керек.',
      ru: 'Заменяющий документ должен быть другим, неотозванным документом по тому же заявлению.',
      en: 'The replacing document must be another, non-revoked document of the same application.',
    },
  ],
} as const satisfies Record<string, readonly [number, I18n]>;
