/**
 * Maintainers' view of the definitions (role admin):
 *
 *   GET /api/v1/admin/editorial   every version of every service: its editorial notes (with the
 *                                 citizen text each concerns) and its readings of ambiguities
 *
 * The same notes ride on GET /api/v1/services/{code} as `editorial` and `ambiguities` when the
 * caller is an admin; everyone else gets the citizen view only (src/registry/editorial.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { PreHandler } from '../pki/routes.ts';
import { editorialNotes } from './editorial.ts';

const I18n = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
export const EditorialNoteSchema = z.object({ path: z.string(), text: z.string(), citizenText: I18n.optional() });
export const AmbiguitySchema = z.object({ ref: z.string(), reading: z.string() });

export function registryAdminRoutes(ctx: AppContext, admin: PreHandler): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/editorial',
      {
        preHandler: admin,
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
