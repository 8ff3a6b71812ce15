/**
 * The outbox events of the notifications, as the state changes write them (pure: no I/O, imports
 * nothing at run time, so the ledger's callers can use it without an import cycle). Each is a job
 * (src/jobs/kinds.ts `notify.*`) written in the same transaction as the change it tells of; its
 * handler (notifications.ts `notifyFromEvent`) turns it into one notification per person.
 */
import type { ApplicationStatus } from '../registry/types.ts';

export interface NotifyOutboxEvent {
  kind: 'notify.submitted' | 'notify.registered' | 'notify.cosign-requested';
  payload: { applicationId: string };
}

/** The notice a status change itself carries (the process reaching `registered`); none for the others, which their actions emit. */
export function statusNotices(applicationId: string, to: ApplicationStatus): NotifyOutboxEvent[] {
  return to === 'registered' ? [{ kind: 'notify.registered', payload: { applicationId } }] : [];
}
