/**
 * The deadline of an application from its form's facts: one function used both when an
 * application is filed (submitApplication) and by the public preview
 * (`POST /api/v1/services/{code}/deadline`), so what the service page promises is what the
 * application gets. Term conditions see the normalised form values plus `$channel`,
 * `$region` and `$filedAt` (deadline.ts).
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { computeDeadline, type DeadlineResult } from '../calendar/deadline.ts';
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
