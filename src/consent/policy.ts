/**
 * Who may read whose data through the gateway (digest §2.4: the recipient's consent to use
 * information that is a legally protected secret, "unless laws provide otherwise"; S4: close
 * relatives — children, spouses — need no consent of their own).
 *
 * A call to a service that reads a person's data (it declares `subject`) goes out only if
 *  - the caller names a law (`meta.legalBasis`), or
 *  - the signed-in person reads their own data for themselves (`meta.self`, set from the session:
 *    prefilling their form), and the subject is that person, or
 *  - there is a consent — given just now (`meta.grant`, a signed portal application) or stored
 *    (`meta.consentId`: granted, not revoked, not closed, not expired, used by the one it was given
 *    to; a signed application's consent only for that application, `meta.correlationId`) —
 *    that covers this state system, and
 *  - that consent is the subject's own, or the subject is a close relative of the consent's
 *    subject that the civil registry has just confirmed (`meta.relative`).
 * Otherwise the gateway refuses the call before anything is sent (CONSENT_REQUIRED, 403) and logs it.
 */
import type { Queryable } from '../db/db.ts';
import type { AccessPolicy, ConsentGrant } from '../gateway/types.ts';
import { isUuid } from '../lib/uuid7.ts';

async function storedConsent(q: Queryable, id: string): Promise<ConsentGrant | null> {
  if (!isUuid(id)) return null;
  const r = await q.query<{ id: string; subject_iin: string; systems: string[]; granted_at: Date | null; expires_at: Date; revoked_at: Date | null; requester_id: string | null; application_id: string | null }>(
    // A closed consent (the one a signed application gave that was never written) is no longer in force.
    'SELECT id, subject_iin, systems, granted_at, expires_at, coalesce(revoked_at, closed_at) AS revoked_at, requester_id, application_id FROM consents WHERE id = $1',
    [id],
    'consent_by_id_v2',
  );
  const c = r.rows[0];
  return c
    ? {
        id: c.id,
        subjectIin: c.subject_iin.trim(),
        systems: c.systems,
        grantedAt: c.granted_at,
        expiresAt: c.expires_at,
        revokedAt: c.revoked_at,
        requesterId: c.requester_id,
        applicationId: c.application_id,
      }
    : null;
}

export const consentPolicy: AccessPolicy = async ({ systemId, subjectIin, meta, q }) => {
  if (meta.legalBasis) return null;
  if (meta.self && meta.self.iin === subjectIin) return null;
  const grant = meta.grant ?? (meta.consentId ? await storedConsent(q, meta.consentId) : null);
  if (!grant) return 'NO_CONSENT';
  const now = Date.now();
  if (grant.grantedAt === null || grant.revokedAt || (grant.expiresAt && grant.expiresAt.getTime() <= now)) return 'CONSENT_NOT_IN_FORCE';
  if (!grant.systems.includes(systemId)) return 'CONSENT_OUT_OF_SCOPE';
  // A signed application's consent exists for that application only: reads for anything else are out of its scope.
  if (grant.applicationId && grant.applicationId !== meta.correlationId) return 'CONSENT_OUT_OF_SCOPE';
  // A consent is given to the one who asked for it: another employee cannot borrow it.
  if (grant.requesterId && grant.requesterId !== meta.actorId) return 'CONSENT_GIVEN_TO_ANOTHER';
  if (grant.subjectIin === subjectIin) return null;
  if (meta.relative?.iin === subjectIin) return null;
  return 'CONSENT_OF_ANOTHER_PERSON';
};
