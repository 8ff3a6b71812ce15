/**
 * The deadline of an application from its form's facts: one function used both when an
 * application is filed (submitApplication) and by the public preview
 * (`POST /api/v1/services/{code}/deadline`), so what the service page promises is what the
 * application gets. Term conditions see the normalised form values plus `$channel`,
 * `$region` and `$filedAt` (deadline.ts).
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { computeDeadline, type DeadlineResult } from '../calendar/deadline.ts';
import { localDate } from '../calendar/time.ts';
import { type FieldError, normaliseForm, validateForm } from '../registry/form.ts';
import type { Channel, ServiceDefinition } from '../registry/types.ts';

export interface DeadlineFacts {
  channel: Channel;
  filedAt: Date;
  region?: string | undefined;
  /** The form (or the part of it known so far); validated values only. */
  form: Record<string, unknown>;
}

/** Null when no term of the service applies to the channel. Throws CalendarRangeError outside the calendar data. */
export function applicationDeadline(def: ServiceDefinition, facts: DeadlineFacts, cal: WorkCalendar): DeadlineResult | null {
  return computeDeadline(def, { channel: facts.channel, filedAt: facts.filedAt, region: facts.region, values: normaliseForm(def, facts.form) }, cal);
}

/**
 * The errors in a partial form given for a deadline preview: every value present is checked as
 * the application would check it (type, options of the channel, unknown fields); a missing
 * value is not an error.
 */
export function factErrors(def: ServiceDefinition, facts: DeadlineFacts): FieldError[] {
  return validateForm(def, facts.form, { $channel: facts.channel, $region: facts.region ?? null, $filedAt: facts.filedAt.toISOString() }).filter((e) => e.code !== 'REQUIRED');
}

/**
 * The dates stored for an application decided at once on filing (a service decided on registry
 * data: the address reference): it was accepted and its result issued on the filing day, whatever
 * the hour or day of the week — never "accepted tomorrow" beside a document dated today. The term's
 * own computation (an `automatic` term) gives the same; this holds even where it would not (a
 * filing a few seconds before midnight with a one-minute term).
 */
export function decidedAtOnceDates(decidedAt: Date): { acceptanceDate: string; dueDate: string } {
  const day = localDate(decidedAt);
  return { acceptanceDate: day, dueDate: day };
}
