/**
 * The signed document of a result decided at once (README.md, "The signed document"): the
 * handler's result (or refusal) as the decision data of the service's template (src/documents),
 * prepared and signed with the seal of the provider's information system in the decision's
 * transaction — so it verifies on /verify like one an official signed.
 */
import { formatDmy } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { prepareDocument } from '../documents/documents.ts';
import { type Seal, sealDocument } from '../documents/seal.ts';
import type { I18n } from '../registry/types.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const dmy = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDmy(v) : str(v));
const isI18n = (v: unknown): v is I18n => typeof v === 'object' && v !== null && typeof (v as I18n).kk === 'string' && typeof (v as I18n).ru === 'string';

/** The decision data of the address reference's template (templates.ts `address-reference`): the person and their permanent registration. */
function addressData(doc: Record<string, unknown>): Record<string, unknown> {
  const p = (doc.subject ?? {}) as Record<string, unknown>;
  const reg = (doc.currentRegistration ?? null) as Record<string, unknown> | null;
  const name = [p.surname, p.givenName, p.patronymic].map(str).filter(Boolean).join(' ');
  return {
    subjectName: name || '—',
    subjectIin: str(p.iin) || '—',
    subjectBirthDate: dmy(p.birthDate) || '—',
    address: reg && isI18n(reg.address) ? { kk: reg.address.kk, ru: reg.address.ru } : reg ? str(reg.address) || '—' : '—',
    registeredSince: reg ? dmy(reg.since) || '—' : '—',
  };
}

/** The decision of an outcome: approve with the template's data, or refuse with the ground in words. */
export function outcomeDecision(kind: 'document' | 'refusal', doc: Record<string, unknown>, reason?: I18n): { kind: 'approve' | 'refuse'; data: Record<string, unknown> } {
  if (kind === 'document') return { kind: 'approve', data: doc.type === 'address-reference' ? addressData(doc) : { text: JSON.stringify(doc) } };
  const ground = str(doc.ground) || 'refused';
  const words = isI18n(doc.groundText) ? doc.groundText : (reason ?? null);
  const message = isI18n(doc.message) ? doc.message : null;
  const next = isI18n(doc.nextSteps) ? doc.nextSteps : null;
  const text = [message && message !== words ? `${message.kk}\n${message.ru}` : null, next ? `${next.kk}\n${next.ru}` : null].filter(Boolean).join('\n');
  return { kind: 'refuse', data: { grounds: [ground], groundTexts: [words], ...(text ? { text } : {}) } };
}

export interface DecidedApplication {
  id: string;
  number: string;
  applicant_iin: string | null;
  applicant_id: string | null;
  filed_at: Date;
  service_code: string;
  service_version: number;
  provider_org: string | null;
}

/** Prepare the outcome's document and sign it with the seal (inside the decision's transaction). Null: no seal or no definition. */
export async function sealedOutcomeDocument(
  ctx: AppContext,
  q: Queryable,
  app: DecidedApplication,
  seal: Seal | null,
  outcome: { kind: 'document' | 'refusal'; document: Record<string, unknown>; reason?: I18n | undefined },
  now: Date,
): Promise<string | null> {
  const def = ctx.registry.get(app.service_code, app.service_version);
  if (!seal || !def || !app.provider_org) return null;
  const d = await prepareDocument(ctx, q, {
    application: app,
    decision: outcomeDecision(outcome.kind, outcome.document, outcome.reason),
    def,
    org: app.provider_org,
    official: { name: seal.name, iin: null },
    now,
  });
  await sealDocument(q, seal, d.number, d.bytes, now);
  return d.number;
}
