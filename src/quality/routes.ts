/**
 * The quality survey (mounted at /api/v1):
 *   GET  /applications/{id}/survey   the questionnaire and whether it is open / answered (the applicant)
 *   POST /applications/{id}/survey   the answer, once (the applicant)
 *   GET  /quality/surveys            aggregates by service, provider, region, channel or month (quality auditor, admin)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDaysBetween } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { signedInScope } from '../http/auth.ts';
import { I18nSchema } from '../http/lang.ts';
import { checkDate, isoDate } from '../http/params.ts';
import { loadSurveySubject, submitSurvey, SURVEY_STATUSES } from './actions.ts';
import { REPORT_DIMENSIONS, surveyReport } from './report.ts';
import { SURVEY } from './survey.ts';

const Question = z.object({ id: z.string(), text: I18nSchema, options: z.array(z.object({ value: z.number(), label: I18nSchema })) });
const SurveyView = z.object({
  id: z.string(),
  title: I18nSchema,
  questions: z.array(Question),
  rating: z.object({ min: z.number(), max: z.number(), text: I18nSchema }),
  comment: z.object({ maxLength: z.number(), text: I18nSchema }),
  /** Open: the application is decided and the survey not yet answered. */
  open: z.boolean(),
  answered: z.boolean(),
});
const Group = z.object({
  key: z.string().nullable(),
  answers: z.number(),
  questions: z.record(z.string(), z.record(z.string(), z.number())),
  ratings: z.record(z.string(), z.number()),
  meanRating: z.number(),
});

export function qualityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const applicant: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/applications/:id/survey',
      { schema: { tags: ['quality'], summary: 'The quality survey of a decided application (001 annex 6, and a 1–5 rating)', params: z.object({ id: z.string().max(100) }), response: { 200: SurveyView } } },
      async (req) => {
        const s = await loadSurveySubject(ctx.db, req.params.id, false);
        if (!s || s.applicant_id !== req.user!.id) throw new AppError('NOT_FOUND');
        const { source: _source, ...view } = SURVEY;
        return { ...view, open: !s.answered && SURVEY_STATUSES.includes(s.status), answered: s.answered };
      },
    );
    app.post(
      '/applications/:id/survey',
      {
        schema: {
          tags: ['quality'],
          summary: 'Answer the quality survey, once; the answer is anonymous in every report',
          params: z.object({ id: z.string().max(100) }),
          body: z.unknown(),
          response: { 201: z.object({ answered: z.literal(true) }) },
        },
      },
      async (req, reply) => reply.status(201).send(await submitSurvey(ctx, { id: req.user!.id, role: 'citizen' }, req.params.id, req.body)),
    );
  };
  const auditor: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/quality/surveys',
      {
        schema: {
          tags: ['quality'],
          summary: 'Survey aggregates for the quality-evaluation authority (groups under 5 answers suppressed)',
          querystring: z.object({ from: isoDate, to: isoDate, by: z.enum(REPORT_DIMENSIONS).default('service'), service: z.string().max(100).optional() }).strict(),
          response: { 200: z.object({ survey: z.string(), from: z.string(), to: z.string(), by: z.string(), groups: z.array(Group), suppressed: z.number() }) },
        },
      },
      async (req) => {
        const { from, to, by, service } = req.query;
        checkDate(from, '/query/from');
        checkDate(to, '/query/to');
        const days = calendarDaysBetween(from, to);
        if (days < 0 || days > 5 * 366) throw new AppError('REPORT_PERIOD_INVALID', { path: '/query/to' });
        return { survey: SURVEY.id, from, to, by, ...(await surveyReport(ctx.db, { from, to, by, service })) };
      },
    );
  };
  return async (app) => {
    await app.register(signedInScope(ctx, ['citizen'], applicant));
    await app.register(signedInScope(ctx, ['quality-auditor', 'admin'], auditor));
  };
}
