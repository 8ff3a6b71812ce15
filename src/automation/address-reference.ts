/**
 * S4 — address reference (мекенжай анықтамасы / адресная справка), online, for oneself or for
 * one's child or spouse after the civil registry confirms the relationship (digest §3 S4, §2.26).
 */
import { AppError } from '../errors/errors.ts';
import { requireData } from '../gateway/gateway.ts';
import type { I18n } from '../registry/types.ts';
import type { InstantHandler } from './instant.ts';

const TITLE: I18n = { kk: 'МЕКЕНЖАЙ АНЫҚТАМАСЫ', ru: 'АДРЕСНАЯ СПРАВКА', en: 'ADDRESS REFERENCE' };
const ISSUER: I18n = {
  kk: 'Қазақстан Республикасы Ішкі істер министрлігі (имитацияланған жүйе)',
  ru: 'Министерство внутренних дел Республики Казахстан (имитируемая система)',
  en: 'Ministry of Internal Affairs of the Republic of Kazakhstan (simulated system)',
};
const NOT_CONFIRMED: I18n = {
  kk: 'Азаматтық хал актілерінің электрондық тізілімінде сіз бен көрсетілген адамның туыстық байланысы расталмады.',
  ru: 'Родственная связь между вами и указанным лицом не подтверждена электронным реестром актов гражданского состояния.',
  en: 'The civil registry does not confirm the relationship between you and the person named.',
};

/**
 * A refusal as the applicant reads it: the ground in words and what to do next, per ground code
 * (the registry's reason, NOT_CONFIRMED, or the persons DB's). The code stays in the document for
 * machines; people never see it.
 */
export const REFUSAL_GROUNDS: Record<string, { ground: I18n; next: I18n }> = {
  NO_RECORD: {
    ground: {
      kk: 'Азаматтық хал актілерінің тізілімінде туыстық байланыс туралы жазба жоқ',
      ru: 'В реестре актов гражданского состояния нет записи о родстве',
      en: 'The civil registry has no record of the relationship',
    },
    next: {
      kk: 'Енгізілген ЖСН-ды тексеріңіз. Ол дұрыс болса, туыстықты растайтын құжатпен (туу немесе неке туралы куәлік) халыққа қызмет көрсету орталығына жүгініңіз: оператор оны сол жерде тексереді.',
      ru: 'Проверьте введённый ИИН. Если он верен, обратитесь в ЦОН с документом, подтверждающим родство (свидетельство о рождении или о браке): оператор проверит его на месте.',
      en: 'Check the IIN you entered. If it is right, apply at a public service centre with the document that proves the relationship (a birth or marriage certificate): the operator checks it there.',
    },
  },
  BIRTH_RECORD_BEFORE_CUTOFF: {
    ground: {
      kk: 'Туу туралы акт жазбасы тек қағаз түрінде бар (2007 жылғы 13 тамызға дейін жасалған)',
      ru: 'Запись акта о рождении есть только на бумаге (составлена до 13 августа 2007 года)',
      en: 'The birth record exists on paper only (it was made before 13 August 2007)',
    },
    next: {
      kk: 'Баланың туу туралы куәлігімен халыққа қызмет көрсету орталығына жүгініңіз: анықтама сол жерде беріледі.',
      ru: 'Обратитесь в ЦОН со свидетельством о рождении ребёнка: справку выдадут там.',
      en: "Apply at a public service centre with the child's birth certificate: the reference is issued there.",
    },
  },
  MARRIAGE_BEFORE_2008: {
    ground: {
      kk: 'Неке туралы акт жазбасы тек қағаз түрінде бар (неке 2008 жылға дейін тіркелген)',
      ru: 'Запись акта о браке есть только на бумаге (брак зарегистрирован до 2008 года)',
      en: 'The marriage record exists on paper only (the marriage was registered before 2008)',
    },
    next: {
      kk: 'Неке туралы куәлікпен халыққа қызмет көрсету орталығына жүгініңіз: анықтама сол жерде беріледі.',
      ru: 'Обратитесь в ЦОН со свидетельством о браке: справку выдадут там.',
      en: 'Apply at a public service centre with the marriage certificate: the reference is issued there.',
    },
  },
  DIVORCED: {
    ground: { kk: 'Неке бұзылған', ru: 'Брак расторгнут', en: 'The marriage has been dissolved' },
    next: {
      kk: 'Онлайн анықтама тек қазіргі жұбайға беріледі. Бұрынғы жұбай анықтаманы өзі ала алады, немесе оның нотариат куәландырған келісімімен халыққа қызмет көрсету орталығына жүгініңіз.',
      ru: 'Онлайн справка выдаётся только на действующего супруга. Бывший супруг может получить справку сам, либо обратитесь в ЦОН с его нотариально удостоверенным согласием.',
      en: 'Online, the reference is issued for a current spouse only. Your former spouse can get it themselves, or apply at a public service centre with their notarised consent.',
    },
  },
  SPOUSE_DECEASED: {
    ground: { kk: 'Неке жұбайдың қайтыс болуына байланысты тоқтатылған', ru: 'Брак прекращён в связи со смертью супруга', en: 'The marriage ended with the death of a spouse' },
    next: {
      kk: 'Бұл анықтама онлайн берілмейді. Неке және қайтыс болу туралы куәліктермен халыққа қызмет көрсету орталығына жүгініңіз: оператор не берілетінін айтады.',
      ru: 'Онлайн эта справка не выдаётся. Обратитесь в ЦОН со свидетельствами о браке и о смерти: оператор скажет, что можно получить.',
      en: 'This reference is not issued online. Apply at a public service centre with the marriage and death certificates: the operator will tell you what can be issued.',
    },
  },
  SAME_PERSON: {
    ground: { kk: 'Енгізілген ЖСН — сіздің өз ЖСН-ыңыз', ru: 'Указан ваш собственный ИИН', en: 'The IIN you entered is your own' },
    next: { kk: '«Кімге» өрісінде «өзіме» дегенді таңдап, өтінішті қайта беріңіз.', ru: 'Выберите «на себя» и подайте заявление ещё раз.', en: 'Choose “myself” and apply again.' },
  },
  NOT_CONFIRMED: {
    ground: {
      kk: 'Азаматтық хал актілерінің тізілімі туыстық байланысты растамады',
      ru: 'Реестр актов гражданского состояния не подтвердил родство',
      en: 'The civil registry does not confirm the relationship',
    },
    next: {
      kk: 'Таңдалған туыстықты және ЖСН-ды тексеріңіз. Олар дұрыс болса, туыстықты растайтын құжатпен халыққа қызмет көрсету орталығына жүгініңіз.',
      ru: 'Проверьте выбранное родство и ИИН. Если всё верно, обратитесь в ЦОН с документом, подтверждающим родство.',
      en: 'Check the relation you chose and the IIN. If both are right, apply at a public service centre with the document that proves the relationship.',
    },
  },
  NO_SUCH_PERSON: {
    ground: { kk: 'Бұл ЖСН жеке тұлғалар дерекқорында жоқ', ru: 'Лица с таким ИИН нет в базе данных физических лиц', en: 'There is no person with this IIN in the database of individuals' },
    next: { kk: 'ЖСН-ды тексеріп, өтінішті қайта беріңіз.', ru: 'Проверьте ИИН и подайте заявление ещё раз.', en: 'Check the IIN and apply again.' },
  },
};

const OTHER_GROUND_NEXT: I18n = {
  kk: 'Өтінішті қайта беруге немесе халыққа қызмет көрсету орталығына жүгінуге болады.',
  ru: 'Можно подать заявление ещё раз или обратиться в ЦОН.',
  en: 'You can apply again, or apply at a public service centre.',
};

/** The refusal document: the code, the registry's own message, and the ground in words with what to do next. */
function refusal(ground: string, message: I18n, subjectIin: string) {
  const words = REFUSAL_GROUNDS[ground];
  return {
    kind: 'refusal' as const,
    reason: words?.ground ?? message,
    document: { type: 'reasoned-refusal', ground, groundText: words?.ground ?? message, message, nextSteps: words?.next ?? OTHER_GROUND_NEXT, subjectIin },
  };
}

/** Why the registry did not confirm the relation asked for — only reasons about that kind of relation. */
const REASONS_FOR: Record<'child' | 'spouse', ReadonlySet<string>> = {
  child: new Set(['NO_RECORD', 'BIRTH_RECORD_BEFORE_CUTOFF', 'SAME_PERSON']),
  spouse: new Set(['NO_RECORD', 'MARRIAGE_BEFORE_2008', 'DIVORCED', 'SPOUSE_DECEASED', 'SAME_PERSON']),
};

const onlineOnly = () =>
  new AppError('VALIDATION_FAILED', {
    path: '/form/subject',
    errors: [{ path: '/form/subject', code: 'OPTION_NOT_ON_CHANNEL', message: { kk: 'Онлайн анықтаманы жеке тұлға тек өзіне, балаңызға немесе жұбайыңызға алады; басқа туысқанға және заңды тұлғаларға — ХҚКО-да.', ru: 'Онлайн справку физическое лицо получает только на себя, ребёнка или супруга; на другого родственника и для юридических лиц — в ЦОН.', en: 'Online, an individual gets the reference only for themselves, their child or their spouse; for another relative, and for legal entities, apply at a public service centre.' } }],
  });

/** Online the reference is for oneself, one's child or spouse only (digest S4); other relatives apply at a centre. */
const ONLINE_SUBJECTS = new Set(['self', 'child', 'spouse']);

export const addressReference: InstantHandler = async (ctx, applicant, form, meta) => {
  // Only individuals on the portal (the form refuses a legal entity there): a legal entity's subject fields are hidden.
  if (form.applicantKind === 'legal-entity') throw onlineOnly();
  const subject = (form.subject as string | undefined) ?? 'self';
  // The form already refuses other choices on the portal (option channels); this guards the reads themselves.
  if (!ONLINE_SUBJECTS.has(subject)) throw onlineOnly();
  const subjectIin = subject === 'self' ? applicant.iin : String(form.subjectIin ?? '');
  // The signed application is the applicant's consent (written with the application): the gateway checks every read against it.
  const grant = { id: meta.consentId, subjectIin: applicant.iin, systems: meta.systems };
  // The reads' call-log rows go with the decision into the submission statement (meta.logInto).
  const send = { sender: 'qyzmet-portal', purpose: 'address-reference', actorId: applicant.id, consentId: meta.consentId, correlationId: meta.correlationId, grant, ...(meta.logInto ? { logInto: meta.logInto } : {}) };
  let relative: { iin: string; relation: 'child' | 'spouse' } | undefined;

  if (subject === 'child' || subject === 'spouse') {
    // The check searches the applicant's own civil records (as parent or spouse): the service names the applicant as its subject.
    const rel = requireData(await ctx.gateway.send('civil-registry', 'checkRelationship', { applicantIin: applicant.iin, subjectIin }, send));
    if (rel.relation !== subject) {
      // E.g. "my child" naming an ex-wife: the registry's reason (DIVORCED) is about another relation; say "not confirmed".
      const own = rel.reason && REASONS_FOR[subject].has(rel.reason) ? rel : null;
      return refusal(own?.reason ?? 'NOT_CONFIRMED', own?.message ?? NOT_CONFIRMED, subjectIin);
    }
    // A child or spouse the registry has just confirmed: no consent of their own is needed (digest S4).
    relative = { iin: subjectIin, relation: subject };
  }
  // Whose data each read is comes from the request itself (the services declare their subject).
  const read = relative ? { ...send, relative } : send;
  const person = await ctx.gateway.send('persons', 'getPerson', { iin: subjectIin }, read);
  if (person.status !== 'ok') return refusal(person.reason, person.message, subjectIin);
  const history = requireData(await ctx.gateway.send('persons', 'getAddressHistory', { iin: subjectIin }, read));
  const current = history.registrations.find((r) => r.current && r.kind === 'permanent') ?? null;
  const p = person.data;
  return {
    kind: 'document',
    document: {
      type: 'address-reference',
      title: TITLE,
      issuer: ISSUER,
      subject: { iin: p.iin, surname: p.surname, givenName: p.givenName, patronymic: p.patronymic, birthDate: p.birthDate, relation: subject },
      currentRegistration: current ? { since: current.from, address: current.address.text, region: current.address.region } : null,
      registrations: history.registrations.map((r) => ({ kind: r.kind, from: r.from, to: r.to, address: r.address.text })),
      purpose: form.purpose ?? null,
    },
  };
};
