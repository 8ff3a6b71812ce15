/**
 * Attached files: scanned copies a person uploads before signing a portal application
 * (README.md in this folder). Upload → the form names it by id and SHA-256 → the signed
 * submission binds it (src/applications/batch.ts, same statement) → provider staff read it
 * (audited, and shown to the applicant in "who accessed my data").
 */
import { createHash } from 'node:crypto';
import type { User } from '../accounts/accounts.ts';
import type { Role } from '../accounts/roles.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError, type FieldIssue } from '../errors/errors.ts';
import { uuid7 } from '../lib/uuid7.ts';
import { staffMay } from '../organisations/staff.ts';
import { acceptedTypes, fileLimits, formFiles, sizeText } from '../registry/form.ts';
import type { FileMime, FileRef, FormField, ServiceDefinition } from '../registry/types.ts';
import { FILE_REF_ERRORS } from './error-codes.ts';
import { declaredMime, sniffMime } from './sniff.ts';

/** What the upload route answers and a form's file reference repeats. */
export type UploadMeta = FileRef;

const EXT: Record<FileMime, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The file name as sent (percent-encoded UTF-8 in `X-File-Name` or `?name=`), as it is stored:
 * decoded, the folder part dropped (`C:\scans\a.pdf` → `a.pdf`), trimmed, 1–255 characters, no
 * control characters. Absent → `scan.<ext>`. It is only ever shown, never used as a path.
 */
export function uploadName(raw: string | undefined, mime: FileMime): string {
  if (raw === undefined || raw.trim() === '') return `scan.${EXT[mime]}`;
  let s: string;
  try {
    s = decodeURIComponent(raw);
  } catch {
    throw new AppError('UPLOAD_NAME_INVALID', { path: '/headers/x-file-name' });
  }
  s = (s.split(/[/\\]/).pop() ?? '').trim();
  if (!s || [...s].length > 255 || CONTROL.test(s) || LONE_SURROGATE.test(s)) throw new AppError('UPLOAD_NAME_INVALID', { path: '/headers/x-file-name' });
  return s;
}

/** The file field `field` of the service in force, when the upload says which one it is for. */
function targetField(ctx: AppContext, service: string, field: string, now: Date): FormField {
  const def = ctx.registry.inForce(service, now);
  if (!def) throw new AppError(ctx.registry.versions(service).length ? 'SERVICE_NOT_IN_FORCE' : 'UNKNOWN_SERVICE', { path: '/querystring/service' });
  const f = def.form.fields.find((x) => x.name === field && x.type === 'file');
  if (!f)
    throw new AppError('VALIDATION_FAILED', {
      path: '/querystring/field',
      errors: [{ path: '/querystring/field', code: 'UNKNOWN_FIELD', message: { kk: 'Бұл қызметтің өтінішінде мұндай файл өрісі жоқ.', ru: 'В заявлении на эту услугу нет такого поля для файлов.', en: 'This service’s application has no such file field.' } }],
    });
  return f;
}

export interface UploadInput {
  bytes: Buffer;
  contentType: string | undefined;
  name: string | undefined;
  /** Optional: the service and file field it is for, so that field's types and size apply now. */
  service?: string;
  field?: string;
}

/**
 * Store one file of `user`. Refused: a type other than PDF/JPEG/PNG (415 UPLOAD_TYPE_NOT_ACCEPTED),
 * an empty file (422 UPLOAD_EMPTY), one over the limit (413 UPLOAD_TOO_LARGE: the field's
 * `maxSizeKb` when named, else HTTP_UPLOAD_LIMIT_BYTES), content that is not the declared type
 * (422 UPLOAD_CONTENT_MISMATCH), more than UPLOAD_MAX_UNBOUND unbound uploads (429 UPLOAD_QUOTA).
 */
export async function createUpload(ctx: AppContext, user: User, input: UploadInput, now = new Date()): Promise<UploadMeta> {
  const field = input.service && input.field ? targetField(ctx, input.service, input.field, now) : null;
  const lim = fileLimits(field ?? undefined);
  const declared = declaredMime(input.contentType);
  if (!declared || !lim.accept.includes(declared)) {
    const types = acceptedTypes(field ?? undefined);
    throw new AppError('UPLOAD_TYPE_NOT_ACCEPTED', {
      path: '/headers/content-type',
      ...(field
        ? { message: { kk: `Бұл өріске тек ${types} файлдары қабылданады.`, ru: `В это поле принимаются только файлы ${types}.`, en: `Only ${types} files are accepted for this field.` } }
        : {}),
      details: { accept: lim.accept },
    });
  }
  const bytes = input.bytes;
  if (bytes.length === 0) throw new AppError('UPLOAD_EMPTY', { path: '/body' });
  const maxBytes = Math.min(ctx.config.http.uploadLimitBytes, lim.maxSizeKb * 1024);
  if (bytes.length > maxBytes) {
    const kb = Math.floor(maxBytes / 1024);
    throw new AppError('UPLOAD_TOO_LARGE', {
      path: '/body',
      message: { kk: `Файл тым үлкен: ең көбі ${sizeText(kb, 'kk')}.`, ru: `Файл слишком большой: не более ${sizeText(kb, 'ru')}.`, en: `The file is too large: at most ${sizeText(kb, 'en')}.` },
      details: { maxBytes },
    });
  }
  const detected = sniffMime(bytes);
  if (detected !== declared) throw new AppError('UPLOAD_CONTENT_MISMATCH', { path: '/body', details: { declared, detected } });
  const name = uploadName(input.name, declared);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = uuid7(now.getTime());
  await ctx.db.tx(async (q) => {
    // One person's uploads one at a time (the quota holds under concurrency); their expired unbound ones go first.
    await q.query("SELECT pg_advisory_xact_lock(hashtext('qyzmet.uploads:' || $1::text))", [user.id]);
    await q.query('DELETE FROM uploads WHERE owner_id = $1 AND application_id IS NULL AND created_at < now() - make_interval(hours => $2)', [user.id, ctx.config.uploads.purgeAfterHours]);
    const held = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE owner_id = $1 AND application_id IS NULL', [user.id]);
    if ((held.rows[0]?.n ?? 0) >= ctx.config.uploads.maxUnbound) throw new AppError('UPLOAD_QUOTA', { details: { maxUnbound: ctx.config.uploads.maxUnbound } });
    await q.query('INSERT INTO uploads (id, owner_id, sha256, size, mime, name, bytes, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)', [
      id,
      user.id,
      sha256,
      bytes.length,
      declared,
      name,
      bytes,
      now,
    ]);
    // The name may hold personal data: it stays in the row, not in the append-only log.
    await writeAudit(q, { event: 'upload.created', actorId: user.id, subject: { type: 'upload', id }, data: { sha256, size: bytes.length, mime: declared } });
  });
  return { id, sha256, size: bytes.length, mime: declared, name };
}

/** The owner deletes an upload not yet bound to an application (a bound one is part of the filed application: 409). */
export async function deleteUpload(ctx: AppContext, user: User, id: string): Promise<void> {
  if (!UUID_RE.test(id)) throw new AppError('UPLOAD_NOT_FOUND', { path: '/params/id' });
  await ctx.db.tx(async (q) => {
    const r = await q.query<{ application_id: string | null }>('SELECT application_id FROM uploads WHERE id = $1 AND owner_id = $2 FOR UPDATE', [id, user.id]);
    const row = r.rows[0];
    if (!row) throw new AppError('UPLOAD_NOT_FOUND', { path: '/params/id' });
    if (row.application_id) throw new AppError('UPLOAD_ALREADY_BOUND', { path: '/params/id' });
    await q.query('DELETE FROM uploads WHERE id = $1', [id]);
    await writeAudit(q, { event: 'upload.deleted', actorId: user.id, subject: { type: 'upload', id } });
  });
}

/** The owner's own upload, bytes included (bound or not), or null. */
export async function ownUpload(q: Queryable, user: User, id: string) {
  if (!UUID_RE.test(id)) return null;
  const r = await q.query<FileRow>(`SELECT ${FILE_COLS}, bytes FROM uploads WHERE id = $1 AND owner_id = $2`, [id, user.id]);
  return r.rows[0] ? withBytes(r.rows[0]) : null;
}

/**
 * Delete unbound uploads older than `hours` (at most `limit` per call); the job 'uploads.purge'
 * runs it every hour and schedules its next run in the same transaction. Audited when it deletes.
 */
export async function purgeUnboundUploads(q: Queryable, hours: number, limit = 1000): Promise<number> {
  const r = await q.query<{ id: string }>(
    `DELETE FROM uploads WHERE id IN (
       SELECT id FROM uploads WHERE application_id IS NULL AND created_at < now() - make_interval(hours => $1) ORDER BY created_at LIMIT $2)
     RETURNING id`,
    [hours, limit],
  );
  if (r.rows.length) await writeAudit(q, { event: 'upload.purged', actorId: null, actorRole: 'system', data: { count: r.rows.length, olderThanHours: hours } });
  return r.rows.length;
}

// ------------------------------------------------------------------ binding on submission

/** One upload to bind to the application being written (a row of SubmitRow.files). */
export interface BindRow {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  field: string;
}

export interface UploadCheck {
  errors: FieldIssue[];
  rows: BindRow[];
  /** Applications the refused references are bound to already (a retry of an accepted request names its own). */
  boundTo: Set<string>;
  /** Every error is FILE_ALREADY_USED. */
  usedOnly: boolean;
}

/**
 * Before the submission statement: every file the form names must be an upload of `user`, not
 * yet bound, with exactly the sha256, size and type the form (and so the signature) states; the
 * field's `accept` and `maxSizeKb` were checked on the form values by validateForm. Errors carry
 * the JSON path of the reference (`/form/<field>/<i>`). The statement itself binds the rows only
 * under the same conditions (a concurrent submission naming the same upload loses there).
 */
export async function checkFormUploads(q: Queryable, user: User, def: Pick<ServiceDefinition, 'form'>, form: Record<string, unknown>): Promise<UploadCheck> {
  const refs = formFiles(def, form);
  const out: UploadCheck = { errors: [], rows: [], boundTo: new Set(), usedOnly: false };
  if (!refs.length) return out;
  const stored = await q.query<{ id: string; owner_id: string; sha256: string; size: number; mime: string; application_id: string | null }>(
    'SELECT id, owner_id, sha256, size, mime, application_id FROM uploads WHERE id = ANY($1::uuid[])',
    [refs.map((r) => r.ref.id)],
  );
  const byId = new Map(stored.rows.map((r) => [r.id, r]));
  for (const { field, index, ref } of refs) {
    const s = byId.get(ref.id);
    const path = `/form/${field.name}/${index}`;
    const issue = (code: keyof typeof FILE_REF_ERRORS) => out.errors.push({ path, code, message: FILE_REF_ERRORS[code](field.label, ref.name.slice(0, 80)) });
    if (!s || s.owner_id !== user.id) issue('FILE_NOT_FOUND');
    else if (s.application_id) {
      issue('FILE_ALREADY_USED');
      out.boundTo.add(s.application_id);
    } else if (s.sha256 !== ref.sha256 || s.size !== ref.size || s.mime !== ref.mime) issue('FILE_MISMATCH');
    else out.rows.push({ id: ref.id, sha256: ref.sha256, size: ref.size, mime: ref.mime, field: field.name });
  }
  out.usedOnly = out.errors.length > 0 && out.errors.every((e) => e.code === 'FILE_ALREADY_USED');
  return out;
}

// ------------------------------------------------------------------ reading

interface FileRow {
  id: string;
  sha256: string;
  size: number;
  mime: FileMime;
  name: string;
  field: string | null;
  created_at: Date;
  bound_at: Date | null;
  bytes?: Uint8Array;
}
const FILE_COLS = 'id, sha256, size, mime, name, field, created_at, bound_at';

const withBytes = (r: FileRow) => ({ ...toFile(r), bytes: Buffer.from(r.bytes ?? new Uint8Array()) });

/** A file as the API lists it; `document` is the definition's document the field proves (when it says). */
function toFile(r: FileRow, def?: Pick<ServiceDefinition, 'form' | 'documents'> | null) {
  const f = def?.form.fields.find((x) => x.name === r.field);
  const doc = f?.document ? def?.documents.find((d) => d.id === f.document) : undefined;
  return {
    id: r.id,
    name: r.name,
    size: r.size,
    mime: r.mime,
    sha256: r.sha256,
    field: r.field,
    fieldLabel: f?.label ?? null,
    document: doc ? { id: doc.id, name: doc.name } : null,
    uploadedAt: r.created_at.toISOString(),
  };
}
export type ApplicationFile = ReturnType<typeof toFile>;

/** The files bound to an application, in upload order. */
export async function applicationFiles(q: Queryable, applicationId: string, def?: Pick<ServiceDefinition, 'form' | 'documents'> | null): Promise<ApplicationFile[]> {
  const r = await q.query<FileRow>(`SELECT ${FILE_COLS} FROM uploads WHERE application_id = $1 ORDER BY created_at, id`, [applicationId]);
  return r.rows.map((x) => toFile(x, def));
}

/** One file of an application, bytes included, or null. */
export async function applicationFile(q: Queryable, applicationId: string, fileId: string) {
  if (!UUID_RE.test(fileId)) return null;
  const r = await q.query<FileRow>(`SELECT ${FILE_COLS}, bytes FROM uploads WHERE id = $1 AND application_id = $2`, [fileId, applicationId]);
  return r.rows[0] ? withBytes(r.rows[0]) : null;
}

// ------------------------------------------------------------------ provider staff

/** Who works applications at the provider and may open their files. */
export const PROVIDER_STAFF_ROLES: Role[] = ['provider-clerk', 'provider-head', 'responsible-executor'];

interface StaffApp {
  id: string;
  number: string;
  applicant_id: string;
  applicant_iin: string;
  provider_org: string | null;
  service_code: string;
  service_version: number;
}

/**
 * The application as provider staff may see it: the application's provider organisation (routed at
 * submission, src/organisations/routing.ts) is the member of staff's own (`staffMay`). Any other
 * application — another organisation's, or one not routed to any — is indistinguishable from a
 * missing one (404).
 */
async function staffApplication(q: Queryable, user: User, idOrNumber: string): Promise<StaffApp> {
  const byId = UUID_RE.test(idOrNumber);
  const r = await q.query<StaffApp>(
    `SELECT id, number, applicant_id, applicant_iin, provider_org, service_code, service_version FROM applications WHERE ${byId ? 'id = $1::uuid' : 'number = $1'}`,
    [idOrNumber],
  );
  const a = r.rows[0];
  if (!a || !staffMay(user, { orgId: a.provider_org, role: PROVIDER_STAFF_ROLES })) throw new AppError('NOT_FOUND', { path: '/params/id' });
  return a;
}

const staffRole = (user: User) => PROVIDER_STAFF_ROLES.find((r) => user.roles.includes(r)) ?? null;

/** Provider staff list an application's files; the listing is audited (who saw which names). */
export async function staffListFiles(ctx: AppContext, user: User, idOrNumber: string, correlationId?: string) {
  return ctx.db.tx(async (q) => {
    const a = await staffApplication(q, user, idOrNumber);
    const def = ctx.registry.versions(a.service_code).find((d) => d.version === a.service_version) ?? null;
    const items = await applicationFiles(q, a.id, def);
    await writeAudit(q, {
      event: 'application.files.listed',
      actorId: user.id,
      actorRole: staffRole(user),
      subject: { type: 'application', id: a.id },
      correlationId: correlationId ?? null,
      data: { files: items.map((f) => f.id) },
    });
    return { application: { id: a.id, number: a.number }, items };
  });
}

/**
 * Provider staff open one file: the audit row (actor, application, file) is written in the same
 * transaction as the read, so no bytes leave without it; the applicant sees the read in "who
 * accessed my data" (fileAccessLog).
 */
export async function staffReadFile(ctx: AppContext, user: User, idOrNumber: string, fileId: string, correlationId?: string) {
  return ctx.db.tx(async (q) => {
    const a = await staffApplication(q, user, idOrNumber);
    const file = await applicationFile(q, a.id, fileId);
    if (!file) throw new AppError('UPLOAD_NOT_FOUND', { path: '/params/fileId' });
    await writeAudit(q, {
      event: 'application.file.read',
      actorId: user.id,
      actorRole: staffRole(user),
      subject: { type: 'application', id: a.id },
      correlationId: correlationId ?? null,
      data: { file: file.id, sha256: file.sha256, field: file.field },
    });
    return file;
  });
}

/**
 * "Who accessed my data", the part about my attached files: every time provider staff opened one
 * (audit event 'application.file.read' on one of my applications), in the item shape of
 * GET /api/v1/me/data-access (system `qyzmet-files`, basis: the application itself).
 */
export async function fileAccessLog(q: Queryable, user: User, limit = 50) {
  const r = await q.query<{
    at: Date;
    actor_id: string | null;
    actor_name: string | null;
    actor_roles: string[] | null;
    app_id: string;
    app_number: string;
    service_code: string;
    file_id: string | null;
    file_name: string | null;
  }>(
    `SELECT l.at, l.actor_id, u.surname || ' ' || u.given_name AS actor_name, u.roles AS actor_roles,
            a.id AS app_id, a.number AS app_number, a.service_code, l.data->>'file' AS file_id, f.name AS file_name
       FROM applications a
       JOIN audit_log l ON l.subject_type = 'application' AND l.subject_id = a.id::text AND l.event = 'application.file.read'
       LEFT JOIN users u ON u.id = l.actor_id
       LEFT JOIN uploads f ON f.id = (l.data->>'file')::uuid
      WHERE a.applicant_id = $1
      ORDER BY l.at DESC, l.id DESC LIMIT $2`,
    [user.id, limit],
  );
  return r.rows.map((x) => ({
    at: x.at.toISOString(),
    system: 'qyzmet-files',
    service: 'file.read',
    purpose: x.service_code,
    sender: 'qyzmet-back-office',
    actor: x.actor_id ? { id: x.actor_id, name: x.actor_name, roles: x.actor_roles } : null,
    consentId: null,
    status: 'ok',
    subject: { iin: user.iin, self: true },
    application: { id: x.app_id, number: x.app_number, own: true },
    file: x.file_id ? { id: x.file_id, name: x.file_name } : null,
  }));
}

/** `attachment; filename="scan.pdf"; filename*=UTF-8''…`: the stored name, safe in a header. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

