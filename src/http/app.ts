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
import { type FastifyPluginAsyncZod, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountRoutes } from '../accounts/routes.ts';
import { coSignRoutes } from '../applications/cosign-routes.ts';
import { applicationRoutes } from '../applications/routes.ts';
import { calendarRoutes } from '../calendar/routes.ts';
import { feeRoutes } from '../fees/routes.ts';
import { qualityRoutes } from '../quality/routes.ts';
import { consentRoutes } from '../consent/routes.ts';
import type { AppContext } from '../context.ts';
import { demoRoutes } from '../demo/routes.ts';
import { documentRoutes } from '../documents/routes.ts';
import { AppError } from '../errors/errors.ts';
import { gatewayAdminRoutes } from '../gateway/routes.ts';
import { jobRoutes } from '../jobs/routes.ts';
import { notificationRoutes } from '../notifications/routes.ts';
import { organisationRoutes } from '../organisations/routes.ts';
import { pkiRoutes } from '../pki/routes.ts';
import { queueRoutes } from '../queue/routes.ts';
import { registryRoutes } from '../registry/routes.ts';
import { taskRoutes } from '../tasks/routes.ts';
import { uploadRoutes } from '../uploads/routes.ts';
import { requireUser } from './auth.ts';
import { clientErrorHandler, installErrorHandling } from './errors.ts';
import { installInputGuard } from './input-guard.ts';
import { checkIntervalMs } from './limits.ts';
import { opsRoutes } from './ops-routes.ts';
import { ERROR_RESPONSES } from './schemas.ts';
import { acceptedRequestId, clientRequestId } from './request-id.ts';

/** One route plugin of a domain or workplace and the prefix it is mounted at (src/http/README.md). */
export interface RoutePlugin {
  prefix: string;
  plugin: FastifyPluginAsyncZod;
}

/** Every route of the server: one plugin per domain, each with its role hook inside (src/http/README.md). */
export function routePlugins(ctx: AppContext): RoutePlugin[] {
  const api = (plugin: FastifyPluginAsyncZod): RoutePlugin => ({ prefix: '/api/v1', plugin });
  return [
    { prefix: '', plugin: opsRoutes(ctx) },
    api(registryRoutes(ctx)),
    api(calendarRoutes(ctx)),
    api(feeRoutes(ctx)),
    api(accountRoutes(ctx)),
    api(applicationRoutes(ctx)),
    api(coSignRoutes(ctx)),
    api(consentRoutes(ctx)),
    api(uploadRoutes(ctx)),
    api(gatewayAdminRoutes(ctx)),
    api(organisationRoutes(ctx)),
    api(taskRoutes(ctx)),
    api(jobRoutes(ctx)),
    api(documentRoutes(ctx)),
    api(qualityRoutes(ctx)),
    api(queueRoutes(ctx)),
    api(notificationRoutes(ctx)),
    // PKI serves /pki/* (CRL, OCSP, CA certificates) beside /api/v1: its paths are whole.
    {
      prefix: '',
      plugin: pkiRoutes({
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
    },
    ...(ctx.config.demo ? [api(demoRoutes(ctx))] : []),
  ];
}

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

  // Every route answers errors in one shape (src/http/schemas.ts), and the document says so.
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ??= {}) as { response?: Record<string, unknown> };
    schema.response = { ...ERROR_RESPONSES, ...schema.response };
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

  for (const { prefix, plugin } of routePlugins(ctx)) await app.register(plugin, { prefix });

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
