/**
 * The HTTP server: JSON API under /api/v1, OpenAPI 3.1 at /openapi.json, docs at
 * /docs, health at /healthz and /readyz, and the web UI (built SPA) at /.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { DEMO_ACCOUNTS, ensureDemoKeystore } from '../demo/demo.ts';
import { organisationRoutes } from '../organisations/routes.ts';
import { recentSms } from '../sms/sms.ts';
import { AppError } from '../errors/errors.ts';
import { pkiRoutes } from '../pki/routes.ts';
import { requireUser } from './auth.ts';
import { gatewayAdminRoutes } from '../gateway/routes.ts';
import { registryAdminRoutes } from '../registry/routes.ts';
import { prefillRoutes } from '../applications/prefill.ts';
import { PROVIDER_STAFF_ROLES } from '../uploads/uploads.ts';
import { taskRoutes } from '../tasks/routes.ts';
import { STAFF_ROLES } from '../tasks/tasks.ts';
import { uploadRoutes } from '../uploads/routes.ts';
import { jobRoutes } from '../jobs/routes.ts';
import { clientErrorHandler, installErrorHandling } from './errors.ts';
import { installInputGuard } from './input-guard.ts';
import { checkIntervalMs } from './limits.ts';
import { acceptedRequestId, clientRequestId } from './request-id.ts';
import { privateRoutes } from './routes-private.ts';
import { coSignRoutes } from './routes-cosign.ts';
import { publicRoutes } from './routes-public.ts';

export interface BuildOptions {
  logger?: boolean | object;
}

const trustHops = (n: number) => (_addr: string, hop: number) => hop < n;

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const limits = ctx.config.http;
  const app = Fastify({
    logger: opts.logger ?? false,
    // Slow or idle clients cannot hold the process (src/http/limits.ts).
    bodyLimit: limits.bodyLimitBytes,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkIntervalMs(limits),
    },
    // Off unless configured (TRUST_PROXY): otherwise any client could set its own address and scheme.
    // A hop count trusts that many nearest peers (fastify itself treats a bare number as "none").
    trustProxy: typeof ctx.config.trustProxy === 'number' ? trustHops(ctx.config.trustProxy) : ctx.config.trustProxy,
    // A client's x-request-id is used only in a safe form (it ends up in logs and 500 bodies); else ours.
    requestIdHeader: false,
    genReqId: (req) => acceptedRequestId(req.headers['x-request-id']) ?? crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler,
    // A path fastify cannot even decode (e.g. "/api/v1/services/%%%"): the standard error shape.
    frameworkErrors: (err, _req, reply) => {
      const e = new AppError(err.code === 'FST_ERR_BAD_URL' ? 'MALFORMED_URL' : 'BAD_REQUEST');
      void (reply as unknown as FastifyReply).status(e.status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(e.toJSON()));
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Beyond the cap a new connection is closed at once (net.Server drops it before any byte is read).
  app.server.maxConnections = limits.maxConnections;

  // JSON only: without this, fastify would parse text/plain bodies into strings.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('user', null);
  installErrorHandling(app);
  // NUL, lone surrogates, absurd nesting: refused for every route before validation, auth or any read.
  installInputGuard(app);
  app.addHook('onRequest', async (req) => {
    // Both ids in the log when we did not take the client's: ours is on every line (reqId).
    const given = clientRequestId(req.headers['x-request-id']);
    if (given !== null && given !== req.id) req.log.info({ clientRequestId: given }, 'client x-request-id not accepted; using our own');
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Qyzmet API',
        version: '1',
        description:
          'State services of the Republic of Kazakhstan as data: catalogue, deadlines on the working calendar, portal applications. Errors: `{ code, message: { kk, ru, en }, path?, errors? }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'qz_sid' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness: the database answers' } }, async (_req, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      return { status: 'ready', engine: ctx.db.engine };
    } catch {
      return reply.status(503).header('retry-after', '5').send(new AppError('SERVICE_UNAVAILABLE').toJSON());
    }
  });

  await app.register(publicRoutes(ctx));
  await app.register(privateRoutes(ctx));
  await app.register(
    pkiRoutes({
      otpLimits: ctx.config.otp,
      pki: ctx.pki,
      db: ctx.db,
      adminPreHandler: requireUser(ctx, ['admin']),
      actor: (req) => (req.user ? { id: req.user.id, role: 'admin' } : null),
      // Registration of an organisation's employee: the CA reads the entity's registered name (a public register: no personal data).
      organisationName: async (bin) => {
        const r = await ctx.gateway.send('legal-entities', 'getEntity', { bin }, { sender: 'qyzmet-pki', purpose: 'certificate registration' });
        return r.status === 'ok' && r.data.status === 'active' ? r.data.name.ru : null;
      },
    }),
  );
  await app.register(gatewayAdminRoutes(ctx, requireUser(ctx, ['admin'])));
  await app.register(registryAdminRoutes(ctx, requireUser(ctx, ['admin'])));
  await app.register(prefillRoutes(ctx, requireUser(ctx)));
  await app.register(uploadRoutes(ctx, { signedIn: requireUser(ctx), providerStaff: requireUser(ctx, PROVIDER_STAFF_ROLES) }));
  await app.register(coSignRoutes(ctx));
  await app.register(taskRoutes(ctx, requireUser(ctx, [...STAFF_ROLES])));
  await app.register(organisationRoutes(ctx));
  await app.register(jobRoutes(ctx, requireUser(ctx, ['admin'])));

  if (ctx.config.demo) {
    app.get(
      '/api/v1/demo/accounts',
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
                org: z.object({ id: z.string(), kind: z.string(), name: z.object({ kk: z.string(), ru: z.string(), en: z.string() }), region: z.string().nullable() }).nullable(),
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
      '/api/v1/demo/keystores/:iin/:usage',
      {
        schema: {
          tags: ['demo'],
          summary: "A demo person's PKCS#12 keystore (password = the account's demo password); demo mode only",
          params: z.object({ iin: z.string().regex(/^\d{12}$/), usage: z.enum(['auth', 'sign']) }),
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
      '/api/v1/demo/sms',
      {
        schema: {
          tags: ['demo'],
          summary: 'Text messages the simulated SMS operator delivered to a demo phone (demo mode only)',
          // `?phone=+7701…` as the README writes it: a `+` in a query string decodes to a space, so
          // "+7…", "%2B7…" and " 7…" all mean the same number.
          querystring: z.object({ phone: z.string().regex(/^[+ ]?7\d{10}$/) }).strict(),
        },
      },
      async (req) => {
        const phone = `+${req.query.phone.replace(/^[+ ]/, '')}`;
        if (!DEMO_ACCOUNTS.some((a) => a.phone === phone)) throw new AppError('NOT_FOUND');
        return { items: await recentSms(ctx.db, phone) };
      },
    );
  }

  // The web UI: static files, and index.html for any other non-API path (client-side routing).
  const webDir = resolve(ctx.config.webDir);
  const index = resolve(webDir, 'index.html');
  const hasWeb = existsSync(index);
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (req.method === 'GET' && hasWeb && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(index));
    }
    return reply.status(404).send(new AppError('ROUTE_NOT_FOUND').toJSON());
  });

  return app;
}
