/**
 * The JSON API client. Every failure becomes an `ApiError` carrying the API's
 * stable `code`, its `{ kk, ru, en }` message, and per-field `errors[]`
 * (`path` like `/form/birthDate`), so pages can show them next to the field.
 * The session is the HttpOnly cookie; the browser sends it by itself.
 */
import type { ApplicationStatus, FileRef, I18n, ServiceDefinition } from '../../src/registry/types.ts';
import { messages } from './messages.ts';
import type { paths } from './shared/api-types.ts';

/** The JSON body a route answers with on success, as the OpenAPI document gives it (`npm run gen:api`). */
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
export type ApiResponse<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : R extends { 202: infer A }
        ? Json<A>
        : never
  : never;

export interface FieldIssue {
  path: string;
  code: string;
  message: I18n;
}

const NETWORK_MESSAGE: I18n = {
  kk: messages.kk['common.networkError'],
  ru: messages.ru['common.networkError'],
  en: messages.en['common.networkError'],
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly i18n: I18n,
    readonly path?: string,
    readonly errors: FieldIssue[] = [],
    /** The API's `details` (e.g. `attemptsLeft`, `lockedUntil`, `lockMinutes`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${i18n.en}`);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Any thrown value as an ApiError (network failures and aborted requests included). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
}

export async function api<T>(
  path: string,
  opts: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      signal: opts.signal,
      headers: {
        accept: 'application/json',
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const d = (data ?? {}) as { code?: string; message?: I18n; path?: string; errors?: FieldIssue[]; details?: Record<string, unknown> };
    const msg = d.message && typeof d.message === 'object' ? d.message : { kk: `Қате ${res.status}`, ru: `Ошибка ${res.status}`, en: `Error ${res.status}` };
    const details = d.details && typeof d.details === 'object' ? d.details : {};
    throw new ApiError(res.status, d.code ?? `HTTP_${res.status}`, msg, d.path, Array.isArray(d.errors) ? d.errors : [], details);
  }
  return data as T;
}

/**
 * POST /api/v1/uploads: one file as the raw body (its type, its name percent-encoded in
 * X-File-Name; `service`/`field` so that field's limits apply). XMLHttpRequest, for the progress
 * events fetch does not give; `signal` aborts. Resolves with the file reference the form carries.
 */
export function uploadFile(file: File, opts: { service: string; field: string; type?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal }): Promise<FileRef> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/uploads?service=${encodeURIComponent(opts.service)}&field=${encodeURIComponent(opts.field)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', opts.type || file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status === 201) return resolve(data as FileRef);
      const d = (data ?? {}) as { code?: string; message?: I18n; path?: string; errors?: FieldIssue[] };
      const msg = d.message && typeof d.message === 'object' ? d.message : { kk: `Қате ${xhr.status}`, ru: `Ошибка ${xhr.status}`, en: `Error ${xhr.status}` };
      reject(new ApiError(xhr.status, d.code ?? `HTTP_${xhr.status}`, msg, d.path, Array.isArray(d.errors) ? d.errors : []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', NETWORK_MESSAGE));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', NETWORK_MESSAGE));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

// ------------------------------------------------------------------ shapes

export type { FileRef };

/** A file attached to an application (GET /api/v1/applications/:id → files). */
export type ApplicationFile = ApiResponse<'/api/v1/applications/{id}', 'get'>['files'][number];

export type ServiceSummary = ApiResponse<'/api/v1/services', 'get'>['items'][number];

export interface ServiceVersion {
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  legalAct: ServiceDefinition['legalAct'];
}

/**
 * GET /api/v1/services/:code: the citizen view (no `ambiguities`, no `editorial` notes); an
 * admin also gets `editorial` (notes with the path they sit on) and `ambiguities`.
 */
export type ServiceDetail = Omit<ServiceDefinition, 'ambiguities'> & {
  versions: ServiceVersion[];
  editorial?: Array<{ path: string; text: string; citizenText?: I18n }>;
  ambiguities?: ServiceDefinition['ambiguities'];
};

export type Deadline = ApiResponse<'/api/v1/services/{code}/deadline', 'get'>;

export type Me = ApiResponse<'/api/v1/me', 'get'>;

export type DemoAccount = ApiResponse<'/api/v1/demo/accounts', 'get'>[number];

/** POST /api/v1/auth/login for an account with an SMS second factor. */
export type MfaRequired = Extract<ApiResponse<'/api/v1/auth/login', 'post'>, { mfaRequired: true }>;

/** POST /api/v1/applications/signing-code. */
export type SigningCode = ApiResponse<'/api/v1/applications/signing-code', 'post'>;

/** POST /api/v1/auth/challenge: the bytes (base64) to sign with the AUTH key. */
export type Challenge = ApiResponse<'/api/v1/auth/challenge', 'post'>;

/** How the person signed what they just submitted (kept in the history state for the confirmation). */
export interface SignedWith {
  method: 'eds' | 'sms';
  name?: string;
  iin?: string;
}

export type ApplicationSignature = { method: 'eds'; cms: string } | { method: 'sms'; otpId: string; code: string };

export type ApplicationSummary = ApiResponse<'/api/v1/applications', 'get'>['items'][number];

export interface HistoryEntry {
  at: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  toName: I18n;
  actorRole: string | null;
  stepId: string | null;
  reason: I18n | null;
  /** A step's event (opened…) in plain words, when the row is one. */
  words?: I18n | null;
}

type AppDetailWire = ApiResponse<'/api/v1/applications/{id}', 'get'>;

export interface ApplicationDetail extends ApplicationSummary {
  /** The back office's step now, in plain words, with its legal deadline (null when none is open). */
  currentStep?: Extract<AppDetailWire['currentStep'], object> | null;
  /** The signed decision (approve or a reasoned refusal with its grounds). */
  decision?: Extract<AppDetailWire['decision'], object> | null;
  form: Record<string, unknown>;
  region: string | null;
  acceptanceDate: string | null;
  deadlineBasis: I18n | null;
  history: HistoryEntry[];
  /** The outcome (a document or a reasoned refusal) once there is one. */
  result?: ApplicationResult | null;
  /** The files attached to it (scanned copies). */
  files?: ApplicationFile[];
  /** Second applicants who sign too (both parents): who, until when, how it stands. */
  coSigners?: CoSigner[];
  /** The signed result documents (PDF and public check by number). */
  documents?: AppDetailWire['documents'];
}

export type CoSignerStatus = 'pending' | 'signed' | 'declined' | 'expired';

export type CoSigner = ApiResponse<'/api/v1/applications/{id}', 'get'>['coSigners'][number];

/** GET /api/v1/me/co-sign-requests: an application waiting for my signature as the second applicant. */
export type CoSignRequest = ApiResponse<'/api/v1/me/co-sign-requests', 'get'>['items'][number];

export type CoSignRequestDetail = ApiResponse<'/api/v1/me/co-sign-requests/{applicationId}', 'get'>;

export type CoSignResult = ApiResponse<'/api/v1/me/co-sign-requests/{applicationId}/sign', 'post'>;

/** Values printed in the current language, falling back to Russian. */
export type PartialI18n = Partial<I18n>;

export interface AddressRegistration {
  kind: 'permanent' | 'temporary';
  from: string | null;
  to: string | null;
  address: PartialI18n;
}

/** The address reference (service `address-reference`), issued at once from the registries. */
export interface AddressReferenceDocument {
  type: 'address-reference';
  number: string;
  title: PartialI18n;
  issuer: PartialI18n;
  subject: { iin: string; surname: string; givenName: string; patronymic: string | null; birthDate: string | null; relation: string | null };
  currentRegistration: { since: string | null; address: PartialI18n; region: string | null } | null;
  registrations: AddressRegistration[];
  purpose: string | null;
}

export interface ReasonedRefusal {
  type: 'reasoned-refusal';
  /** A stable code for machines; never shown to people. */
  ground: string;
  /** The ground in words. */
  groundText?: PartialI18n;
  /** The registry's own message. */
  message: PartialI18n;
  /** What the applicant can do next. */
  nextSteps?: PartialI18n;
  subjectIin?: string;
  number?: string;
}

export type ResultDocument = AddressReferenceDocument | ReasonedRefusal | ({ type?: string; title?: PartialI18n; number?: string } & Record<string, unknown>);

export interface ApplicationResult {
  kind: 'document' | 'refusal';
  document: ResultDocument;
  createdAt: string;
}

/** The state systems whose reads of my data are logged. */
export type StateSystem = 'persons' | 'civil-registry' | 'legal-entities' | 'notary' | 'address';

/** GET /api/v1/me/data-access: one read of my data in a state system. */
export type DataAccess = ApiResponse<'/api/v1/me/data-access', 'get'>['items'][number];

/** GET /api/v1/me/consents. */
export type Consent = ApiResponse<'/api/v1/me/consents', 'get'>['items'][number];

export type Submitted = ApiResponse<'/api/v1/applications', 'post'>;

/** A v4 UUID, also where crypto.randomUUID is missing (plain http on a LAN address is not a secure context). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
