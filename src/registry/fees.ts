/**
 * The state duty for an application: which fee items apply and which exemption, if any, frees
 * each of them. Pure, over the form values (plus `$`-variables), with the condition evaluator
 * shared by terms, documents and forms.
 *
 * - an item applies when it has no condition or its condition holds;
 * - an exemption frees an item it `appliesTo` (absent = every item) when its condition holds —
 *   the condition names the acts the law exempts and the ground claimed, so claiming a ground
 *   for another act (a WWII veteran's marriage certificate) frees nothing;
 * - `totalMci` is the sum of the items not freed; `null` when the source does not state the duty.
 */
import { evaluateCondition } from './conditions.ts';
import type { FeeExemption, FeeItem, Fees, ServiceDefinition } from './types.ts';

export interface AssessedFee {
  item: FeeItem;
  /** The exemption that frees this item, if one applies. */
  exemption?: FeeExemption;
  /** What is due for the item: `item.mci`, or 0 when exempt. */
  mci: number;
}

export interface FeeAssessment {
  kind: Fees['kind'];
  items: AssessedFee[];
  /** MCI due in total; null when the source does not state the duty. */
  totalMci: number | null;
  /** An exemption frees at least one item that applies. */
  exempt: boolean;
}

export interface FeeOptions {
  workingDaysBetween?: (from: string, to: string) => number;
}

export function assessFees(def: Pick<ServiceDefinition, 'fees'>, values: Record<string, unknown>, opts: FeeOptions = {}): FeeAssessment {
  const ctx = { values, workingDaysBetween: opts.workingDaysBetween };
  const holds = (c?: { when: Parameters<typeof evaluateCondition>[0] }) => !c || evaluateCondition(c.when, ctx);
  const items: AssessedFee[] = def.fees.items
    .filter((item) => holds(item.condition))
    .map((item) => {
      const exemption = def.fees.exemptions.find((x) => (!x.appliesTo || x.appliesTo.includes(item.id)) && holds(x.condition));
      return exemption ? { item, exemption, mci: 0 } : { item, mci: item.mci };
    });
  // MCI multiples are decimals (0.3, 0.5): sum in tenths of a thousandth to avoid 0.1 + 0.2.
  const total = items.reduce((a, x) => a + Math.round(x.mci * 10_000), 0) / 10_000;
  return {
    kind: def.fees.kind,
    items,
    totalMci: def.fees.kind === 'not-stated' ? null : total,
    exempt: items.some((x) => x.exemption && x.item.mci > 0),
  };
}
