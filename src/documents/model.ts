/**
 * From what a document says to what its pages show (pure): the template of the definition's
 * `result.template` (templates.ts) or the generic one, filled with the decision's data, the
 * application, the issuing body and the official. `render.ts` draws the model.
 */
import { formatDmy, localDate } from '../calendar/time.ts';
import { isValidBin } from '../ids/iin.ts';
import type { Duration, FormField, I18n, ServiceDefinition } from '../registry/types.ts';
import { type Bi, type Builtin, FRAME, REFUSAL, type RowSpec, type Signatory, TEMPLATES, type TemplateSpec } from './templates.ts';

export type DocumentKind = 'result' | 'refusal';

export interface RenderInput {
  kind: DocumentKind;
  number: string;
  issuedAt: Date;
  /** The public address of the deployment: the QR code points to `${publicBaseUrl}/verify/{number}`. */
  publicBaseUrl: string;
  def: Pick<ServiceDefinition, 'code' | 'version' | 'name' | 'result' | 'refusalGrounds' | 'complaints'>;
  application: { number: string; filedAt: Date; applicantName: string | null; applicantIin: string | null };
  /** approve: the decision fields' values; refuse: `{ grounds: string[], groundTexts?, text? }`. */
  decision: Record<string, unknown>;
  issuer: { id: string; name: I18n };
  official: { name: string };
  /** The civil registry's act record, when the service wrote one (it goes onto the certificate). */
  actRecord?: { number: string; date?: string | null } | null;
}

export type Block =
  /** A label and a short value side by side. */
  | { type: 'row'; label: Bi; value: string }
  /** A label, then a long text under it across the page. */
  | { type: 'text'; label: Bi; value: string }
  /** A paragraph in both languages (Kazakh first). */
  | { type: 'para'; text: Bi }
  /** A label and numbered bilingual items. */
  | { type: 'list'; label: Bi; items: Bi[] };

export interface DocumentModel {
  number: string;
  issuedAt: Date;
  /** DD.MM.YYYY, Kazakhstan time. */
  issueDate: string;
  issuer: Bi;
  title: Bi;
  annex: Bi | null;
  blocks: Block[];
  signatories: Array<{ position: Bi; name: string }>;
  verifyUrl: string;
  info: { title: string; subject: string; author: string; keywords: string };
}

/** The fields of a decision (the definition's, or the one text field the back office asks for without them). */
export function decisionFieldsOf(def: Pick<ServiceDefinition, 'result'>): FormField[] {
  return def.result.decisionFields ?? [{ name: 'text', type: 'text', required: true, label: { kk: 'Шешімнің мәтіні', ru: 'Текст решения', en: 'Text of the decision' } }];
}

const bi = (t: I18n | Bi): Bi => ({ kk: t.kk, ru: t.ru });
const same = (s: string): Bi => ({ kk: s, ru: s });
/** One line for a value that may differ by language. */
const joined = (v: Bi) => (v.kk === v.ru ? v.kk : `${v.kk} / ${v.ru}`);

/** Text as it may be printed: no control characters except line breaks and tabs (as spaces). */
export function printable(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, '')
    .trim();
}

/** A decision value in both languages: enum labels, dates as DD.MM.YYYY, yes/no. */
function fieldValue(f: FormField | undefined, v: unknown): Bi {
  if (v === undefined || v === null || v === '') return bi(FRAME.none);
  if (f?.type === 'enum') {
    const o = f.options?.find((x) => x.value === v);
    return o ? bi(o.label) : same(printable(String(v)));
  }
  if (f?.type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return same(formatDmy(v));
  if (typeof v === 'boolean') return v ? { kk: 'иә', ru: 'да' } : { kk: 'жоқ', ru: 'нет' };
  if (Array.isArray(v)) return same(v.map((x) => printable(String(x))).join(', '));
  // A value in both languages (an address as the registry gives it): each language its own.
  if (typeof v === 'object' && typeof (v as Bi).kk === 'string' && typeof (v as Bi).ru === 'string') return { kk: printable((v as Bi).kk), ru: printable((v as Bi).ru) };
  if (typeof v === 'object') return same(printable(JSON.stringify(v)));
  return same(printable(String(v)));
}

function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day a reference of `validity` issued on `issueIso` is valid, when it is a date. */
export function validUntil(issueIso: string, validity: Duration | undefined): string | null {
  if (!validity) return null;
  if (validity.unit === 'months') return addMonths(issueIso, validity.amount);
  if (validity.unit === 'calendar-days') {
    const t = Date.parse(`${issueIso}T00:00:00Z`) + validity.amount * 86_400_000;
    return new Date(t).toISOString().slice(0, 10);
  }
  return null;
}

/** The generic title: the first clause of `result.description` ("… – on paper", "… or a reasoned refusal" cut off). */
export function genericTitle(def: Pick<ServiceDefinition, 'result' | 'name'>): Bi {
  const cut = (s: string) => (s.split(/\s+[–—]\s+|;\s+|\s+не\s+бас\s+тарту|\s+либо\s+/u)[0] ?? s).trim().toLocaleUpperCase('kk');
  const kk = cut(def.result.description.kk) || def.name.kk.toLocaleUpperCase('kk');
  const ru = cut(def.result.description.ru) || def.name.ru.toLocaleUpperCase('ru');
  return { kk, ru };
}

export function templateOf(def: Pick<ServiceDefinition, 'result' | 'name'>): TemplateSpec {
  const t = def.result.template ? TEMPLATES[def.result.template] : undefined;
  return t ?? { title: genericTitle(def), rows: [{ builtin: 'applicant' }, { builtin: 'application' }, { builtin: 'validUntil' }], signatories: [{ position: { kk: 'Басшы', ru: 'Руководитель' }, name: 'official' }] };
}

export function buildModel(input: RenderInput): DocumentModel {
  const { def, application: a } = input;
  const issueIso = localDate(input.issuedAt);
  const idLabel = a.applicantIin && isValidBin(a.applicantIin) ? 'БСН / БИН' : 'ЖСН / ИИН';
  const applicant = same([a.applicantName ? printable(a.applicantName) : null, a.applicantIin ? `${idLabel} ${a.applicantIin}` : null].filter(Boolean).join(', ') || FRAME.none.kk);
  const until = validUntil(issueIso, def.result.validity);
  const builtins: Record<Builtin, Bi | null> = {
    applicant,
    application: same(a.number),
    filedAt: same(formatDmy(localDate(a.filedAt))),
    service: bi(def.name),
    issuer: bi(input.issuer.name),
    actRecord: input.actRecord ? same(`№ ${printable(input.actRecord.number)}${input.actRecord.date ? `, ${formatDmy(input.actRecord.date)}` : ''}`) : null,
    validUntil: until ? { kk: FRAME.validUntilText.kk.replace('{date}', formatDmy(until)), ru: FRAME.validUntilText.ru.replace('{date}', formatDmy(until)) } : null,
  };
  const builtinLabel: Record<Builtin, Bi> = {
    applicant: FRAME.applicant,
    application: FRAME.application,
    filedAt: FRAME.filedAt,
    service: FRAME.service,
    issuer: FRAME.issuer,
    actRecord: FRAME.actRecord,
    validUntil: FRAME.validUntil,
  };
  const fields = input.kind === 'result' ? decisionFieldsOf(def) : [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const value = (name: string): Bi | null => {
    if (name in builtins) return builtins[name as Builtin];
    if (name === 'number') return same(input.number);
    return byName.has(name) || name in input.decision ? fieldValue(byName.get(name), input.decision[name]) : null;
  };
  const fill = (t: Bi): Bi => ({
    kk: t.kk.replace(/\{(\w+)\}/g, (m, k: string) => value(k)?.kk ?? m),
    ru: t.ru.replace(/\{(\w+)\}/g, (m, k: string) => value(k)?.ru ?? m),
  });
  const used = new Set<string>();
  const rowOf = (r: RowSpec): Block | null => {
    if ('builtin' in r) {
      const v = builtins[r.builtin];
      return v ? { type: 'row', label: builtinLabel[r.builtin], value: joined(v) } : null;
    }
    const f = byName.get(r.field);
    used.add(r.field);
    if (!f) return null;
    const v = joined(fieldValue(f, input.decision[r.field]));
    return f.type === 'text' ? { type: 'text', label: bi(f.label), value: v } : { type: 'row', label: bi(f.label), value: v };
  };
  const signatoriesOf = (list: readonly Signatory[]) =>
    list.map((s) => {
      if (s.name !== 'official') used.add(s.name.field);
      return { position: s.position, name: s.name === 'official' ? printable(input.official.name) : joined(value(s.name.field) ?? FRAME.none) };
    });

  const blocks: Block[] = [];
  let title: Bi;
  let annex: Bi | null = null;
  let signatories: DocumentModel['signatories'];
  if (input.kind === 'refusal') {
    title = REFUSAL.title;
    for (const b of ['application', 'filedAt', 'applicant', 'service'] as const) blocks.push({ type: 'row', label: builtinLabel[b], value: joined(builtins[b]!) });
    blocks.push({ type: 'para', text: fill(REFUSAL.intro) });
    const ids = Array.isArray(input.decision.grounds) ? input.decision.grounds.map(String) : [];
    const texts = Array.isArray(input.decision.groundTexts) ? (input.decision.groundTexts as Array<I18n | null | undefined>) : [];
    const grounds = ids.map((id, i): Bi => {
      const g = def.refusalGrounds.find((x) => x.id === id);
      const text = g?.text ?? texts[i];
      const src = g?.source?.clause ? ` (${g.source.clause})` : '';
      return text ? { kk: printable(text.kk) + src, ru: printable(text.ru) + src } : same(id);
    });
    blocks.push({ type: 'list', label: REFUSAL.grounds, items: grounds.length ? grounds : [bi(FRAME.none)] });
    if (typeof input.decision.text === 'string' && printable(input.decision.text)) blocks.push({ type: 'text', label: REFUSAL.reasons, value: printable(input.decision.text) });
    if (def.complaints.length) blocks.push({ type: 'list', label: REFUSAL.complaints, items: def.complaints.map((c) => bi(c.to)) });
    signatories = signatoriesOf(REFUSAL.signatories);
  } else {
    const t = templateOf(def);
    title = t.title;
    annex = t.annex ?? null;
    for (const r of t.rows ?? []) {
      const b = rowOf(r);
      if (b) blocks.push(b);
    }
    for (const c of t.consumes ?? []) used.add(c);
    for (const p of t.paragraphs ?? []) {
      for (const m of `${p.kk} ${p.ru}`.matchAll(/\{(\w+)\}/g)) used.add(m[1]!);
      blocks.push({ type: 'para', text: fill(p) });
    }
    const foot: Block[] = [];
    for (const r of t.footRows ?? []) {
      const b = rowOf(r);
      if (b) foot.push(b);
    }
    signatories = signatoriesOf(t.signatories ?? []);
    // Whatever the executor filled in and the template did not place, in the definition's order.
    const rest: Block[] = [];
    for (const f of fields) if (!used.has(f.name)) rest.push(rowOf({ field: f.name })!);
    // After the template's rows, before its paragraphs: rows first, then the prose.
    const firstPara = blocks.findIndex((b) => b.type === 'para');
    blocks.splice(firstPara < 0 ? blocks.length : firstPara, 0, ...rest);
    blocks.push(...foot);
  }
  return {
    number: input.number,
    issuedAt: input.issuedAt,
    issueDate: formatDmy(issueIso),
    issuer: bi(input.issuer.name),
    title,
    annex,
    blocks,
    signatories,
    verifyUrl: `${input.publicBaseUrl.replace(/\/+$/, '')}/verify/${input.number}`,
    info: {
      title: `${title.kk} / ${title.ru} № ${input.number}`,
      subject: `${def.name.kk} / ${def.name.ru}`,
      author: `${input.issuer.name.kk} / ${input.issuer.name.ru}`,
      keywords: [input.number, def.code, a.number].join(', '),
    },
  };
}
