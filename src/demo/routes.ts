/**
 * Demo mode only (DEMO, the default for `npm start`; mounted at /api/v1 only then): the demo
 * accounts for every role, a demo person's keystore, and the text messages the simulated SMS
 * operator delivered to a demo phone.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { binary, I18n } from '../http/schemas.ts';
import { recentSms } from '../sms/sms.ts';
import { DEMO_ACCOUNTS, ensureDemoKeystore } from './demo.ts';

export function demoRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/demo/accounts',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo accounts for every role (demo mode only)',
          response: {
            200: z.array(
              z.object({
                role: z.string(),
                iin: z.string(),
                password: z.string(),
                name: z.string(),
                phone: z.string(),
                mfaSms: z.boolean(),
                // The staff member's organisation (organisations/*.yaml), for grouping on the login page.
                org: z.object({ id: z.string(), kind: z.string(), name: I18n, region: z.string().nullable() }).nullable(),
              }),
            ),
          },
        },
      },
      async () =>
        DEMO_ACCOUNTS.map((a) => {
          const o = ctx.orgs.get(a.orgId);
          return {
            role: a.role,
            iin: a.iin,
            password: a.password,
            name: `${a.surname} ${a.givenName} ${a.patronymic}`,
            phone: a.phone,
            mfaSms: a.mfaSms ?? false,
            org: o ? { id: o.id, kind: o.kind, name: o.name, region: o.region } : null,
          };
        }),
    );
    app.get(
      '/demo/keystores/:iin/:usage',
      {
        schema: {
          tags: ['demo'],
          summary: "A demo person's PKCS#12 keystore (password = the account's demo password); demo mode only",
          params: z.object({ iin: z.string().regex(/^\d{12}$/), usage: z.enum(['auth', 'sign']) }),
          response: { 200: binary('application/x-pkcs12', 'the PKCS#12 keystore') },
        },
      },
      async (req, reply) => {
        // Issued on first download for the accounts that get none at seeding (src/demo/demo.ts).
        const p12 = await ensureDemoKeystore(ctx.db, ctx.pki, req.params.iin, req.params.usage);
        if (!p12) throw new AppError('NOT_FOUND');
        return reply
          .type('application/x-pkcs12')
          .header('content-disposition', `attachment; filename="${req.params.usage.toUpperCase()}_${req.params.iin}.p12"`)
          .send(p12);
      },
    );
    app.get(
      '/demo/sms',
      {
        schema: {
          tags: ['demo'],
          summary: 'Text messages the simulated SMS operator delivered to a demo phone (demo mode only)',
          // `?phone=+7701…` as the README writes it: a `+` in a query string decodes to a space, so
          // "+7…", "%2B7…" and " 7…" all mean the same number.
          querystring: z.object({ phone: z.string().regex(/^[+ ]?7\d{10}$/) }).strict(),
          response: { 200: z.object({ items: z.array(z.object({ body: z.string(), purpose: z.string(), at: z.string() })) }) },
        },
      },
      async (req) => {
        const phone = `+${req.query.phone.replace(/^[+ ]/, '')}`;
        if (!DEMO_ACCOUNTS.some((a) => a.phone === phone)) throw new AppError('NOT_FOUND');
        return { items: await recentSms(ctx.db, phone) };
      },
    );
  };
}
