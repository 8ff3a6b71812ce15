/**
 * A service's state duty in tenge on a date (README.md). Pure: the definition, the date, the
 * exemption claimed and the form values the caller knows.
 */
import { AppError } from '../errors/errors.ts';
import type { I18n } from '../lib/i18n.ts';
import { assessFees } from '../registry/fees.ts';
import type { Condition, FormField, ServiceDefinition } from '../registry/types.ts';
import { mciOn, tenge } from './mci.ts';

export interface FeeQuote {
  amountKzt: number;
  /** The MCI in force on the date, tenge. */
  mci: number;
  /** The duty in MCI (sum of the items that apply, an exempted item at 0). */
  rateMci: number;
  basis: I18n;
  items: Array<{ id: string; label: I18n; rateMci: number; exemptedBy: string | null }>;
  mciBasis: I18n;
}

/** The form fields a condition reads. */
export function conditionFields(c: Condition | undefined, out = new Set<string>()): Set<string> {
  if (!c) return out;
  if ('all' in c) c.all.forEach((x) => conditionFields(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFields(x, out));
  else if ('not' in c) conditionFields(c.not, out);
  else out.add(c.field);
  return out;
}

/** A query-string value as the form field's type holds it (booleans and numbers are not strings in a form). */
export function typedFact(field: FormField | undefined, raw: string): unknown {
  if (!field) return raw;
  if (field.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (field.type === 'integer' || field.type === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return raw;
}

const join = (parts: I18n[], sep: string): I18n => ({
  kk: parts.map((p) => p.kk).join(sep),
  ru: parts.map((p) => p.ru).join(sep),
  en: parts.map((p) => p.en).join(sep),
});

const FREE: I18n = { kk: 'Қызмет тегін көрсетіледі.', ru: 'Услуга оказывается бесплатно.', en: 'The service is free of charge.' };
const NOT_STATED: I18n = {
  kk: 'Стандартта мемлекеттік баж көрсетілмеген: көрсетушіден нақтылаңыз.',
  ru: 'Стандарт не указывает государственную пошлину: уточните у услугодателя.',
  en: 'The standard states no state duty: ask the provider.',
};
const EXEMPT: I18n = { kk: 'Босатылған', ru: 'Освобождено', en: 'Exempted' };

export function quoteFee(def: Pick<ServiceDefinition, 'fees' | 'form'>, q: { date: string; exemption?: string | undefined; values?: Record<string, unknown> }): FeeQuote {
  const m = mciOn(q.date);
  const values: Record<string, unknown> = { ...(q.values ?? {}) };
  const exemption = q.exemption ? def.fees.exemptions.find((x) => x.id === q.exemption) : undefined;
  if (q.exemption && !exemption) throw new AppError('FEE_EXEMPTION_UNKNOWN', { path: '/query/exemption', details: { known: def.fees.exemptions.map((x) => x.id) } });
  if (exemption) values.feeExemption = exemption.id;
  if (def.fees.kind !== 'state-duty') {
    return { amountKzt: 0, mci: m.value, rateMci: 0, basis: def.fees.kind === 'free' ? FREE : NOT_STATED, items: [], mciBasis: m.basis };
  }
  // The facts the rates (and the claimed exemption) depend on: never guessed.
  const needed = new Set<string>();
  for (const item of def.fees.items) conditionFields(item.condition?.when, needed);
  if (exemption) conditionFields(exemption.condition.when, needed);
  const missing = [...needed].filter((f) => values[f] === undefined || values[f] === '');
  if (missing.length) {
    const fields = missing.map((name) => {
      const f = def.form.fields.find((x) => x.name === name);
      return { name, label: f?.label ?? null, values: f?.options?.map((o) => o.value) ?? null };
    });
    throw new AppError('FEE_FACTS_REQUIRED', { path: `/query/${missing[0]}`, details: { fields } });
  }
  const a = assessFees(def, values);
  if (exemption && !a.items.some((x) => x.exemption?.id === exemption.id)) {
    throw new AppError('FEE_EXEMPTION_NOT_APPLICABLE', { path: '/query/exemption', details: { exemption: exemption.id, condition: exemption.condition.label } });
  }
  const rateMci = a.totalMci ?? 0;
  const lines = a.items.map((x) => (x.exemption ? join([x.item.label, { kk: `${EXEMPT.kk}: ${x.exemption.label.kk}`, ru: `${EXEMPT.ru}: ${x.exemption.label.ru}`, en: `${EXEMPT.en}: ${x.exemption.label.en}` }], ' — ') : x.item.label));
  const basis = lines.length ? join(lines, '; ') : FREE;
  return {
    amountKzt: tenge(rateMci, m.value),
    mci: m.value,
    rateMci,
    basis,
    items: a.items.map((x) => ({ id: x.item.id, label: x.item.label, rateMci: x.mci, exemptedBy: x.exemption?.id ?? null })),
    mciBasis: m.basis,
  };
}
