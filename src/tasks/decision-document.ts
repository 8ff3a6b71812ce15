/**
 * A decision's document (README.md, "The document the head signs"): approve and refuse prepare the
 * PDF (the result, or the reasoned refusal letter; src/documents) inside the action's transaction
 * and link it to the decision (`application_decisions.document_number`); the sign step's bytes are
 * that PDF's, and the head's verified CMS over them is attached to it.
 *
 * The official printed on the document is the head who signs it: the head who assigned the
 * executor (`vars.headId`, the sign task's assignee). Without one (a process with no assign step),
 * the organisation's first head; then only that head may sign (the document names them).
 */
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import type { ActorRef } from '../actions/ledger.ts';
import { attachSignature, documentBytes, prepareDocument, revokeDocument } from '../documents/documents.ts';
import type { CaseRow } from './runtime.ts';
import type { ServiceDefinition } from '../registry/types.ts';

export interface DecisionDocument {
  number: string;
  bytes: Uint8Array;
  sha256: string;
  /** The official it names (their IIN must be the signer's), when known. */
  officialIin: string | null;
}

interface Official {
  id: string;
  name: string;
  iin: string | null;
}

async function officialOf(q: Queryable, app: CaseRow, orgId: string): Promise<Official | null> {
  const cols = "id, concat_ws(' ', surname, given_name, patronymic) AS name, iin";
  if (typeof app.vars.headId === 'string') {
    const r = await q.query<Official>(`SELECT ${cols} FROM users WHERE id = $1`, [app.vars.headId]);
    if (r.rows[0]) return r.rows[0];
  }
  const r = await q.query<Official>(`SELECT ${cols} FROM users WHERE org_id = $1 AND 'provider-head' = ANY(roles) ORDER BY surname, given_name, id LIMIT 1`, [orgId]);
  return r.rows[0] ?? null;
}

/** An act record a decision carries (`data.actRecord`, written by the civil-registry step at approve). */
function actRecordOf(data: Record<string, unknown>): { number: string; date?: string | null } | null {
  const a = data.actRecord as { number?: unknown; date?: unknown } | undefined;
  if (!a || typeof a !== 'object' || (typeof a.number !== 'string' && typeof a.number !== 'number')) return null;
  return { number: String(a.number), date: typeof a.date === 'string' ? a.date : null };
}

/**
 * Prepare the document of the application's decision as it is stored now, and link it; a
 * decision prepared again gets a new document, and the one it had is revoked as superseded.
 */
export async function prepareDecisionDocument(a: { ctx: AppContext; q: Queryable; actor: ActorRef; now: Date }, s: { app: CaseRow; def: ServiceDefinition; orgId: string }): Promise<string> {
  const d = (
    await a.q.query<{ kind: 'approve' | 'refuse'; data: Record<string, unknown>; document_number: string | null }>(
      'SELECT kind, data, document_number FROM application_decisions WHERE application_id = $1',
      [s.app.id],
    )
  ).rows[0];
  if (!d) throw new Error(`prepareDecisionDocument: application ${s.app.id} has no decision`);
  const org = s.app.provider_org && a.ctx.orgs.get(s.app.provider_org) ? s.app.provider_org : s.orgId;
  const official = await officialOf(a.q, s.app, org);
  const doc = await prepareDocument(a.ctx, a.q, {
    application: s.app,
    decision: { kind: d.kind, data: d.data },
    def: s.def,
    org,
    official: { name: official?.name ?? '—', iin: official?.iin ?? null },
    now: a.now,
    actRecord: actRecordOf(d.data),
  });
  await a.q.query('UPDATE application_decisions SET document_number = $2 WHERE application_id = $1', [s.app.id, doc.number]);
  if (d.document_number) {
    const old = (await a.q.query<{ status: string }>('SELECT status FROM documents WHERE number = $1', [d.document_number])).rows[0];
    if (old?.status === 'valid') await revokeDocument(a.ctx, a.q, d.document_number, { reason: 'superseded: the decision was prepared again', replacedBy: doc.number, actor: a.actor, now: a.now });
  }
  return doc.number;
}

/** The decision's document: its number, the bytes the head signs and the official it names (null: no document prepared). */
export async function decisionDocument(q: Queryable, applicationId: string): Promise<DecisionDocument | null> {
  const r = await q.query<{ document_number: string | null; official_iin: string | null }>(
    'SELECT d.document_number, doc.official_iin FROM application_decisions d LEFT JOIN documents doc ON doc.number = d.document_number WHERE d.application_id = $1',
    [applicationId],
  );
  const row = r.rows[0];
  if (!row?.document_number) return null;
  const b = await documentBytes(q, row.document_number);
  return b ? { number: row.document_number, ...b, officialIin: row.official_iin?.trim() ?? null } : null;
}

/** After the pipeline verified the head's CMS over the document's bytes: attach it. */
export const attachDecisionSignature = (q: Queryable, doc: DecisionDocument, cms: Uint8Array, serial: string, now: Date) => attachSignature(q, doc.number, cms, serial, now);
