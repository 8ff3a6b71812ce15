/**
 * Organisations, public and read-only (mounted at /api/v1, no role hook) (names, kinds, regions, what each provides or fronts for):
 *
 *   GET /api/v1/organisations            every organisation in force; `?kind=`, `?region=`, `?service=` filter
 *   GET /api/v1/organisations/{id}       one organisation
 *
 * No people: staff lists are not public. Editorial notes are for maintainers and are left out.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { I18n } from '../http/schemas.ts';
import { REGION_CODES } from '../regions.ts';
import { type Organisation, ORG_KINDS } from './organisations.ts';

const Span = z.object({ from: z.string(), until: z.string() });
const OrgSchema = z.object({
  id: z.string(),
  kind: z.enum(ORG_KINDS),
  name: I18n,
  region: z.string().nullable(),
  district: z.string().nullable(),
  parent: z.string().nullable(),
  provides: z.array(z.object({ service: z.string(), conditional: z.boolean() })),
  frontOfficeFor: z.union([z.literal('all'), z.array(z.string())]),
  hours: z.object({ from: z.string(), until: z.string(), lunch: Span.optional(), saturday: Span.optional() }).nullable(),
});

const view = (o: Organisation) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  region: o.region,
  district: o.district,
  parent: o.parent,
  provides: o.provides.map((p) => ({ service: p.service, conditional: p.when !== undefined })),
  frontOfficeFor: o.frontOfficeFor,
  hours: o.hours,
});

export function organisationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/organisations',
      {
        schema: {
          tags: ['reference'],
          summary: 'Organisations: providers, public service centres, akimats as front offices, the quality authority, the operator',
          querystring: z
            .object({
              kind: z.enum(ORG_KINDS).optional(),
              region: z.enum(REGION_CODES as [string, ...string[]]).optional(),
              service: z.string().max(100).optional(),
            })
            .strict(),
          response: { 200: z.object({ items: z.array(OrgSchema) }) },
        },
      },
      async (req) => {
        const { kind, region, service } = req.query;
        const items = ctx.orgs.list.filter(
          (o) =>
            (!kind || o.kind === kind) &&
            (!region || o.region === region) &&
            (!service || o.provides.some((p) => p.service === service) || o.frontOfficeFor === 'all' || o.frontOfficeFor.includes(service)),
        );
        return { items: items.map(view) };
      },
    );
    app.get(
      '/organisations/:id',
      { schema: { tags: ['reference'], summary: 'One organisation', params: z.object({ id: z.string().max(100) }), response: { 200: OrgSchema } } },
      async (req) => {
        const o = ctx.orgs.get(req.params.id);
        if (!o) throw new AppError('NOT_FOUND', { path: '/params/id' });
        return view(o);
      },
    );
  };
}
