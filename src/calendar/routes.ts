/**
 * Deadlines and the working calendar (mounted at /api/v1, open to everyone): when a service's
 * result is due if filed at a moment (GET) or with these facts (POST), working days added to a
 * date, a year's calendar.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveService } from '../applications/applications.ts';
import { applicationDeadline, factErrors } from '../applications/deadline.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { I18nSchema, pickLang } from '../http/lang.ts';
import { checkDate, isoDate } from '../http/params.ts';
import { REGION_CODES } from '../regions.ts';
import { CHANNELS } from '../registry/types.ts';
import { type BranchOrg, branchDeadline, isBranch } from '../organisations/branches.ts';
import { computeDeadline } from './deadline.ts';
import { parseLocalInstant } from './time.ts';

const DeadlineResponse = z.object({
  dueDate: z.string(),
  acceptanceDate: z.string(),
  termId: z.string(),
  basis: z.string(),
  basisText: I18nSchema,
  /** The term's notice to the applicant (e.g. paternity, 3 calendar days), when it has one. */
  noticeBy: z.string().optional(),
});

function calendarCall<T>(fn: () => T, path: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('YEAR_OUT_OF_RANGE', { path });
  }
}

export function calendarRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/services/:code/deadline',
      {
        schema: {
          tags: ['services'],
          summary: 'When the result is due if the application is filed at the given moment',
          params: z.object({ code: z.string().max(100) }),
          querystring: z
            .object({
              channel: z.enum(CHANNELS),
              filedAt: z.string().max(40).optional(),
              region: z.enum(REGION_CODES as [string, ...string[]]).optional(),
              /** A branch (GET /api/v1/branches): its timetable decides the acceptance day (channel centre only). */
              branch: z.string().max(100).optional(),
              lang: z.enum(['kk', 'ru', 'en']).optional(),
            })
            .strict(),
          response: { 200: DeadlineResponse },
        },
      },
      async (req) => {
        // Without an offset the time is Kazakhstan's (UTC+5), not the server's.
        const filedAt = req.query.filedAt ? parseLocalInstant(req.query.filedAt) : new Date();
        if (!filedAt) throw new AppError('INVALID_DATE', { path: '/query/filedAt' });
        const def = resolveService(ctx, req.params.code, filedAt);
        if (!def.channels.includes(req.query.channel)) throw new AppError('CHANNEL_NOT_AVAILABLE', { path: '/query/channel' });
        let branch: BranchOrg | null = null;
        if (req.query.branch !== undefined) {
          const b = ctx.orgs.get(req.query.branch);
          if (!isBranch(b)) throw new AppError('UNKNOWN_BRANCH', { path: '/query/branch' });
          if (req.query.channel !== 'centre') throw new AppError('BRANCH_CHANNEL', { path: '/query/channel' });
          branch = b;
        }
        const region = req.query.region ?? branch?.region ?? undefined;
        const r = calendarCall(
          () => (branch ? branchDeadline(def, branch, { filedAt, region }, ctx.calendar) : computeDeadline(def, { channel: req.query.channel, filedAt, region }, ctx.calendar)),
          '/query/filedAt',
        );
        if (!r) throw new AppError('NO_TERM_FOR_CHANNEL', { path: '/query/channel' });
        const lang = pickLang(req);
        return { dueDate: r.dueDate, acceptanceDate: r.acceptanceDate, termId: r.termId, basis: r.basis[lang], basisText: r.basis, ...(r.noticeBy ? { noticeBy: r.noticeBy } : {}) };
      },
    );

    app.post(
      '/services/:code/deadline',
      {
        schema: {
          tags: ['services'],
          summary: 'When the result is due for an application with these facts (the same computation as filing it)',
          description:
            'The term depends on the case (a divorce on a court decision, a birth registered late…): give the form, or the part of it known so far. Values present are checked as the application would check them; missing ones are not required. Without `form` the answer is the general term, as GET gives.',
          params: z.object({ code: z.string().max(100) }),
          body: z
            .object({
              channel: z.enum(CHANNELS),
              filedAt: z.string().max(40).optional(),
              region: z.enum(REGION_CODES as [string, ...string[]]).optional(),
              form: z.record(z.string().max(100), z.unknown()).optional(),
            })
            .strict(),
          response: { 200: DeadlineResponse },
        },
      },
      async (req) => {
        const filedAt = req.body.filedAt ? parseLocalInstant(req.body.filedAt) : new Date();
        if (!filedAt) throw new AppError('INVALID_DATE', { path: '/body/filedAt' });
        const def = resolveService(ctx, req.params.code, filedAt);
        const { channel, region } = req.body;
        if (!def.channels.includes(channel)) throw new AppError('CHANNEL_NOT_AVAILABLE', { path: '/body/channel' });
        const facts = { channel, filedAt, region, form: req.body.form ?? {} };
        const errors = factErrors(def, facts);
        if (errors.length) throw new AppError('VALIDATION_FAILED', { errors, path: errors[0]?.path });
        const r = calendarCall(() => applicationDeadline(def, facts, ctx.calendar), '/body/filedAt');
        if (!r) throw new AppError('NO_TERM_FOR_CHANNEL', { path: '/body/channel' });
        const lang = pickLang(req);
        return { dueDate: r.dueDate, acceptanceDate: r.acceptanceDate, termId: r.termId, basis: r.basis[lang], basisText: r.basis, ...(r.noticeBy ? { noticeBy: r.noticeBy } : {}) };
      },
    );

    app.get(
      '/calendar/add-working-days',
      {
        schema: {
          tags: ['calendar'],
          summary: 'Add working days to a date (the day `from` itself is not counted)',
          querystring: z.object({ from: isoDate, days: z.coerce.number().int().min(0).max(3650) }).strict(),
          response: { 200: z.object({ date: z.string() }) },
        },
      },
      async (req) => {
        checkDate(req.query.from, '/query/from');
        return { date: calendarCall(() => ctx.calendar.addWorkingDays(req.query.from, req.query.days), '/query/from') };
      },
    );

    app.get(
      '/calendar/:year',
      {
        schema: {
          tags: ['calendar'],
          summary: 'The working calendar of a year (five-day week)',
          params: z.object({ year: z.coerce.number().int().min(1900).max(2200) }),
          response: {
            200: z.object({
              year: z.number(),
              workingDays: z.number(),
              nonWorkingWeekdays: z.array(z.string()),
              workingWeekendDays: z.array(z.string()),
            }),
          },
        },
      },
      async (req) => {
        const s = calendarCall(() => ctx.calendar.yearSummary(req.params.year), '/params/year');
        return { year: s.year, workingDays: s.workingDays, nonWorkingWeekdays: s.nonWorkingWeekdays, workingWeekendDays: s.workingWeekendDays };
      },
    );

  };
}
