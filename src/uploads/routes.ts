/**
 * Routes of attached files (README.md in this folder):
 *   POST   /api/v1/uploads                                  the file as the raw body (signed in)
 *   GET    /api/v1/uploads/:id                              the owner downloads their upload
 *   DELETE /api/v1/uploads/:id                              the owner deletes an unbound upload
 *   GET    /api/v1/applications/:id/files/:fileId           the applicant downloads a file of their application
 *   GET    /api/v1/staff/applications/:id/files             provider staff: the list (audited)
 *   GET    /api/v1/staff/applications/:id/files/:fileId     provider staff: one file (audited, in "who accessed my data")
 *
 * This plugin's own content-type parser takes any body as raw bytes (up to HTTP_UPLOAD_LIMIT_BYTES,
 * larger than the JSON limit of every other route); the handler decides what is accepted.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { User } from '../accounts/accounts.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { ApplicationFileSchema } from '../applications/schemas.ts';
import { signedInScope } from '../http/auth.ts';
import { binary, Ok } from '../http/schemas.ts';
import { APPLICATION_NUMBER_RE } from '../applications/numbering.ts';
import { applicationFile, contentDisposition, createUpload, deleteUpload, ownUpload, PROVIDER_STAFF_ROLES, staffListFiles, staffReadFile, UUID_RE } from './uploads.ts';

const FileMeta = z.object({ id: z.string(), sha256: z.string(), size: z.number(), mime: z.string(), name: z.string() });
const Id = z.string().max(64);
/** A stored file as a download: its own type (PDF, JPEG or PNG). */
const FileBytes = binary(['application/pdf', 'image/jpeg', 'image/png'], 'the file, with its stored type, as an attachment');

/** Bytes with the stored type, as a download (never rendered by the browser in our origin). */
function sendFile(reply: FastifyReply, f: { name: string; mime: string; sha256: string; bytes: Buffer }) {
  return reply
    .type(f.mime)
    .header('content-disposition', contentDisposition(f.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-file-sha256', f.sha256)
    .send(f.bytes);
}

/** Mounted at /api/v1: the applicant's routes signed in, the staff routes for PROVIDER_STAFF_ROLES. */
export function uploadRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Raw bytes of any declared type for this plugin's routes only (every other route stays JSON-only).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.config.http.uploadLimitBytes }, (_req, body, done) => done(null, body));
    // A body over the limit is the file being too large: the upload's own code (413 UPLOAD_TOO_LARGE).
    app.setErrorHandler((err: Error & { code?: string }) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError('UPLOAD_TOO_LARGE', { path: '/body', details: { maxBytes: ctx.config.http.uploadLimitBytes } });
      throw err;
    });

    await app.register(
      signedInScope(ctx, undefined, async (app) => {
        app.post(
          '/uploads',
          {
            bodyLimit: ctx.config.http.uploadLimitBytes,
            schema: {
              tags: ['uploads'],
              summary:
                'Upload one file (a scanned copy) as the raw request body. Content-Type: application/pdf, image/jpeg or image/png — checked against the content itself. The file name goes percent-encoded in X-File-Name (or ?name=). With ?service=&field= that file field’s types and size apply. The answer is the file reference a form’s file field carries.',
              querystring: z.object({ name: z.string().max(1024).optional(), service: z.string().max(100).optional(), field: z.string().max(100).optional() }).strict(),
              headers: z.object({ 'x-file-name': z.string().max(1024).optional() }).passthrough(),
              response: { 201: FileMeta },
            },
          },
          async (req, reply) => {
            const body = req.body;
            const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
            const meta = await createUpload(ctx, req.user!, {
              bytes,
              contentType: req.headers['content-type'],
              name: req.headers['x-file-name'] ?? req.query.name,
              service: req.query.service,
              field: req.query.field,
            });
            return reply.status(201).header('location', `/api/v1/uploads/${meta.id}`).send(meta);
          },
        );

        app.get(
          '/uploads/:id',
          { schema: { tags: ['uploads'], summary: 'Download one of my uploads', params: z.object({ id: Id }), response: { 200: FileBytes } } },
          async (req, reply) => {
            const f = await ownUpload(ctx.db, req.user!, req.params.id);
            if (!f) throw new AppError('UPLOAD_NOT_FOUND', { path: '/params/id' });
            return sendFile(reply, f);
          },
        );

        app.delete(
          '/uploads/:id',
          { schema: { tags: ['uploads'], summary: 'Delete one of my uploads that is not attached to a submitted application', params: z.object({ id: Id }), response: { 200: Ok } } },
          async (req) => {
            await deleteUpload(ctx, req.user!, req.params.id);
            return { ok: true as const };
          },
        );

        app.get(
          '/applications/:id/files/:fileId',
          {
            schema: { tags: ['applications'], summary: 'Download a file attached to one of my applications (by application id or number)', params: z.object({ id: Id, fileId: Id }), response: { 200: FileBytes } },
          },
          async (req, reply) => {
            const appId = await ownApplicationId(ctx, req.user!, req.params.id);
            const f = appId ? await applicationFile(ctx.db, appId, req.params.fileId) : null;
            if (!f) throw new AppError('UPLOAD_NOT_FOUND', { path: '/params/fileId' });
            return sendFile(reply, f);
          },
        );
      }),
    );

    await app.register(
      signedInScope(ctx, PROVIDER_STAFF_ROLES, async (app) => {
        app.get(
          '/staff/applications/:id/files',
          {
            schema: {
              tags: ['staff'],
              summary: `The files attached to an application (${PROVIDER_STAFF_ROLES.join(', ')}; audited). Interim rule: staff of the application's provider organisation, or any provider staff while it has none`,
              params: z.object({ id: Id }),
              response: { 200: z.object({ application: z.object({ id: z.string(), number: z.string() }), items: z.array(ApplicationFileSchema) }) },
            },
          },
          async (req) => staffListFiles(ctx, req.user!, req.params.id, req.id),
        );

        app.get(
          '/staff/applications/:id/files/:fileId',
          {
            schema: {
              tags: ['staff'],
              summary: 'Download one file of an application (audited; the applicant sees the read in "who accessed my data")',
              params: z.object({ id: Id, fileId: Id }),
              response: { 200: FileBytes },
            },
          },
          async (req, reply) => sendFile(reply, await staffReadFile(ctx, req.user!, req.params.id, req.params.fileId, req.id)),
        );
      }),
    );
  };
}

/** The id of my application with this id or number, or null (another person's is the same as none). */
async function ownApplicationId(ctx: AppContext, user: User, idOrNumber: string): Promise<string | null> {
  const byId = UUID_RE.test(idOrNumber);
  if (!byId && !APPLICATION_NUMBER_RE.test(idOrNumber)) return null;
  const r = await ctx.db.query<{ id: string }>(`SELECT id FROM applications WHERE ${byId ? 'id = $1::uuid' : 'number = $1'} AND applicant_id = $2`, [idOrNumber, user.id]);
  return r.rows[0]?.id ?? null;
}
