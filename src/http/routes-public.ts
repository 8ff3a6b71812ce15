/** Public, read-only routes: the service catalogue, deadlines, the calendar, regions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveService } from '../applications/applications.ts';
import { applicationDeadline, factErrors } from '../applications/deadline.ts';
import { computeDeadline } from '../calendar/deadline.ts';
import { parseLocalInstant } from '../calendar/time.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { REGIONS, REGION_CODES } from '../regions.ts';
import { CATEGORIES, CATEGORY_CODES } from '../registry/categories.ts';
import { requiredDocuments } from '../registry/checklist.ts';
import { citizenView, editorialNotes } from '../registry/editorial.ts';
import type { ServiceDefinition } from '../registry/types.ts';
import { CHANNELS } from '../registry/types.ts';
import { optionalUser } from './auth.ts';
import { I18nSchema, pickLang } from './lang.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export function serviceSummary(d: ServiceDefinition) {
  return {
    code: d.code,
    version: d.version,
    name: d.name,
    sphere: d.sphere,
    categories: d.categories,
    variant: d.variant ?? null,
    provider: d.provider,
    channels: d.channels,
    recipients: d.recipients,
    digestRef: d.digestRef,
    free: d.fees.kind === 'free',
    feeKind: d.fees.kind,
  };
}

const ServiceSummary = z.object({
  code: z.string(),
  version: z.number(),
  name: I18nSchema,
  sphere: z.string(),
  /** Catalogue categories (codes; names in kk/ru/en at GET /api/v1/categories). */
  categories: z.array(z.string()),
  /** What sets the service apart from another one with the same name (a region, a regime). */
  variant: I18nSchema.nullable(),
  provider: z.object({ kind: z.string(), name: I18nSchema }),
  channels: z.array(z.string()),
  recipients: z.array(z.string()),
  digestRef: z.string(),
  free: z.boolean(),
  feeKind: z.enum(['free', 'state-duty', 'not-stated']),
});

const DeadlineResponse = z.object({
  dueDate: z.string(),
  acceptanceDate: z.string(),
  termId: z.string(),
  basis: z.string(),
  basisText: I18nSchema,
  /** The term's notice to the applicant (e.g. paternity, 3 calendar days), when it has one. */
  noticeBy: z.string().optional(),
});

function checkDate(s: string, path: string): void {
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new AppError('INVALID_DATE', { path });
}

function calendarCall<T>(fn: () => T, path: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('YEAR_OUT_OF_RANGE', { path });
  }
}

export function publicRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/services',
      {
        schema: {
          tags: ['services'],
          summary: 'Search the catalogue of state services (kk/ru/en; Kazakh letters optional)',
          // Long queries are answered from their start (Registry.search: MAX_QUERY_CHARS); beyond 2000 characters it is not a search.
          querystring: z.object({ q: z.string().max(2000).optional(), at: isoDate.optional() }).strict(),
          response: { 200: z.object({ items: z.array(ServiceSummary) }) },
        },
      },
      async (req) => {
        const at = req.query.at ? new Date(`${req.query.at}T12:00:00+05:00`) : new Date();
        if (req.query.at) checkDate(req.query.at, '/query/at');
        const defs = req.query.q?.trim() ? ctx.registry.search(req.query.q, at) : ctx.registry.list(at);
        return { items: defs.map(serviceSummary) };
      },
    );

    app.get(
      '/api/v1/services/:code',
      {
        schema: {
          tags: ['services'],
          summary:
            "The version of a service definition in force (or at a date), with its version history. Maintainers' notes (`editorial`, `ambiguities`) are included only for admins.",
          params: z.object({ code: z.string().max(100) }),
          querystring: z.object({ at: isoDate.optional(), version: z.coerce.number().int().positive().optional() }).strict(),
        },
      },
      async (req) => {
        if (req.query.at) checkDate(req.query.at, '/query/at');
        const versions = ctx.registry.versions(req.params.code);
        if (!versions.length) throw new AppError('UNKNOWN_SERVICE', { path: '/params/code' });
        let def: ServiceDefinition | undefined;
        if (req.query.version) {
          def = versions.find((v) => v.version === req.query.version);
          if (!def) throw new AppError('NOT_FOUND', { path: '/query/version' });
        } else {
          const at = req.query.at;
          def = ctx.registry.inForce(req.params.code, at ? new Date(`${at}T12:00:00+05:00`) : new Date());
          // The service exists but no version was in force then: the date is what to change.
          if (!def) throw new AppError('SERVICE_NOT_IN_FORCE', { path: at ? '/query/at' : '/params/code' });
        }
        const user = await optionalUser(ctx, req);
        const maintainer = user?.roles.includes('admin') ? { editorial: editorialNotes(def), ambiguities: def.ambiguities } : {};
        return {
          ...citizenView(def),
          ...maintainer,
          versions: versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo ?? null, legalAct: citizenView(v).legalAct })),
        };
      },
    );

    app.get(
      '/api/v1/services/:code/deadline',
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
        const r = calendarCall(() => computeDeadline(def, { channel: req.query.channel, filedAt, region: req.query.region }, ctx.calendar), '/query/filedAt');
        if (!r) throw new AppError('NO_TERM_FOR_CHANNEL', { path: '/query/channel' });
        const lang = pickLang(req);
        return { dueDate: r.dueDate, acceptanceDate: r.acceptanceDate, termId: r.termId, basis: r.basis[lang], basisText: r.basis, ...(r.noticeBy ? { noticeBy: r.noticeBy } : {}) };
      },
    );

    app.post(
      '/api/v1/services/:code/deadline',
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
      '/api/v1/services/:code/documents',
      {
        schema: {
          tags: ['services'],
          summary: 'The documents required on a channel; conditions are evaluated against the given answers',
          params: z.object({ code: z.string().max(100) }),
          querystring: z.object({ channel: z.enum(CHANNELS) }).catchall(z.string().max(200)),
        },
      },
      async (req) => {
        const def = resolveService(ctx, req.params.code, new Date());
        if (!def.channels.includes(req.query.channel)) throw new AppError('CHANNEL_NOT_AVAILABLE', { path: '/query/channel' });
        const { channel, ...values } = req.query;
        return { items: requiredDocuments(def, channel, values) };
      },
    );

    app.get(
      '/api/v1/calendar/add-working-days',
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
      '/api/v1/calendar/:year',
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

    app.get('/api/v1/categories', { schema: { tags: ['reference'], summary: 'Catalogue categories of services (kk/ru/en)' } }, async () => ({
      items: CATEGORY_CODES.map((code) => ({ code, name: CATEGORIES[code] })),
    }));

    app.get('/api/v1/regions', { schema: { tags: ['reference'], summary: 'Regions of Kazakhstan' } }, async () => ({
      items: REGION_CODES.map((code) => ({ code, name: REGIONS[code] })),
    }));
  };
}
