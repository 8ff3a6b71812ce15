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
      const message = own?.message ?? NOT_CONFIRMED;
      return {
        kind: 'refusal',
        reason: message,
        document: { type: 'reasoned-refusal', ground: own?.reason ?? 'NOT_CONFIRMED', message, subjectIin },
      };
    }
    // A child or spouse the registry has just confirmed: no consent of their own is needed (digest S4).
    relative = { iin: subjectIin, relation: subject };
  }
  // Whose data each read is comes from the request itself (the services declare their subject).
  const read = relative ? { ...send, relative } : send;
  const person = await ctx.gateway.send('persons', 'getPerson', { iin: subjectIin }, read);
  if (person.status !== 'ok') return { kind: 'refusal', reason: person.message, document: { type: 'reasoned-refusal', ground: person.reason, message: person.message, subjectIin } };
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
