/**
 * The facts of a case that change its term: the form fields the conditions of a channel's terms
 * look at (divorce on a court decision, a birth registered late). The service page asks only
 * these, and the deadline API (`POST /api/v1/services/{code}/deadline`) computes the term from
 * them with the code the application itself uses.
 */
import type { Channel, Condition, FormField, ServiceDefinition } from './types.ts';

function fieldsOf(c: Condition, out: Set<string>): void {
  if ('all' in c) for (const x of c.all) fieldsOf(x, out);
  else if ('any' in c) for (const x of c.any) fieldsOf(x, out);
  else if ('not' in c) fieldsOf(c.not, out);
  else if (!c.field.startsWith('$')) out.add(c.field);
}

/** The form fields (in form order) that the conditions of the terms offered on `channel` use. */
export function termFactFields(def: Pick<ServiceDefinition, 'terms' | 'form'>, channel: Channel): FormField[] {
  const names = new Set<string>();
  for (const t of def.terms) if (t.channels.includes(channel) && t.condition) fieldsOf(t.condition.when, names);
  return def.form.fields.filter((f) => names.has(f.name));
}
