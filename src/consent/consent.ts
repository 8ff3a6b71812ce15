/**
 * Consent to read a person's protected data in state systems (digest §2.4, 002 cl.7–8).
 * - At a centre or provider, staff request it; the person confirms by telling them the
 *   one-time code sent to the person's phone. Scope = state systems + purpose; it expires.
 * - On the portal, a person reading their own data (or their child's, as legal
 *   representative) consents by signing the application; the consent is recorded with it.
 * Every gateway read carries the consent id, so "who accessed my data" shows on what basis,
 * and the gateway refuses a read that has no basis (policy.ts).
 */
import type { User } from '../accounts/accounts.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { consumeOtp, issueOtp } from '../identity/otp.ts';
import { uuid7 } from '../lib/uuid7.ts';

export const CONSENT_DAYS = 30;

export interface Consent {
  id: string;
  subjectIin: string;
  purpose: string;
  systems: string[];
  serviceCode: string | null;
  method: 'sms' | 'signed-application';
  grantedAt: string | null;
  expiresAt: string;
  revokedAt: string | null;
  requesterRole: string;
}

type Row = { id: string; subject_iin: string; purpose: string; systems: string[]; service_code: string | null; method: 'sms' | 'signed-application'; granted_at: Date | null; expires_at: Date; revoked_at: Date | null; requester_role: string };
const toConsent = (r: Row): Consent => ({
  id: r.id,
  subjectIin: r.subject_iin,
  purpose: r.purpose,
  systems: r.systems,
  serviceCode: r.service_code,
  method: r.method,
  grantedAt: r.granted_at?.toISOString() ?? null,
  expiresAt: r.expires_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
  requesterRole: r.requester_role,
});

/** The applicant's own consent, given by signing a portal application. */
export async function recordSignedConsent(q: Queryable, applicant: User, purpose: string, systems: string[], serviceCode: string, id = uuid7()): Promise<string> {
  await q.query(
    `INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, service_code, method, granted_at, expires_at)
     VALUES ($1, $2, $3, 'citizen', $4, $5, $6, 'signed-application', now(), now() + make_interval(days => $7)) ON CONFLICT (id) DO NOTHING`,
    [id, applicant.iin, applicant.id, purpose, systems, serviceCode, CONSENT_DAYS],
  );
  return id;
}

/** Staff ask a person for consent: a code goes to the person's registered phone. */
export async function requestConsent(db: Db, staff: User, input: { subjectIin: string; purpose: string; systems: string[]; serviceCode?: string }) {
  const subject = await db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [input.subjectIin]);
  const subjectId = subject.rows[0]?.id;
  if (!subjectId) throw new AppError('NO_PHONE', { path: '/subjectIin' });
  const who = `${staff.surname} ${staff.givenName}`;
  const systems = input.systems.join(', ');
  // The SMS says who asks, for which systems and why — the person agrees to exactly that.
  const otp = await issueOtp(db, subjectId, 'consent', `consent:${input.subjectIin}:${input.purpose}`, (code) =>
    `Qyzmet: ${who} дербес деректеріңізге (${systems}) қол жеткізуге келісім сұрайды, мақсаты: ${input.purpose}. Келісім коды ${code}. / ${who} запрашивает согласие на доступ к вашим персональным данным (${systems}), цель: ${input.purpose}. Код согласия ${code}. Если вы не обращались — не сообщайте код.`,
  );
  const id = uuid7();
  await db.query(
    `INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, service_code, method, otp_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'sms', $8, now() + make_interval(days => $9))`,
    [id, input.subjectIin, staff.id, staff.roles.find((r) => r !== 'citizen') ?? 'citizen', input.purpose, input.systems, input.serviceCode ?? null, otp.otpId, CONSENT_DAYS],
  );
  return { consentId: id, phone: otp.phone, codeExpiresAt: otp.expiresAt };
}

/** The code the person received, typed in by staff, grants the consent. */
export async function confirmConsent(db: Db, staff: User, consentId: string, code: string): Promise<Consent> {
  const r = await db.query<Row & { otp_id: string | null; requester_id: string | null }>('SELECT * FROM consents WHERE id = $1', [/^[0-9a-f-]{36}$/i.test(consentId) ? consentId : '00000000-0000-0000-0000-000000000000']);
  const c = r.rows[0];
  if (!c || c.requester_id !== staff.id || !c.otp_id) throw new AppError('NOT_FOUND');
  const subject = await db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [c.subject_iin]);
  await consumeOtp(db, c.otp_id, code, subject.rows[0]?.id ?? '', 'consent', `consent:${c.subject_iin}:${c.purpose}`);
  const u = await db.query<Row>('UPDATE consents SET granted_at = now() WHERE id = $1 RETURNING *', [consentId]);
  return toConsent(u.rows[0] as Row);
}

/** A consent usable now for this system: granted, not expired, not revoked. */
export async function requireConsent(q: Queryable, consentId: string, subjectIin: string, system: string): Promise<void> {
  const r = await q.query<{ ok: boolean }>(
    `SELECT true AS ok FROM consents WHERE id = $1 AND subject_iin = $2 AND $3 = ANY(systems)
        AND granted_at IS NOT NULL AND revoked_at IS NULL AND expires_at > now()`,
    [consentId, subjectIin, system],
  );
  if (!r.rows[0]) throw new AppError('FORBIDDEN', { message: { kk: 'Дербес деректерді пайдалануға келісім жоқ.', ru: 'Нет согласия на использование персональных данных.', en: 'There is no consent to use the personal data.' } });
}

export async function myConsents(q: Queryable, user: User): Promise<Consent[]> {
  const r = await q.query<Row>('SELECT * FROM consents WHERE subject_iin = $1 ORDER BY created_at DESC LIMIT 100', [user.iin]);
  return r.rows.map(toConsent);
}

export async function revokeConsent(q: Queryable, user: User, id: string): Promise<void> {
  const r = await q.query('UPDATE consents SET revoked_at = now() WHERE id = $1 AND subject_iin = $2 AND revoked_at IS NULL', [/^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000', user.iin]);
  if (!r.rowCount) throw new AppError('NOT_FOUND');
}

/** "Who accessed my data": the gateway call log about this person, newest first. */
export async function dataAccessLog(q: Queryable, user: User, limit = 50) {
  const r = await q.query<{ at: Date; system_id: string; service_id: string; purpose: string; sender_id: string; actor_id: string | null; consent_id: string | null; status: string; actor_name: string | null; actor_roles: string[] | null }>(
    `SELECT g.at, g.system_id, g.service_id, g.purpose, g.sender_id, g.actor_id, g.consent_id, g.status,
            u.surname || ' ' || u.given_name AS actor_name, u.roles AS actor_roles
       FROM gateway_calls g LEFT JOIN users u ON u.id::text = g.actor_id
      WHERE g.subject_iin = $1 ORDER BY g.at DESC LIMIT $2`,
    [user.iin, limit],
  );
  return r.rows.map((x) => ({
    at: x.at.toISOString(),
    system: x.system_id,
    service: x.service_id,
    purpose: x.purpose,
    sender: x.sender_id,
    actor: x.actor_id ? { id: x.actor_id, name: x.actor_name, roles: x.actor_roles } : null,
    consentId: x.consent_id,
    status: x.status,
  }));
}
