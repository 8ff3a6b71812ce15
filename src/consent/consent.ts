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
import type { AppContext } from '../context.ts';
import type { Db, Queryable } from '../db/db.ts';
import { insertCallRows } from '../gateway/call-log.ts';
import type { CallLogRow } from '../gateway/types.ts';
import { AppError } from '../errors/errors.ts';
import { writeAudit } from '../audit/audit.ts';
import { z } from 'zod';
import { execute, type ActionSpec } from '../actions/executor.ts';
import type { ActorRef } from '../actions/ledger.ts';
import { consumeOtp, issueOtpIn, type IssueOptions } from '../identity/otp.ts';
import { CONSENT_PURPOSE_CODES, CONSENT_SYSTEM_CODES, type ConsentPurpose, type ConsentSystem, consentSms, staffSignature } from './purposes.ts';
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
  /** Used and closed at once: the consent of a signed application that was not written (it covered only the reads made then). */
  closedAt: string | null;
  /** The application it was given for (a signed application's consent), with its number. */
  application: { id: string; number: string | null } | null;
  requesterRole: string;
}

type Row = {
  id: string;
  subject_iin: string;
  purpose: string;
  systems: string[];
  service_code: string | null;
  method: 'sms' | 'signed-application';
  granted_at: Date | null;
  expires_at: Date;
  revoked_at: Date | null;
  closed_at: Date | null;
  application_id: string | null;
  application_number?: string | null;
  requester_role: string;
};
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
  closedAt: r.closed_at?.toISOString() ?? null,
  application: r.application_id ? { id: r.application_id, number: r.application_number ?? null } : null,
  requesterRole: r.requester_role,
});

/**
 * A signed portal application that was not written (a state system down, the submission refused):
 * the consent it gave existed for that application only. Record it as used and closed at once,
 * with the call-log rows of the reads it covered, in one transaction — never a standing consent.
 * A consent that exists already (an earlier attempt, or the application a twin request wrote) is
 * left as it is. Without reads there is nothing to record. If even this cannot be written, the
 * rows go to the gateway's buffered log (retried) rather than nowhere.
 */
export async function recordUnwrittenReads(ctx: AppContext, applicant: User, serviceCode: string, systems: readonly string[], consentId: string, calls: CallLogRow[]): Promise<void> {
  if (!calls.length) return;
  try {
    await ctx.db.tx(async (q) => {
      await q.query(
        `INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, service_code, method, granted_at, expires_at, closed_at)
         VALUES ($1, $2, $3, 'citizen', $4, $5, $4, 'signed-application', now(), now(), now()) ON CONFLICT (id) DO NOTHING`,
        [consentId, applicant.iin, applicant.id, serviceCode, [...systems]],
      );
      await insertCallRows(q, calls);
    });
  } catch {
    for (const row of calls) void ctx.gateway.log.record(row).catch(() => {});
  }
  calls.length = 0;
}

/**
 * Consent requests (each an SMS from the official sender) per time window, counted over the
 * consents table itself under advisory locks, so concurrent requests cannot pass the limit:
 * per person and requester, per person from anyone, and per requester across persons.
 */
export const CONSENT_SMS_LIMITS = {
  perPair: { max: 3, minutes: 10 },
  perPerson: { max: 10, minutes: 24 * 60 },
  perRequester: { max: 60, minutes: 60 },
};
export type ConsentSmsLimits = typeof CONSENT_SMS_LIMITS;

export { CONSENT_PURPOSES, CONSENT_PURPOSE_CODES, CONSENT_SYSTEMS, CONSENT_SYSTEM_CODES, type ConsentPurpose, type ConsentSystem } from './purposes.ts';

const staffRole = (staff: User) => staff.roles.find((r) => r !== 'citizen') ?? 'citizen';

/** Who may ask a person for consent. */
export const CONSENT_STAFF_ROLES = ['centre-operator', 'provider-clerk', 'responsible-executor', 'provider-head'] as const;
const requesterRole = (staff: User) => staff.roles.find((r) => (CONSENT_STAFF_ROLES as readonly string[]).includes(r)) ?? staffRole(staff);

/** 429 CONSENT_REQUEST_LIMIT, carrying the counts for the audit row of the refused send. */
class ConsentLimitError extends AppError {
  constructor(
    readonly hit: string,
    readonly counts: { pair: number; person: number; requester: number },
    retryAfterMs: number,
  ) {
    super('CONSENT_REQUEST_LIMIT', { details: { limit: hit, retryAfterMs } });
  }
}

/** The person asked (by IIN), locked for the count, with the sends counted in each window. */
interface RequestSubject {
  iin: string;
  userId: string;
  counts: { pair: number; person: number; requester: number; pair_ms: number | null; person_ms: number | null; requester_ms: number | null };
}

const RequestBody = z
  .object({
    subjectIin: z.string().regex(/^\d{12}$/),
    purpose: z.enum(CONSENT_PURPOSE_CODES),
    systems: z.array(z.enum(CONSENT_SYSTEM_CODES)).min(1).max(5),
    serviceCode: z.string().max(100).optional(),
  })
  .strict();
type RequestInput = z.infer<typeof RequestBody>;
export type ConsentRequested = { consentId: string; phone: string; codeExpiresAt: string };

/**
 * Staff ask a person for consent: an action of the one pipeline. authorise (a staff role that
 * may ask) → validate (purpose and systems from the lists) → allowed now (the send limits,
 * counted over `consents` under advisory locks: the person's first, then the requester's) →
 * one transaction: the code and its SMS, the consent row and its `consent.requested` audit row.
 */
function requestAction(staff: Pick<User, 'id' | 'surname' | 'givenName'>, limits: ConsentSmsLimits, otpOpts: IssueOptions): ActionSpec<RequestSubject, RequestInput, ConsentRequested> {
  const requesterId = staff.id;
  return {
    name: 'consent.request',
    body: RequestBody,
    load: async (q, _ctx, iin) => {
      const subject = await q.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [iin]);
      const userId = subject.rows[0]?.id;
      if (!userId) throw new AppError('NO_PHONE', { path: '/subjectIin' });
      // Always the person's lock first, then the requester's: no two requests wait on each other in a cycle.
      await q.query("SELECT pg_advisory_xact_lock(hashtextextended('consent-sms:p:' || $1, 0))", [iin]);
      await q.query("SELECT pg_advisory_xact_lock(hashtextextended('consent-sms:r:' || $1, 0))", [requesterId]);
      // Per window: how many, and in how many ms the oldest of them leaves it (the time to wait).
      const c = await q.query<RequestSubject['counts']>(
        `SELECT count(*) FILTER (WHERE subject_iin = $1 AND requester_id = $2 AND created_at > now() - make_interval(mins => $3))::int AS pair,
                count(*) FILTER (WHERE subject_iin = $1 AND created_at > now() - make_interval(mins => $4))::int AS person,
                count(*) FILTER (WHERE requester_id = $2 AND created_at > now() - make_interval(mins => $5))::int AS requester,
                ceil(extract(epoch FROM min(created_at) FILTER (WHERE subject_iin = $1 AND requester_id = $2 AND created_at > now() - make_interval(mins => $3)) + make_interval(mins => $3) - clock_timestamp()) * 1000)::int AS pair_ms,
                ceil(extract(epoch FROM min(created_at) FILTER (WHERE subject_iin = $1 AND created_at > now() - make_interval(mins => $4)) + make_interval(mins => $4) - clock_timestamp()) * 1000)::int AS person_ms,
                ceil(extract(epoch FROM min(created_at) FILTER (WHERE requester_id = $2 AND created_at > now() - make_interval(mins => $5)) + make_interval(mins => $5) - clock_timestamp()) * 1000)::int AS requester_ms
           FROM consents
          WHERE method = 'sms' AND created_at > now() - make_interval(mins => greatest($3, $4, $5)) AND (subject_iin = $1 OR requester_id = $2)`,
        [iin, requesterId, limits.perPair.minutes, limits.perPerson.minutes, limits.perRequester.minutes],
      );
      return { iin, userId, counts: c.rows[0] ?? { pair: 0, person: 0, requester: 0, pair_ms: null, person_ms: null, requester_ms: null } };
    },
    authorise: (actor) => {
      if (actor.id !== requesterId || !(CONSENT_STAFF_ROLES as readonly string[]).includes(actor.role)) throw new AppError('FORBIDDEN');
    },
    allowed: ({ counts: n }) => {
      const hits = [
        n.pair >= limits.perPair.max ? { limit: 'per-pair', ms: n.pair_ms } : null,
        n.person >= limits.perPerson.max ? { limit: 'per-person', ms: n.person_ms } : null,
        n.requester >= limits.perRequester.max ? { limit: 'per-requester', ms: n.requester_ms } : null,
      ].filter((h) => h !== null);
      if (hits.length) throw new ConsentLimitError(hits.map((h) => h.limit).join(','), { pair: n.pair, person: n.person, requester: n.requester }, Math.max(1000, ...hits.map((h) => h.ms ?? 1000)));
    },
    apply: async ({ q, actor, subject, body }) => {
      const systems = [...new Set(body.systems)];
      const who = staffSignature(staff.surname, staff.givenName);
      const otp = await issueOtpIn(q, subject.userId, 'consent', `consent:${subject.iin}:${body.purpose}`, (code) => consentSms({ who, systems, purpose: body.purpose, code }), { ...otpOpts, actorId: requesterId, actorRole: actor.role });
      const id = uuid7();
      await q.query(
        `INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, service_code, method, otp_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'sms', $8, now() + make_interval(days => $9))`,
        [id, subject.iin, requesterId, actor.role, body.purpose, systems, body.serviceCode ?? null, otp.otpId, CONSENT_DAYS],
      );
      return {
        audit: [{ event: 'consent.requested', subject: { type: 'consent', id }, data: { subjectIin: subject.iin, purpose: body.purpose, systems, serviceCode: body.serviceCode ?? null, smsTo: otp.phone, otpId: otp.otpId } }],
        result: { consentId: id, phone: otp.phone, codeExpiresAt: otp.expiresAt },
      };
    },
  };
}

/**
 * Staff ask a person for consent (`requestAction`, through the pipeline): a code goes to the
 * person's registered phone, in a fixed kk/ru text naming who asks (from the staff account), the
 * systems and the purpose (from the list). A send beyond the limits changes nothing, and is
 * audited (`consent.request-limited`) after the refused transaction.
 */
export async function requestConsent(
  db: Db,
  staff: User,
  input: { subjectIin: string; purpose: ConsentPurpose; systems: ConsentSystem[]; serviceCode?: string },
  limits: ConsentSmsLimits = CONSENT_SMS_LIMITS,
  otpOpts: IssueOptions = {},
  correlationId: string | null = null,
): Promise<ConsentRequested> {
  const role = requesterRole(staff);
  try {
    return await execute({ db } as AppContext, requestAction(staff, limits, otpOpts), { actor: { id: staff.id, role }, subjectId: input.subjectIin, body: input, correlationId });
  } catch (e) {
    if (!(e instanceof ConsentLimitError)) throw e;
    // A refused send is audited too: who tried to text whom, how often.
    await writeAudit(db, {
      event: 'consent.request-limited',
      actorId: staff.id,
      actorRole: role,
      subject: { type: 'person', id: input.subjectIin },
      correlationId,
      reason: e.hit,
      data: { purpose: input.purpose, systems: [...new Set(input.systems)], counts: e.counts },
    });
    throw e;
  }
}

/** A consent row locked for an action of the pipeline (src/actions). */
type ConsentSubject = Row & { otp_id: string | null; requester_id: string | null };
const lockConsent = async (q: Queryable, id: string) =>
  (await q.query<ConsentSubject>('SELECT * FROM consents WHERE id = $1 FOR UPDATE', [/^[0-9a-f-]{36}$/i.test(id) ? id : '00000000-0000-0000-0000-000000000000'])).rows[0] ?? null;

/**
 * The code the person received, typed in by staff, grants the consent (staff act for the
 * person: both are audited). An action of the one pipeline: only the staff member who asked;
 * the code is checked (and spent) before the transaction, the grant and its audit row in it.
 */
const confirmAction: ActionSpec<ConsentSubject, Record<string, never>, Consent> = {
  name: 'consent.confirm',
  body: z.object({}).strict(),
  load: (q, _ctx, id) => lockConsent(q, id),
  authorise: (actor, c) => {
    if (c.requester_id !== actor.id || !c.otp_id) throw new AppError('NOT_FOUND');
  },
  allowed: () => {},
  apply: async (a) => {
    const c = a.subject;
    const subjectId = a.prepared as string | null;
    const u = await a.q.query<Row>('UPDATE consents SET granted_at = now() WHERE id = $1 RETURNING *', [c.id]);
    return {
      audit: [{ event: 'consent.confirmed', onBehalfOf: subjectId, subject: { type: 'consent', id: c.id }, data: { subjectIin: c.subject_iin.trim(), purpose: c.purpose, systems: c.systems } }],
      result: toConsent(u.rows[0] as Row),
    };
  },
};

export async function confirmConsent(ctx: Pick<AppContext, 'db'>, staff: User, consentId: string, code: string): Promise<Consent> {
  return execute(ctx as AppContext, {
    ...confirmAction,
    // The code is spent by its own statement (consumeOtp), before the grant's transaction.
    prepare: async () => {
      const c = await lockConsent(ctx.db, consentId);
      if (!c || c.requester_id !== staff.id || !c.otp_id) throw new AppError('NOT_FOUND');
      const subject = await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [c.subject_iin]);
      const subjectId = subject.rows[0]?.id ?? null;
      await consumeOtp(ctx.db, c.otp_id, code, subjectId ?? '', 'consent', `consent:${c.subject_iin}:${c.purpose}`);
      return subjectId;
    },
  }, { actor: { id: staff.id, role: staffRole(staff) }, subjectId: consentId, body: {} });
}

/** A consent usable now for this system: granted, not expired, not revoked. */
export async function requireConsent(q: Queryable, consentId: string, subjectIin: string, system: string): Promise<void> {
  const r = await q.query<{ ok: boolean }>(
    `SELECT true AS ok FROM consents WHERE id = $1 AND subject_iin = $2 AND $3 = ANY(systems)
        AND granted_at IS NOT NULL AND revoked_at IS NULL AND closed_at IS NULL AND expires_at > now()`,
    [consentId, subjectIin, system],
  );
  if (!r.rows[0]) throw new AppError('FORBIDDEN', { message: { kk: 'Дербес деректерді пайдалануға келісім жоқ.', ru: 'Нет согласия на использование персональных данных.', en: 'There is no consent to use the personal data.' } });
}

export async function myConsents(q: Queryable, user: User): Promise<Consent[]> {
  const r = await q.query<Row>(
    `SELECT c.*, a.number AS application_number FROM consents c LEFT JOIN applications a ON a.id = c.application_id
      WHERE c.subject_iin = $1 ORDER BY c.created_at DESC LIMIT 100`,
    [user.iin],
  );
  return r.rows.map(toConsent);
}

/** The person revokes a consent of theirs: an action of the one pipeline (authorise → allowed → one transaction with its audit row). */
const revokeAction: ActionSpec<ConsentSubject, Record<string, never>, null> = {
  name: 'consent.revoke',
  body: z.object({}).strict(),
  load: (q, _ctx, id) => lockConsent(q, id),
  authorise: (actor, c) => {
    if (c.subject_iin.trim() !== (actor as ActorRef & { iin?: string }).iin) throw new AppError('NOT_FOUND');
  },
  allowed: (c) => {
    if (c.revoked_at) throw new AppError('NOT_FOUND');
  },
  apply: async (a) => {
    await a.q.query('UPDATE consents SET revoked_at = now() WHERE id = $1', [a.subject.id]);
    return { audit: [{ event: 'consent.revoked', subject: { type: 'consent', id: a.subject.id }, data: { purpose: a.subject.purpose, requesterId: a.subject.requester_id } }], result: null };
  },
};

export async function revokeConsent(ctx: Pick<AppContext, 'db'>, user: User, id: string): Promise<void> {
  await execute(ctx as AppContext, revokeAction, { actor: { id: user.id, role: 'citizen', iin: user.iin } as ActorRef, subjectId: id, body: {} });
}

const UUID_RE_SQL = "'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'";

/**
 * "Who accessed my data": the gateway call log about this person, and the reads made for this
 * person's own applications (e.g. a child's address read for the parent's application), newest
 * first. Each row names the application it served (by number: the call's correlation id is the
 * application's id) and whose data was read.
 */
export async function dataAccessLog(q: Queryable, user: User, limit = 50) {
  const r = await q.query<{
    at: Date;
    system_id: string;
    service_id: string;
    purpose: string;
    sender_id: string;
    actor_id: string | null;
    consent_id: string | null;
    status: string;
    subject_iin: string | null;
    actor_name: string | null;
    actor_roles: string[] | null;
    app_id: string | null;
    app_number: string | null;
    app_applicant: string | null;
  }>(
    `WITH g AS (
       (SELECT * FROM gateway_calls WHERE subject_iin = $1 ORDER BY at DESC LIMIT $2)
       UNION
       (SELECT g.* FROM applications a JOIN gateway_calls g ON g.correlation_id = a.id::text WHERE a.applicant_id = $3 ORDER BY g.at DESC LIMIT $2)
     )
     SELECT g.at, g.system_id, g.service_id, g.purpose, g.sender_id, g.actor_id, g.consent_id, g.status, g.subject_iin,
            u.surname || ' ' || u.given_name AS actor_name, u.roles AS actor_roles,
            a.id AS app_id, a.number AS app_number, a.applicant_id AS app_applicant
       FROM g LEFT JOIN users u ON u.id::text = g.actor_id
       LEFT JOIN applications a ON a.id = CASE WHEN g.correlation_id ~ ${UUID_RE_SQL} THEN g.correlation_id::uuid END
      ORDER BY g.at DESC, g.message_id DESC LIMIT $2`,
    [user.iin, limit, user.id],
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
    /** Whose data was read: this person's own, or (for their own application) another person's IIN. */
    subject: { iin: x.subject_iin?.trim() ?? null, self: x.subject_iin?.trim() === user.iin },
    /** The application the read served; `own`: this person's (they can open it in the cabinet). */
    application: x.app_id ? { id: x.app_applicant === user.id ? x.app_id : null, number: x.app_number, own: x.app_applicant === user.id } : null,
  }));
}
