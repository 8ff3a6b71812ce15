/**
 * The decision of a service decided at once on registry data (README.md): an action of the one
 * pipeline (src/actions), taken by the provider's information system right after the portal
 * submission is written, in the same transaction.
 *
 * authorise (the provider system only) → validate (the outcome) → allowed now (a submitted
 * portal application of a service decided at once) → one transaction: the result document, the
 * status change submitted → result-ready / refused with its history row (the refusal's reason),
 * its audit event and the applicant's notification (outbox), by the ledger.
 */
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { execute, type ActionSpec } from '../actions/executor.ts';
import type { ActorRef } from '../actions/ledger.ts';
import { insertSubmissions, type Inserted, type SubmitRow } from '../applications/batch.ts';
import { AppError } from '../errors/errors.ts';
import type { ApplicationStatus } from '../registry/types.ts';
import { organisationSeal, type Seal } from '../documents/seal.ts';
import { INSTANT, type InstantOutcome } from './instant.ts';
import { type DecidedApplication, sealedOutcomeDocument } from './result-document.ts';

/** The provider's information system deciding on registry data (history and audit name it so). */
export const PROVIDER_SYSTEM_ACTOR: ActorRef = { id: null, role: 'provider-system' };

const Text = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
const Outcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('document'), document: z.record(z.string(), z.unknown()), reason: z.undefined().optional() }).strict(),
  // A refusal always says why, in kk/ru/en (the history row's reason).
  z.object({ kind: z.literal('refusal'), document: z.record(z.string(), z.unknown()), reason: Text }).strict(),
]);
type OutcomeBody = z.infer<typeof Outcome>;

interface Subject extends DecidedApplication {
  id: string;
  status: ApplicationStatus;
  service_code: string;
  channel: string;
  version: number;
}

/** The decision; with the provider system's seal (`sealed`), its document is prepared and signed too. */
export const decideAtOnceSealed = (seal: Seal | null): ActionSpec<Subject, OutcomeBody, { status: ApplicationStatus; document: string | null }> => ({
  name: 'application.decide-at-once',
  body: Outcome,
  load: async (q, _ctx, id) =>
    (
      await q.query<Subject>(
        'SELECT id, status, service_code, service_version, channel, version, number, applicant_iin, applicant_id, filed_at, provider_org FROM applications WHERE id = $1 FOR UPDATE',
        [id],
      )
    ).rows[0] ?? null,
  authorise: (actor) => {
    if (actor.id !== null || actor.role !== PROVIDER_SYSTEM_ACTOR.role) throw new AppError('FORBIDDEN');
  },
  allowed: (s) => {
    if (s.channel !== 'portal' || !Object.hasOwn(INSTANT, s.service_code) || s.status !== 'submitted')
      throw new AppError('ACTION_NOT_ALLOWED', { details: { status: s.status, service: s.service_code } });
  },
  version: (s) => s.version,
  apply: async ({ ctx, q, subject, body, now }) => {
    const to: ApplicationStatus = body.kind === 'document' ? 'result-ready' : 'refused';
    await q.query('INSERT INTO application_results (application_id, kind, document) VALUES ($1, $2, $3)', [subject.id, body.kind, JSON.stringify(body.document)]);
    // The signed PDF of the result (or of the refusal), sealed by the provider's information system.
    const document = await sealedOutcomeDocument(ctx, q, subject, seal, body, now);
    return {
      status: { applicationId: subject.id, from: subject.status, to, reason: body.reason ?? null },
      audit: document ? [{ event: 'document.issued', subject: { type: 'application', id: subject.id }, data: { number: document, sealedBy: seal?.serial } }] : [],
      // The applicant is told: the result is ready, or the reasoned refusal (src/notifications).
      outbox: [{ kind: 'notify.decision-signed', payload: { applicationId: subject.id, decision: body.kind === 'document' ? 'approve' : 'refuse' } }],
      bumpVersion: subject.id,
      result: { status: to, document },
    };
  },
});

/** The decision without a signed document (no seal). */
export const decideAtOnce = decideAtOnceSealed(null);

/**
 * A portal submission of a service decided at once: the submission statement (batch.ts, alone:
 * this one is not group-committed) and the decision action, in one transaction. Null when the
 * idempotency key was taken (the caller answers with the earlier application).
 */
export async function submitDecidedAtOnce(ctx: AppContext, row: SubmitRow, outcome: InstantOutcome): Promise<Inserted | null> {
  // The seal is read (issued on first use) before the transaction: issuing writes in its own.
  const seal = row.provider_org ? await organisationSeal(ctx, row.provider_org) : null;
  return ctx.db.tx(async (q: Queryable) => {
    const inserted = (await insertSubmissions(q, [{ ...row, deliver: false }])).get(row.id);
    if (!inserted) return null;
    const body = outcome.kind === 'document' ? { kind: outcome.kind, document: outcome.document } : { kind: outcome.kind, document: outcome.document, reason: outcome.reason };
    const r = await execute(ctx, decideAtOnceSealed(seal), { actor: PROVIDER_SYSTEM_ACTOR, subjectId: row.id, body }, q);
    return { ...inserted, status: r.status };
  });
}
