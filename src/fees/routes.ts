/**
 * The state duty of a service on a date (mounted at /api/v1, public):
 *   GET /api/v1/services/{code}/fee?date=YYYY-MM-DD[&exemption=id][&<form field>=<value>…]
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resolveService } from '../applications/applications.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { I18nSchema } from '../http/lang.ts';
import { checkDate } from '../http/params.ts';
import { atLocal, localDate } from '../calendar/time.ts';
import { quoteFee, typedFact } from './quote.ts';

const FeeResponse = z.object({
  amountKzt: z.number(),
  mci: z.number(),
  rateMci: z.number(),
  basis: I18nSchema,
  items: z.array(z.object({ id: z.string(), label: I18nSchema, rateMci: z.number(), exemptedBy: z.string().nullable() })),
  mciBasis: I18nSchema,
});

export function feeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/services/:code/fee',
      {
        schema: {
          tags: ['services'],
          summary: 'The state duty in tenge on a date: the MCI in force that day times the rate of the standard',
          description:
            'Other query keys are values of the form the rate depends on (e.g. `documentKind=reference&requestFrom=kazakhstan`); a rate that depends on a value not given is 400 FEE_FACTS_REQUIRED naming the fields.',
          params: z.object({ code: z.string().max(100) }),
          querystring: z
            .object({ date: z.string().max(40).optional(), exemption: z.string().max(100).optional(), lang: z.enum(['kk', 'ru', 'en']).optional() })
            .catchall(z.string().max(200)),
          response: { 200: FeeResponse },
        },
      },
      async (req) => {
        const { date: rawDate, exemption, lang: _lang, ...facts } = req.query as Record<string, string | undefined>;
        const date = rawDate ?? localDate(new Date());
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new AppError('INVALID_DATE', { path: '/query/date' });
        checkDate(date, '/query/date');
        const def = resolveService(ctx, req.params.code, atLocal(date, '12:00'));
        const values: Record<string, unknown> = {};
        for (const [name, raw] of Object.entries(facts)) {
          const field = def.form.fields.find((f) => f.name === name);
          if (!field) throw new AppError('VALIDATION_FAILED', { path: `/query/${name}`, errors: [{ path: `/query/${name}`, code: 'UNKNOWN_FIELD', message: { kk: 'Белгісіз өріс.', ru: 'Неизвестное поле.', en: 'Unknown field.' } }] });
          values[name] = typedFact(field, raw ?? '');
        }
        return quoteFee(def, { date, exemption, values });
      },
    );
  };
}
