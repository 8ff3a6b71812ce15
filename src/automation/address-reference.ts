/**
 * S4 — address reference (мекенжай анықтамасы / адресная справка), online, for oneself or for
 * one's child or spouse after the civil registry confirms the relationship (digest §3 S4, §2.26).
 */
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

export const addressReference: InstantHandler = async (ctx, applicant, form, meta) => {
  const subject = (form.subject as string | undefined) ?? 'self';
  const subjectIin = subject === 'self' ? applicant.iin : String(form.subjectIin ?? '');
  const send = { sender: 'qyzmet-portal', purpose: 'address-reference', actorId: applicant.id, consentId: meta.consentId, correlationId: meta.correlationId };

  if (subject === 'child' || subject === 'spouse') {
    // The check searches the applicant's own civil records (as parent or spouse): logged as access to the applicant's data.
    const rel = requireData(await ctx.gateway.send('civil-registry', 'checkRelationship', { applicantIin: applicant.iin, subjectIin }, { ...send, subjectIin: applicant.iin }));
    if (rel.relation !== subject) {
      return {
        kind: 'refusal',
        reason: rel.message ?? NOT_CONFIRMED,
        document: { type: 'reasoned-refusal', ground: rel.reason ?? 'NOT_CONFIRMED', message: rel.message ?? NOT_CONFIRMED, subjectIin },
      };
    }
  }
  const person = await ctx.gateway.send('persons', 'getPerson', { iin: subjectIin }, { ...send, subjectIin });
  if (person.status !== 'ok') return { kind: 'refusal', reason: person.message, document: { type: 'reasoned-refusal', ground: person.reason, message: person.message, subjectIin } };
  const history = requireData(await ctx.gateway.send('persons', 'getAddressHistory', { iin: subjectIin }, { ...send, subjectIin }));
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
