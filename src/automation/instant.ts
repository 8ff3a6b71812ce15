import type { User } from '../accounts/accounts.ts';
import type { AppContext } from '../context.ts';
import type { CallLogRow } from '../gateway/types.ts';
import type { StateSystem, I18n } from '../registry/types.ts';
import { addressReference } from './address-reference.ts';

export interface InstantOutcome {
  kind: 'document' | 'refusal';
  document: Record<string, unknown>;
  /** For a refusal: the reason the applicant reads. */
  reason?: I18n;
}

/**
 * `consentId`: the consent the signed application gives (written with it); `systems`: what it covers;
 * `logInto`: pass it to every gateway call (`meta.logInto`): the reads' call-log rows are committed
 * with the decision (or written at once when the application is not written).
 */
export type InstantHandler = (
  ctx: AppContext,
  applicant: User,
  form: Record<string, unknown>,
  meta: { consentId: string; correlationId: string; systems: readonly string[]; logInto?: CallLogRow[] },
) => Promise<InstantOutcome>;

/** Services decided on registry data alone, by code, with the state systems they read. */
export const INSTANT: Record<string, { handler: InstantHandler; systems: StateSystem[] }> = {
  'address-reference': { handler: addressReference, systems: ['persons', 'civil-registry'] },
};
