/**
 * What the applicant's cabinet shows of the back office: the step the application is at, in
 * plain words, with its legal deadline, and the decision once signed (issue 9 item 6).
 */
import type { Queryable } from '../db/db.ts';
import type { I18n, ServiceDefinition, Channel } from '../registry/types.ts';
import { STEP_WORDS } from './tasks.ts';

export interface CaseProgress {
  currentStep: { id: string; kind: string; words: I18n; dueAt: string | null } | null;
  decision: { kind: 'approve' | 'refuse'; signedAt: string; grounds: Array<{ id: string; text: I18n | null }>; reasons: string | null } | null;
}

export async function caseProgress(q: Queryable, def: ServiceDefinition | null, app: { id: string; channel: Channel }): Promise<CaseProgress> {
  const r = await q.query<{ current_step: string | null; step_due_at: Date | null; kind: 'approve' | 'refuse' | null; data: { grounds?: string[]; text?: string } | null; signed_at: Date | null }>(
    `SELECT a.current_step, a.step_due_at, d.kind, d.data, d.signed_at
       FROM applications a LEFT JOIN application_decisions d ON d.application_id = a.id WHERE a.id = $1`,
    [app.id],
  );
  const row = r.rows[0];
  const step = row?.current_step ? def?.process[app.channel]?.steps.find((s) => s.id === row.current_step) : undefined;
  return {
    currentStep: step && row ? { id: step.id, kind: step.kind, words: STEP_WORDS[step.kind] ?? step.action, dueAt: row.step_due_at?.toISOString() ?? null } : null,
    decision:
      row?.kind && row.signed_at
        ? {
            kind: row.kind,
            signedAt: row.signed_at.toISOString(),
            grounds: (row.data?.grounds ?? []).map((id) => ({ id, text: def?.refusalGrounds.find((g) => g.id === id)?.text ?? null })),
            // The executor's own words to the applicant (a refusal's reasons).
            reasons: row.kind === 'refuse' && typeof row.data?.text === 'string' ? row.data.text : null,
          }
        : null,
  };
}

/** A history row's words: a step's event (opened, escalated…) in plain words, else null (a status change speaks for itself). */
export function historyWords(def: ServiceDefinition | null, channel: Channel, stepId: string | null, reason: unknown): I18n | null {
  const event = (reason as { event?: unknown } | null)?.event;
  if (event !== 'step-opened' || !stepId) return null;
  const step = def?.process[channel]?.steps.find((s) => s.id === stepId);
  return step ? (STEP_WORDS[step.kind] ?? step.action) : null;
}
