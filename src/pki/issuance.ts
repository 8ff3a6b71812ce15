/**
 * Issuing and revoking a person's certificate as an admin action (issue 8, item 9).
 *
 * A certificate is a way to sign in and to sign applications as the person it names, so the
 * CA must not be a way for an admin to become a citizen:
 *
 *  - every issuance and revocation is audited in the transaction that records it: the admin
 *    (actor), the person (onBehalfOf when they have an account; data.iin always), the
 *    certificate serial (subject) and why (`reason`, required for issuing);
 *  - for an IIN that has an account the person confirms first, with the one-time code the
 *    server sends to their registered phone (purpose 'certificate'), bound to exactly this
 *    request and this admin — as a consent is confirmed. The first call answers
 *    `confirmationRequired` and issues nothing; the same request with `confirmation:
 *    { otpId, code }` issues. A changed request or another admin does not fit the code.
 *  - the certificate row keeps who issued it (pki_certificates.issued_by, issue_reason), so a
 *    certificate login with it is audited naming that admin as well (identity.ts).
 *
 * Demo keystores made at seeding are the system's (issued_by NULL), not an admin's, and need
 * no confirmation (src/demo). With DEMO=false there is no CA at all unless PKI_CA_SECRET is
 * configured: issuing then answers 503 PKI_CA_NOT_CONFIGURED before reaching this module.
 */
import { createHash } from 'node:crypto';
import { findUserByIin } from '../accounts/accounts.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { consumeOtp, issueOtp, type IssueOptions } from '../identity/otp.ts';
import type { CertificationAuthority, CheckedIssueRequest, IssuedCertificate, IssueRequest, Revocation, RevocationReason } from './ca.ts';

/** The signed-in admin acting. */
export interface Actor {
  id: string;
  role: string;
}

export type IssueOutcome =
  | { issued: IssuedCertificate }
  | { confirmationRequired: true; otpId: string; phone: string; expiresAt: string };

/** What the person's code confirms: this request, by this admin (never the keystore password). */
function bindingHash(actor: Actor, c: CheckedIssueRequest, reason: string): string {
  const canonical = JSON.stringify([
    'pki.certificate',
    actor.id,
    c.iin,
    c.bin ?? null,
    [c.name.surname, c.name.givenName, c.name.patronymic ?? null],
    c.organization ?? null,
    c.role ?? null,
    c.usage,
    c.algorithm,
    c.notBefore?.toISOString() ?? null,
    c.notAfter?.toISOString() ?? null,
    reason,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Issue a certificate for a person on an admin's request. For an IIN with an account: without
 * `confirmation` an SMS code goes to the person and nothing is issued; with the right code the
 * certificate is issued. Audited either way.
 */
export async function issueForPerson(
  db: Db,
  ca: CertificationAuthority,
  actor: Actor,
  req: IssueRequest,
  reasonText: string,
  confirmation?: { otpId: string; code: string },
  otpOpts: IssueOptions = {},
): Promise<IssueOutcome> {
  const reason = String(reasonText ?? '').trim();
  if (reason.length < 3) throw new AppError('VALIDATION_FAILED', { path: '/reason' });
  const checked = ca.checkRequest(req);
  const person = await findUserByIin(db, checked.iin);
  const hash = bindingHash(actor, checked, reason);

  if (person && !confirmation) {
    const otp = await issueOtp(db, person.id, 'certificate', hash, undefined, { ...otpOpts, actorId: actor.id, actorRole: actor.role });
    await writeAudit(db, {
      event: 'pki.certificate.confirmation-requested',
      actorId: actor.id,
      actorRole: actor.role,
      onBehalfOf: person.id,
      subject: { type: 'person', id: checked.iin },
      reason,
      data: { iin: checked.iin, usage: checked.usage, otpId: otp.otpId },
    });
    return { confirmationRequired: true, ...otp };
  }
  if (person && confirmation) await consumeOtp(db, confirmation.otpId, confirmation.code, person.id, 'certificate', hash);

  const issued = await ca.issue(req, {
    issuedBy: actor.id,
    reason,
    within: (q, out) =>
      writeAudit(q, {
        event: 'pki.certificate.issued',
        actorId: actor.id,
        actorRole: actor.role,
        onBehalfOf: person?.id ?? null,
        subject: { type: 'certificate', id: out.serial },
        reason,
        data: {
          iin: checked.iin,
          ...(checked.bin ? { bin: checked.bin } : {}),
          usage: checked.usage,
          algorithm: checked.algorithm,
          confirmedBy: person ? 'sms' : 'none',
          ...(person && confirmation ? { otpId: confirmation.otpId } : {}),
        },
      }),
  });
  return { issued };
}

/** Revoke one of our certificates on an admin's request, audited in the same transaction. */
export async function revokeForPerson(ca: CertificationAuthority, actor: Actor, serial: string, reason: RevocationReason): Promise<Revocation> {
  return ca.revoke(serial, reason, async (q, r) => {
    const person = await findUserByIin(q, r.subjectIin);
    await writeAudit(q, {
      event: 'pki.certificate.revoked',
      actorId: actor.id,
      actorRole: actor.role,
      onBehalfOf: person?.id ?? null,
      subject: { type: 'certificate', id: r.serial },
      reason,
      data: { iin: r.subjectIin },
    });
  });
}
