/**
 * The service catalogue (mounted at /api/v1, open to everyone): search, one definition with its
 * versions, the documents required, categories and regions. And the maintainers' view (role admin):
 *
 *   GET /api/v1/admin/editorial   every version of every service: its editorial notes (with the
 *                                 citizen text each concerns) and its readings of ambiguities
 *
 * The same notes ride on GET /api/v1/services/{code} as `editorial` and `ambiguities` when the
 * caller is an admin; everyone else gets the citizen view only (src/registry/editorial.ts).
 * Deadlines of a service: src/calendar/routes.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveService } from '../applications/applications.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { optionalUser, signedInScope } from '../http/auth.ts';
import { I18nSchema } from '../http/lang.ts';
import { checkDate, isoDate } from '../http/params.ts';
import { Channel } from '../http/schemas.ts';
import { REGIONS, REGION_CODES } from '../regions.ts';
import { CATEGORIES, CATEGORY_CODES } from './categories.ts';
import { requiredDocuments } from './checklist.ts';
import { citizenView, editorialNotes } from './editorial.ts';
import type { ServiceDefinition } from './types.ts';
import { CHANNELS } from './types.ts';

const I18n = I18nSchema;
export const EditorialNoteSchema = z.object({ path: z.string(), text: z.string(), citizenText: I18n.optional() });
export const AmbiguitySchema = z.object({ ref: z.string(), reading: z.string() });

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
  channels: z.array(Channel),
  recipients: z.array(z.string()),
  digestRef: z.string(),
  free: z.boolean(),
  feeKind: z.enum(['free', 'state-duty', 'not-stated']),
});

/**
 * GET /services/{code}: the citizen view of a definition (src/registry/types.ts ServiceDefinition
 * without `ambiguities`; its full shape is the definition model's), the version history, and for
 * admins the maintainers' notes.
 */
const ServiceDetail = z.looseObject({
  code: z.string(),
  version: z.number(),
  name: I18n,
  effectiveFrom: z.string(),
  channels: z.array(Channel),
  versions: z.array(z.object({ version: z.number(), effectiveFrom: z.string(), effectiveTo: z.string().nullable(), legalAct: z.looseObject({}) })),
  editorial: z.array(EditorialNoteSchema).optional(),
  ambiguities: z.array(AmbiguitySchema).optional(),
});

/** One document of the checklist: the definition's document, whether it applies, whether it is fetched, why. */
const ChecklistItem = z.object({
  document: z.looseObject({ id: z.string(), name: I18n, channels: z.array(Channel) }),
  applies: z.boolean(),
  fetched: z.boolean(),
  reason: I18n,
});

const CodeAndName = z.object({ items: z.array(z.object({ code: z.string(), name: I18n })) });

export function registryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/services',
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
      '/services/:code',
      {
        schema: {
          tags: ['services'],
          summary:
            "The version of a service definition in force (or at a date), with its version history. Maintainers' notes (`editorial`, `ambiguities`) are included only for admins.",
          params: z.object({ code: z.string().max(100) }),
          querystring: z.object({ at: isoDate.optional(), version: z.coerce.number().int().positive().optional() }).strict(),
          response: { 200: ServiceDetail },
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
          versions: versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo ?? null, legalAct: { ...citizenView(v).legalAct } })),
        };
      },
    );

    app.get(
      '/services/:code/documents',
      {
        schema: {
          tags: ['services'],
          summary: 'The documents required on a channel; conditions are evaluated against the given answers',
          params: z.object({ code: z.string().max(100) }),
          querystring: z.object({ channel: z.enum(CHANNELS) }).catchall(z.string().max(200)),
          response: { 200: z.object({ items: z.array(ChecklistItem) }) },
        },
      },
      async (req) => {
        const def = resolveService(ctx, req.params.code, new Date());
        if (!def.channels.includes(req.query.channel)) throw new AppError('CHANNEL_NOT_AVAILABLE', { path: '/query/channel' });
        const { channel, ...values } = req.query;
        return { items: requiredDocuments(def, channel, values).map((i) => ({ ...i, document: { ...i.document } })) };
      },
    );

    app.get('/categories', { schema: { tags: ['reference'], summary: 'Catalogue categories of services (kk/ru/en)', response: { 200: CodeAndName } } }, async () => ({
      items: CATEGORY_CODES.map((code) => ({ code, name: CATEGORIES[code] })),
    }));

    app.get('/regions', { schema: { tags: ['reference'], summary: 'Regions of Kazakhstan', response: { 200: CodeAndName } } }, async () => ({
      items: REGION_CODES.map((code) => ({ code, name: REGIONS[code] })),
    }));
    await app.register(signedInScope(ctx, ['admin'], adminRoutes(ctx)));
  };
}

function adminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/editorial',
      {
        schema: {
          tags: ['admin'],
          summary: "Maintainers' notes on the definitions: editorial remarks and readings of ambiguities, per service version (never shown to citizens)",
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  code: z.string(),
                  version: z.number(),
                  name: I18n,
                  effectiveFrom: z.string(),
                  effectiveTo: z.string().nullable(),
                  editorial: z.array(EditorialNoteSchema),
                  ambiguities: z.array(AmbiguitySchema),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        items: ctx.registry.codes().flatMap((code) =>
          ctx.registry.versions(code).map((d) => ({
            code: d.code,
            version: d.version,
            name: d.name,
            effectiveFrom: d.effectiveFrom,
            effectiveTo: d.effectiveTo ?? null,
            editorial: editorialNotes(d),
            ambiguities: d.ambiguities,
          })),
        ),
      }),
    );
  };
}
