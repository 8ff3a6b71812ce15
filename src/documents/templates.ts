/**
 * The document templates as data, one per `result.template` of the definitions (README.md).
 * Each names its title in Kazakh and Russian, the annex its form comes from, the rows printed
 * first, paragraphs with `{placeholder}`s and the signatories. Placeholders: a decision field's
 * name, or `{applicant}`, `{application}`, `{filedAt}`, `{service}`, `{number}`, `{issuer}`.
 * The decision fields a template does not place are printed as rows after its own, so the
 * generic template (no entry here) prints them all.
 */

/** A text in both languages of the document (KZ state documents are bilingual). */
export interface Bi {
  kk: string;
  ru: string;
}

export type Builtin = 'applicant' | 'application' | 'filedAt' | 'service' | 'actRecord' | 'validUntil' | 'issuer';

export type RowSpec = { field: string } | { builtin: Builtin };

export interface Signatory {
  position: Bi;
  /** The official who signs (the head: the CMS signer), or the person a decision field names. */
  name: 'official' | { field: string };
}

export interface TemplateSpec {
  title: Bi;
  /** The form it follows, e.g. annex 7 of the regulation. */
  annex?: Bi;
  rows?: RowSpec[];
  paragraphs?: Bi[];
  /** Rows after the paragraphs (a reference's validity). */
  footRows?: RowSpec[];
  /** Decision fields not printed on their own (the signatory's name the head typed: the CMS signer's is printed). */
  consumes?: string[];
  signatories?: Signatory[];
}

const HEAD: Signatory = { position: { kk: 'Басшы', ru: 'Руководитель' }, name: 'official' };
const AUTHORISED: Signatory = { position: { kk: 'Уәкілетті лауазымды тұлға', ru: 'Уполномоченное должностное лицо' }, name: 'official' };
const REGISTRAR: Signatory = { position: { kk: 'Тіркеуші органның басшысы', ru: 'Руководитель регистрирующего органа' }, name: 'official' };

/** A civil-status certificate: the act record and the applicant, then what the executor wrote. */
const certificate = (kk: string, ru: string): TemplateSpec => ({
  title: { kk, ru },
  rows: [{ builtin: 'actRecord' }, { builtin: 'applicant' }, { builtin: 'issuer' }],
  signatories: [REGISTRAR],
});

export const TEMPLATES: Record<string, TemplateSpec> = {
  // 001 annex 7 (L539–L577): the output form of a positive answer.
  'archival-reference': {
    title: { kk: 'МҰРАҒАТТЫҚ АНЫҚТАМА', ru: 'АРХИВНАЯ СПРАВКА' },
    annex: { kk: 'Регламенттің 7-қосымшасы бойынша нысан', ru: 'Форма по приложению 7 к регламенту' },
    rows: [{ builtin: 'application' }, { builtin: 'filedAt' }, { builtin: 'applicant' }, { field: 'referenceType' }, { field: 'period' }, { field: 'content' }, { field: 'basis' }],
    signatories: [
      { position: { kk: 'Мұрағат директоры', ru: 'Директор архива' }, name: 'official' },
      { position: { kk: 'Мұрағатшы', ru: 'Архивист' }, name: { field: 'archivist' } },
    ],
  },
  // 004 annex 3 (L102–L118).
  'guardianship-reference': {
    title: { kk: 'ҚОРҒАНШЫЛЫҚ ЖӘНЕ ҚАМҚОРШЫЛЫҚ ЖӨНІНДЕ АНЫҚТАМА', ru: 'СПРАВКА ПО ОПЕКЕ И ПОПЕЧИТЕЛЬСТВУ' },
    annex: { kk: 'Стандарттың 3-қосымшасы бойынша нысан', ru: 'Форма по приложению 3 к стандарту' },
    paragraphs: [
      {
        kk: 'Осы анықтама {guardianAddress} мекенжайында тұратын азамат(ша) {guardianFullName} шынымен де (қала, аудан) әкімінің {akimDecisionDate} № {akimDecisionNumber} шешімімен {wardBirthDate} жылы туған {wardFullName} және оның мүлкіне {appointment} болып тағайындалғаны туралы берілді ({property}).',
        ru: 'Настоящая справка выдана гражданину(ке) {guardianFullName}, проживающему(ей) по адресу: {guardianAddress}, в том, что он(а) действительно решением акима (города, района) № {akimDecisionNumber} от {akimDecisionDate} назначен(а) {appointment} над {wardFullName}, {wardBirthDate} года рождения, и его (её) имуществом ({property}).',
      },
      {
        kk: 'Қорғаншыға (қамқоршыға) қамқорлықтағы адамды тәрбиелеу, оқыту, оны қоғамдық пайдалы қызметке даярлау, оның жеке мүліктік құқықтарын қорғау және сақтау, сотта және барлық мемлекеттік мекемелерде арнайы өкілеттіксіз өкілдік ету міндеті жүктеледі.',
        ru: 'На опекуна (попечителя) возлагается обязанность по воспитанию, обучению подопечного, подготовке его к общественно полезной деятельности, защите и сохранению его личных имущественных прав, представительству в суде и во всех государственных учреждениях без особых полномочий.',
      },
    ],
    footRows: [{ builtin: 'validUntil' }],
    consumes: ['headFullName'],
    signatories: [{ position: { kk: 'Аудандық/қалалық білім бөлімінің басшысы', ru: 'Руководитель отдела образования района/города' }, name: 'official' }],
  },
  // 004 cl.5 (L142–L144): annexes 3–5 are not in the source; the executor writes the text.
  'minor-deposit-reference': {
    title: { kk: 'КӘМЕЛЕТКЕ ТОЛМАҒАНДАРДЫҢ САЛЫМДАРЫНА ЖӘНЕ МҮЛКІНЕ ИЕЛІК ЕТУ ҮШІН АНЫҚТАМА', ru: 'СПРАВКА ДЛЯ РАСПОРЯЖЕНИЯ ВКЛАДАМИ И ИМУЩЕСТВОМ НЕСОВЕРШЕННОЛЕТНИХ' },
    rows: [{ builtin: 'applicant' }, { builtin: 'validUntil' }],
    signatories: [{ position: { kk: 'Білім басқармасының (бөлімінің) басшысы', ru: 'Руководитель управления (отдела) образования' }, name: 'official' }],
  },
  'end-user-certificate': {
    title: { kk: 'КЕПІЛДІК МІНДЕТТЕМЕ (ТҮПКІЛІКТІ ПАЙДАЛАНУШЫНЫҢ СЕРТИФИКАТЫ)', ru: 'ГАРАНТИЙНОЕ ОБЯЗАТЕЛЬСТВО (СЕРТИФИКАТ КОНЕЧНОГО ПОЛЬЗОВАТЕЛЯ)' },
    rows: [{ builtin: 'applicant' }, { builtin: 'application' }],
    signatories: [AUTHORISED],
  },
  'processing-permit': {
    title: { kk: 'ӨНІМДІ ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ АУМАҒЫНАН ТЫС ЖЕРДЕ ӨҢДЕУГЕ РҰҚСАТ', ru: 'РАЗРЕШЕНИЕ НА ПЕРЕРАБОТКУ ПРОДУКЦИИ ВНЕ ТЕРРИТОРИИ РЕСПУБЛИКИ КАЗАХСТАН' },
    rows: [{ builtin: 'applicant' }, { builtin: 'application' }],
    signatories: [AUTHORISED],
  },
  // Decided at once by the system (src/automation): the decision data is the person and their registration, the seal signs.
  'address-reference': {
    title: { kk: 'МЕКЕНЖАЙ АНЫҚТАМАСЫ', ru: 'АДРЕСНАЯ СПРАВКА' },
    rows: [{ builtin: 'applicant' }, { builtin: 'application' }],
    paragraphs: [
      {
        kk: 'Осы анықтама {subjectName} (ЖСН {subjectIin}, туған күні {subjectBirthDate}) {registeredSince} бастап мына мекенжай бойынша тұрақты тіркелгенін растайды: {address}.',
        ru: 'Настоящая справка подтверждает, что {subjectName} (ИИН {subjectIin}, дата рождения {subjectBirthDate}) с {registeredSince} постоянно зарегистрирован(а) по адресу: {address}.',
      },
    ],
    consumes: ['text'],
    signatories: [AUTHORISED],
  },
  'identity-document': {
    title: { kk: 'ЖЕКЕ БАСТЫ КУӘЛАНДЫРАТЫН ҚҰЖАТТЫ БЕРУ ТУРАЛЫ ШЕШІМ', ru: 'РЕШЕНИЕ О ВЫДАЧЕ ДОКУМЕНТА, УДОСТОВЕРЯЮЩЕГО ЛИЧНОСТЬ' },
    rows: [{ builtin: 'applicant' }, { builtin: 'application' }],
    signatories: [HEAD],
  },
  // The civil-status certificates (003, S7–S15).
  'birth-certificate': certificate('ТУУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО О РОЖДЕНИИ'),
  'marriage-certificate': certificate('НЕКЕ ҚИЮДЫ МЕМЛЕКЕТТІК ТІРКЕУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО О ГОСУДАРСТВЕННОЙ РЕГИСТРАЦИИ ЗАКЛЮЧЕНИЯ БРАКА'),
  'divorce-certificate': certificate('НЕКЕНІ БҰЗУДЫ МЕМЛЕКЕТТІК ТІРКЕУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО О ГОСУДАРСТВЕННОЙ РЕГИСТРАЦИИ РАСТОРЖЕНИЯ БРАКА'),
  'death-certificate': certificate('ҚАЙТЫС БОЛУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО О СМЕРТИ'),
  'paternity-certificate': certificate('ӘКЕ БОЛУДЫ АНЫҚТАУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО ОБ УСТАНОВЛЕНИИ ОТЦОВСТВА'),
  'name-change-certificate': certificate('АТЫН, ӘКЕСІНІҢ АТЫН, ТЕГІН АУЫСТЫРУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО О ПЕРЕМЕНЕ ИМЕНИ, ОТЧЕСТВА, ФАМИЛИИ'),
  'adoption-certificate': certificate('БАЛА АСЫРАП АЛУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО ОБ УСЫНОВЛЕНИИ (УДОЧЕРЕНИИ)'),
  'civil-status-certificate': certificate('АЗАМАТТЫҚ ХАЛ АКТІСІН МЕМЛЕКЕТТІК ТІРКЕУ ТУРАЛЫ КУӘЛІК', 'СВИДЕТЕЛЬСТВО О ГОСУДАРСТВЕННОЙ РЕГИСТРАЦИИ АКТА ГРАЖДАНСКОГО СОСТОЯНИЯ'),
  'civil-registry-reference': certificate('АЗАМАТТЫҚ ХАЛ АКТІСІН ТІРКЕУ ТУРАЛЫ ҚАЙТАЛАМА КУӘЛІК (АНЫҚТАМА)', 'ПОВТОРНОЕ СВИДЕТЕЛЬСТВО (СПРАВКА) О РЕГИСТРАЦИИ АКТА ГРАЖДАНСКОГО СОСТОЯНИЯ'),
};

/** The reasoned refusal letter (every service: grounds from its standard, reasons in words). */
export const REFUSAL = {
  title: { kk: 'БАС ТАРТУ ТУРАЛЫ ДӘЛЕЛДІ ЖАУАП', ru: 'МОТИВИРОВАННЫЙ ОТВЕТ ОБ ОТКАЗЕ' },
  intro: {
    kk: '{filedAt} берілген № {application} өтініш бойынша «{service}» мемлекеттік қызметін көрсетуден мына негіздер бойынша бас тартылады:',
    ru: 'По заявлению № {application} от {filedAt} в оказании государственной услуги «{service}» отказано по следующим основаниям:',
  },
  grounds: { kk: 'Бас тарту негіздері (қызмет стандарты)', ru: 'Основания для отказа (стандарт услуги)' },
  reasons: { kk: 'Дәлелдеме', ru: 'Обоснование' },
  complaints: { kk: 'Шешімге шағым жасау тәртібі', ru: 'Порядок обжалования решения' },
  signatories: [HEAD] as Signatory[],
} as const;

/** Words of the frame every document shares. */
export const FRAME = {
  number: { kk: 'Құжат нөмірі', ru: 'Номер документа' },
  issued: { kk: 'Берілген күні', ru: 'Дата выдачи' },
  application: { kk: 'Өтініш нөмірі', ru: 'Номер заявления' },
  filedAt: { kk: 'Өтініш берілген күні', ru: 'Дата подачи заявления' },
  applicant: { kk: 'Көрсетілетін қызметті алушы', ru: 'Услугополучатель' },
  service: { kk: 'Мемлекеттік көрсетілетін қызмет', ru: 'Государственная услуга' },
  issuer: { kk: 'Берген орган', ru: 'Орган, выдавший документ' },
  actRecord: { kk: 'Акт жазбасы', ru: 'Актовая запись' },
  validUntil: { kk: 'Жарамдылық мерзімі', ru: 'Срок действия' },
  validUntilText: { kk: '{date} дейін жарамды', ru: 'действительна до {date}' },
  signedWith: { kk: 'Электрондық цифрлық қолтаңбамен қол қойылады', ru: 'Подписывается электронной цифровой подписью' },
  egov: { kk: '«Электрондық үкімет» ақпараттық жүйесі арқылы қалыптастырылды', ru: 'Сформировано информационной системой «электронного правительства»' },
  verify: { kk: 'Түпнұсқалығын тексеру', ru: 'Проверка подлинности' },
  page: { kk: 'бет', ru: 'стр.' },
  none: { kk: '—', ru: '—' },
} as const;
