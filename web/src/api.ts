/**
 * The JSON API client. Every failure becomes an `ApiError` carrying the API's
 * stable `code`, its `{ kk, ru, en }` message, and per-field `errors[]`
 * (`path` like `/form/birthDate`), so pages can show them next to the field.
 * The session is the HttpOnly cookie; the browser sends it by itself.
 */
import type { ApplicationStatus, Channel, FileRef, I18n, ServiceDefinition } from '../../src/registry/types.ts';
import { messages } from './messages.ts';

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
export interface ApplicationFile {
  id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  field: string | null;
  fieldLabel: I18n | null;
  document: { id: string; name: I18n } | null;
  uploadedAt: string;
}

export interface ServiceSummary {
  code: string;
  version: number;
  name: I18n;
  sphere: string;
  categories: string[];
  /** What sets the service apart from another one with the same name (a region, a regime). */
  variant: I18n | null;
  provider: { kind: string; name: I18n };
  channels: Channel[];
  recipients: string[];
  digestRef: string;
  free: boolean;
  feeKind: 'free' | 'state-duty' | 'not-stated';
}

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

export interface Deadline {
  dueDate: string;
  acceptanceDate: string;
  termId: string;
  basis: string;
  basisText: I18n;
  /** The term's notice to the applicant, when it has one (e.g. paternity: 3 calendar days). */
  noticeBy?: string;
}

export interface Me {
  id: string;
  iin: string;
  name: string;
  surname: string;
  givenName: string;
  roles: string[];
  roleNames: I18n[];
}

export interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  /** Registered phone (SMS codes go there; demo: readable at GET /api/v1/demo/sms). */
  phone?: string;
  /** Password sign-in needs an SMS code too. */
  mfaSms?: boolean;
  /** The staff member's organisation (null for citizens): the login page groups by it. */
  org?: { id: string; kind: string; name: { kk: string; ru: string; en: string }; region: string | null } | null;
}

/** POST /api/v1/auth/login for an account with an SMS second factor. */
export interface MfaRequired {
  mfaRequired: true;
  otpId: string;
  /** Masked: +7 701 *** ** 01 */
  phone: string;
  expiresAt: string;
}

/** POST /api/v1/applications/signing-code. */
export interface SigningCode {
  otpId: string;
  phone: string;
  expiresAt: string;
}

/** POST /api/v1/auth/challenge: the bytes (base64) to sign with the AUTH key. */
export interface Challenge {
  challengeId: string;
  challenge: string;
  expiresAt: string;
}

/** How the person signed what they just submitted (kept in the history state for the confirmation). */
export interface SignedWith {
  method: 'eds' | 'sms';
  name?: string;
  iin?: string;
}

export type ApplicationSignature = { method: 'eds'; cms: string } | { method: 'sms'; otpId: string; code: string };

export interface ApplicationSummary {
  id: string;
  number: string;
  serviceCode: string;
  serviceVersion: number;
  serviceName: I18n;
  channel: Channel;
  status: ApplicationStatus;
  statusName: I18n;
  filedAt: string;
  dueDate: string | null;
}

export interface HistoryEntry {
  at: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  toName: I18n;
  actorRole: string | null;
  stepId: string | null;
  reason: I18n | null;
}

export interface ApplicationDetail extends ApplicationSummary {
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
}

export type CoSignerStatus = 'pending' | 'signed' | 'declined' | 'expired';

export interface CoSigner {
  iin: string;
  field: string;
  label: I18n;
  status: CoSignerStatus;
  expiresAt: string;
  signedAt: string | null;
  method: 'eds' | 'sms' | null;
}

/** GET /api/v1/me/co-sign-requests: an application waiting for my signature as the second applicant. */
export interface CoSignRequest {
  applicationId: string;
  number: string;
  serviceCode: string;
  serviceVersion: number;
  serviceName: I18n;
  applicant: { name: string; iin: string };
  as: { field: string; label: I18n };
  filedAt: string;
  expiresAt: string;
  status: CoSignerStatus;
  signedAt: string | null;
  method: 'eds' | 'sms' | null;
  applicationStatus: ApplicationStatus;
  applicationStatusName: I18n;
}

export interface CoSignRequestDetail extends CoSignRequest {
  form: Record<string, unknown>;
  region: string | null;
  channel: Channel;
}

export interface CoSignResult {
  applicationId: string;
  number: string;
  status: ApplicationStatus;
  dueDate: string | null;
  replayed: boolean;
}

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
export interface DataAccess {
  at: string;
  system: StateSystem | string;
  service: string;
  purpose: string;
  sender: string;
  actor: { id: string; name: string | null; roles: string[] | null } | null;
  consentId: string | null;
  status: string;
  /** Whose data was read: mine, or (for my own application) another person's. */
  subject: { iin: string | null; self: boolean };
  /** The application the read served; `id` only when it is mine. */
  application: { id: string | null; number: string | null; own: boolean } | null;
  /** Provider staff opened this attached file of mine (system `qyzmet-files`). */
  file?: { id: string; name: string | null } | null;
}

/** GET /api/v1/me/consents. */
export interface Consent {
  id: string;
  subjectIin: string;
  purpose: string;
  systems: string[];
  serviceCode: string | null;
  method: 'sms' | 'signed-application';
  grantedAt: string | null;
  expiresAt: string;
  revokedAt: string | null;
  /** Used and closed at once: a signed application's consent whose application was not filed. */
  closedAt: string | null;
  application: { id: string; number: string | null } | null;
  requesterRole: string;
}

export interface Submitted {
  id: string;
  number: string;
  status: ApplicationStatus;
  dueDate: string | null;
}

/** A v4 UUID, also where crypto.randomUUID is missing (plain http on a LAN address is not a secure context). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
