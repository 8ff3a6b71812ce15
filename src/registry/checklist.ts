/**
 * The document checklist for one channel: which documents of a definition the
 * applicant has to bring or attach, given the form values.
 *
 * Each document listed for the channel comes back once, in definition order:
 * - `applies: true`  – the applicant provides it (its condition holds, or it has none);
 * - `applies: false` – not needed: its condition does not hold, or the provider obtains
 *   it from a state system (`fetchedFrom`, or a `fetchedData` entry that `replaces` it
 *   and whose condition holds) – then `fetched: true` (digest §2.5, 002 cl.22).
 * `reason` is the label a person reads next to the item.
 * Document conditions may also use `$feeExempt`: whether a fee exemption applies to the
 * application (`fees.ts`), so the payment document is asked for unless one really applies.
 */
import { evaluateCondition } from './conditions.ts';
import { assessFees } from './fees.ts';
import type { Channel, I18n, RequiredDocument, ServiceDefinition, StateSystem } from './types.ts';

export interface ChecklistItem {
  document: RequiredDocument;
  applies: boolean;
  fetched: boolean;
  reason: I18n;
}

export interface ChecklistOptions {
  /** Extra `$`-variables, e.g. `$region`, `$filedAt`. `$channel` is set from the argument. */
  context?: Record<string, unknown>;
  workingDaysBetween?: (from: string, to: string) => number;
}

const SYSTEM: Record<StateSystem, I18n> = {
  persons: { kk: 'жеке тұлғалардың мемлекеттік деректер қоры', ru: 'государственная база данных физических лиц', en: 'the state database of individuals' },
  'legal-entities': { kk: 'заңды тұлғалардың мемлекеттік деректер қоры', ru: 'государственная база данных юридических лиц', en: 'the state database of legal entities' },
  notary: { kk: 'бірыңғай нотариаттық ақпараттық жүйе', ru: 'единая нотариальная информационная система', en: 'the unified notary information system' },
  'civil-registry': { kk: '«АХАЖ» ақпараттық жүйесі', ru: 'ИС «ЗАГС»', en: 'the civil registry information system' },
  address: { kk: 'мекенжай тіркелімі', ru: 'адресный регистр', en: 'the address register' },
  'payment-gateway': { kk: 'электрондық үкіметтің төлем шлюзі', ru: 'платёжный шлюз электронного правительства', en: 'the e-government payment gateway' },
  pension: { kk: 'зейнетақы төлемдері жүйесі', ru: 'система пенсионных выплат', en: 'the pension system' },
  other: { kk: 'мемлекеттік ақпараттық жүйелер', ru: 'государственные информационные системы', en: 'state information systems' },
};

const ALWAYS: I18n = { kk: 'Міндетті', ru: 'Обязательно', en: 'Required' };
const IF_AVAILABLE: I18n = { kk: 'Бар болса', ru: 'При наличии', en: 'If available' };

const prefixed = (p: I18n, s: I18n): I18n => ({ kk: `${p.kk}: ${s.kk}`, ru: `${p.ru}: ${s.ru}`, en: `${p.en}: ${s.en}` });

export function requiredDocuments(
  def: Pick<ServiceDefinition, 'documents' | 'fetchedData'> & Partial<Pick<ServiceDefinition, 'fees'>>,
  channel: Channel,
  values: Record<string, unknown>,
  opts: ChecklistOptions = {},
): ChecklistItem[] {
  const base = { ...values, ...opts.context, $channel: channel };
  const $feeExempt = def.fees ? assessFees({ fees: def.fees }, base, { workingDaysBetween: opts.workingDaysBetween }).exempt : false;
  const ctx = {
    values: { ...base, $feeExempt },
    workingDaysBetween: opts.workingDaysBetween,
  };
  const holds = (c?: { when: Parameters<typeof evaluateCondition>[0] }) => !c || evaluateCondition(c.when, ctx);

  return def.documents
    .filter((d) => d.channels.includes(channel))
    .map((document): ChecklistItem => {
      const conditionHolds = holds(document.condition);
      if (!conditionHolds) {
        const label = document.condition?.label as I18n;
        return { document, applies: false, fetched: false, reason: prefixed({ kk: 'Қажет емес', ru: 'Не требуется', en: 'Not required' }, label) };
      }
      const replacing = def.fetchedData.find((f) => f.replaces?.includes(document.id) && holds(f.condition));
      if (document.fetchedFrom || replacing) {
        const from = replacing ? replacing.data : SYSTEM[document.fetchedFrom as StateSystem];
        return {
          document,
          applies: false,
          fetched: true,
          reason: prefixed({ kk: 'Мемлекеттік жүйеден алынады', ru: 'Получается из государственной системы', en: 'Obtained from a state system' }, from),
        };
      }
      const reason = document.condition?.label ?? (document.optional ? IF_AVAILABLE : ALWAYS);
      return { document, applies: true, fetched: false, reason };
    });
}
