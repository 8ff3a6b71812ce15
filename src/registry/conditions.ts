import type { Condition } from './types.ts';

/**
 * Evaluates a definition's condition against an application context.
 * `values` holds form fields and `$`-variables ($channel, $region, $filedAt, $recipientKind).
 * Working-day arithmetic is injected so this stays pure and calendar-agnostic.
 * A condition over a missing field is false (except `absent`), so an optional
 * branch never applies by accident.
 */
export interface ConditionContext {
  values: Record<string, unknown>;
  /** Working days strictly after `from` up to and including `to` (ISO dates). */
  workingDaysBetween?: (from: string, to: string) => number;
}

const isoDate = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  return m ? (m[1] as string) : null;
};

function cmp(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function evaluateCondition(cond: Condition, ctx: ConditionContext): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, ctx));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, ctx));
  if ('not' in cond) return !evaluateCondition(cond.not, ctx);
  const v = ctx.values[cond.field];
  const present = v !== undefined && v !== null && v !== '';
  switch (cond.op) {
    case 'present':
      return present;
    case 'absent':
      return !present;
    case 'eq':
      return present && v === cond.value;
    case 'ne':
      return present && v !== cond.value;
    case 'in':
      return present && Array.isArray(cond.value) && (cond.value as unknown[]).includes(v);
    case 'notIn':
      return present && Array.isArray(cond.value) && !(cond.value as unknown[]).includes(v);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      if (!present) return false;
      const c = cmp(v, cond.value);
      if (c === null) return false;
      return cond.op === 'lt' ? c < 0 : cond.op === 'lte' ? c <= 0 : cond.op === 'gt' ? c > 0 : c >= 0;
    }
    case 'olderThanWorkingDays':
    case 'olderThanCalendarDays': {
      const d = isoDate(v);
      const filed = isoDate(ctx.values.$filedAt);
      if (!d || !filed || typeof cond.value !== 'number') return false;
      const n =
        cond.op === 'olderThanCalendarDays'
          ? calendarDaysBetween(d, filed)
          : ctx.workingDaysBetween
            ? ctx.workingDaysBetween(d, filed)
            : calendarDaysBetween(d, filed);
      return n > cond.value;
    }
  }
}
