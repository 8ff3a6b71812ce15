/**
 * Answering the survey: an action of the one pipeline (src/actions). The applicant only; the body
 * checked against the survey; allowed once the application is decided and not yet answered; one
 * transaction: the receipt, the anonymous answer, the audit event (README.md).
 */
import { z } from 'zod';
import { execute, type ActionSpec } from '../actions/executor.ts';
import type { ActorRef } from '../actions/ledger.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { localDate } from '../calendar/time.ts';
import { AppError, type FieldIssue } from '../errors/errors.ts';
import type { ApplicationStatus } from '../registry/types.ts';
import { answerIssues, SURVEY, type SurveyAnswer } from './survey.ts';

/** The outcomes after which the applicant is asked (a refusal is a delivered outcome too). */
export const SURVEY_STATUSES: readonly ApplicationStatus[] = ['result-ready', 'issued', 'refused'];

export interface SurveySubject {
  id: string;
  applicant_id: string;
  status: ApplicationStatus;
  service_code: string;
  provider_org: string | null;
  intake_org: string | null;
  region: string | null;
  channel: string;
  answered: boolean;
}

const ISSUE_TEXT = {
  REQUIRED: { kk: 'Сұраққа жауап беріңіз.', ru: 'Ответьте на вопрос.', en: 'Answer the question.' },
  UNKNOWN_FIELD: { kk: 'Сауалнамада мұндай сұрақ жоқ.', ru: 'В анкете нет такого вопроса.', en: 'The survey has no such question.' },
  INVALID: { kk: 'Ұсынылған жауаптардың бірін таңдаңыз.', ru: 'Выберите один из предложенных ответов.', en: 'Choose one of the answers offered.' },
};

export const loadSurveySubject = async (q: Queryable, id: string, lock: boolean): Promise<SurveySubject | null> => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return (
    (
      await q.query<SurveySubject>(
        `SELECT a.id, a.applicant_id, a.status, a.service_code, a.provider_org, a.intake_org, a.region, a.channel,
                EXISTS (SELECT 1 FROM survey_receipts r WHERE r.application_id = a.id) AS answered
           FROM applications a WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`,
        [id],
      )
    ).rows[0] ?? null
  );
};

const answerSurvey: ActionSpec<SurveySubject, SurveyAnswer, { answered: true }> = {
  name: 'survey.answer',
  body: z
    .object({
      answers: z.record(z.string().max(50), z.number()),
      rating: z.number(),
      comment: z.string().trim().max(4000).optional(),
    })
    .strict(),
  load: (q, _ctx, id) => loadSurveySubject(q, id, true),
  authorise: (actor, s) => {
    // Somebody else's application does not exist for them.
    if (actor.id !== s.applicant_id) throw new AppError('NOT_FOUND');
  },
  allowed: (s) => {
    if (s.answered) throw new AppError('SURVEY_ALREADY_ANSWERED');
    if (!SURVEY_STATUSES.includes(s.status)) throw new AppError('SURVEY_NOT_OPEN', { details: { status: s.status } });
  },
  apply: async ({ q, subject, body, now }) => {
    const issues = answerIssues(SURVEY, body);
    if (issues.length) {
      const errors: FieldIssue[] = issues.map((i) => ({ path: i.path, code: i.code, message: ISSUE_TEXT[i.code] }));
      throw new AppError('VALIDATION_FAILED', { errors, path: errors[0]?.path });
    }
    const day = localDate(now);
    await q.query('INSERT INTO survey_receipts (application_id, survey, answered_on) VALUES ($1, $2, $3)', [subject.id, SURVEY.id, day]);
    await q.query(
      `INSERT INTO survey_answers (survey, service_code, provider_org, intake_org, region, channel, outcome, answered_on, answers, rating, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [SURVEY.id, subject.service_code, subject.provider_org, subject.intake_org, subject.region, subject.channel, subject.status, day, JSON.stringify(body.answers), body.rating, body.comment || null],
    );
    // The audit names the application and the survey, never the answers (they are anonymous).
    return { audit: [{ event: 'survey.answered', subject: { type: 'application', id: subject.id }, data: { survey: SURVEY.id } }], result: { answered: true } };
  },
};

export async function submitSurvey(ctx: AppContext, actor: ActorRef, applicationId: string, body: unknown): Promise<{ answered: true }> {
  return execute(ctx, answerSurvey, { actor, subjectId: applicationId, body });
}
