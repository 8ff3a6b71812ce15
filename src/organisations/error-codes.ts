/**
 * Stable codes of the organisations module (routing, intake) with their HTTP status and kk/ru/en
 * messages, in the shape of ERRORS in src/errors/errors.ts (spread there). Imports nothing at run time.
 */
import type { I18n } from '../registry/types.ts';

export const ORG_ERRORS = {
  NO_PROVIDER: [422, { kk: 'Бұл қызметті көрсетілген өңірде (ауданда) көрсететін ұйым жоқ немесе ұйымды анықтау үшін өңірді (ауданды) көрсету керек.', ru: 'Нет организации, оказывающей эту услугу в указанном регионе (районе), или для её выбора нужно указать регион (район).', en: 'No organisation provides this service in the region (district) given, or a region (district) is needed to choose one.' }],
  REGION_REQUIRED: [422, { kk: 'Өңірді таңдаңыз («region» өрісі): бұл қызметті әр өңірде әртүрлі ұйым көрсетеді, ал өңірді тіркелген мекенжайыңыздан анықтау мүмкін болмады.', ru: 'Выберите регион (поле «region»): эту услугу в разных регионах оказывают разные организации, а определить регион по вашему адресу регистрации не удалось.', en: 'Choose the region (the "region" field): different organisations provide this service in different regions, and the region could not be taken from your registered address.' }],
  NOT_FRONT_OFFICE: [403, { kk: 'Сіздің ұйымыңыз бұл қызмет бойынша өтініштерді қабылдамайды.', ru: 'Ваша организация не принимает заявления по этой услуге.', en: 'Your organisation does not accept applications for this service.' }],
  APPLICANT_REQUIRED: [422, { kk: 'Өтініш берушінің ЖСН-ін (БСН-ін) көрсетіңіз: қызметкер өтінішті өз атынан емес, өтініш берушінің атынан тіркейді.', ru: 'Укажите ИИН (БИН) заявителя: сотрудник регистрирует заявление от имени заявителя, а не от своего.', en: 'Give the applicant’s IIN (BIN): staff register an application in the applicant’s name, not their own.' }],
  REPRESENTATIVE_REQUIRED: [422, { kk: 'Өкіл жүгінгенде оның ЖСН-і мен сенімхаты (нөмірі, күні, нотариус) көрсетіледі.', ru: 'При обращении представителя указываются его ИИН и доверенность (номер, дата, нотариус).', en: 'When a representative applies, their IIN and power of attorney (number, date, notary) are required.' }],
} as const satisfies Record<string, readonly [number, I18n]>;
