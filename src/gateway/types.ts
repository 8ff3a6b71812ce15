/**
 * Types of the e-government gateway (ШЭП / ЭҮШ), modelled on its SendMessage envelope
 * (kz-facts §7): requestInfo{messageId, serviceId, messageDate, sender{senderId, password},
 * properties, sessionId} + requestData, answered by responseInfo{messageId, sessionId,
 * responseDate, status} + responseData; correlationId and messageType come from the
 * asynchronous variant and tie retries and related calls together.
 */
import type { Queryable } from '../db/db.ts';
import type { I18n } from '../registry/types.ts';
import type { RegistryCatalogue } from '../registries/catalogue.ts';

export type MessageType = 'REQUEST' | 'RESPONSE' | 'NOTIFICATION';

export interface RequestInfo {
  /** UUIDv7, new for every attempt (a resend is a new message). */
  messageId: string;
  /** Shared by every attempt and by related calls (e.g. all calls for one application). */
  correlationId: string;
  serviceId: string;
  messageType: 'REQUEST';
  /** ISO timestamp of sending. */
  messageDate: string;
  sender: { senderId: string; password?: string };
  /** Purpose, consent id, subject IIN, actor, attempt number — the facts the state system logs. */
  properties: Record<string, string>;
  sessionId: string;
}

export interface RequestEnvelope<D = unknown> {
  requestInfo: RequestInfo;
  requestData: { data: D };
}

export type ResponseStatusCode = 'OK' | 'NOT_FOUND' | 'REJECTED';

export interface ResponseInfo {
  /** Echoes the request's messageId. */
  messageId: string;
  correlationId: string;
  sessionId: string;
  messageType: 'RESPONSE';
  responseDate: string;
  status: { code: ResponseStatusCode; message?: string };
}

export interface ResponseEnvelope<T = unknown> {
  responseInfo: ResponseInfo;
  responseData: { data: T | null };
}

/** What a connector answers. Remote failures are thrown (ConnectorFault or any Error), not returned. */
export type ConnectorReply<T = unknown> =
  | { status: 'OK'; data: T }
  /** The system works but holds no such record. `reason` is a stable code, `message` what a person reads. */
  | { status: 'NOT_FOUND'; reason: string; message?: I18n }
  /** The request itself is malformed (caller's bug): never retried, not a circuit failure. */
  | { status: 'REJECTED'; reason: string };

export interface ServiceSpec {
  /** Queries are idempotent and may be retried; writes are not and are never retried. */
  idempotent: boolean;
  /** Whose personal data the request touches, when the caller did not say (for the call log). */
  subject?: (data: unknown) => string | null | undefined;
}

export interface ConnectorCallContext {
  /** Aborted when the attempt times out; long work should check it. */
  signal: AbortSignal;
  /**
   * The caller's transaction when one was passed in `meta.tx`, else null. In-process
   * simulators read through it (on PGlite a query outside an open transaction would wait
   * for it to end); a real remote connector ignores it.
   */
  tx: Queryable | null;
}

/** ONE interface for every external state system: simulated ones and real adapters alike. */
export interface Connector {
  readonly systemId: string;
  /** Human name of the system, e.g. ГБД ФЛ. */
  readonly title: I18n;
  readonly services: Readonly<Record<string, ServiceSpec>>;
  call(request: RequestEnvelope, ctx: ConnectorCallContext): Promise<ConnectorReply>;
}

export interface BreakerConfig {
  /** Consecutive failures (timeouts, errors) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through (half-open). */
  cooldownMs: number;
  /** Probes allowed at once while half-open. */
  halfOpenMaxCalls: number;
}

export interface ConnectorConfig {
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts for idempotent queries (0 = no retry). Writes are never retried. */
  retries: number;
  /** Backoff before retry n (1-based): min(max, base·2^(n−1)), then "equal jitter" (50–100 % of it). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  breaker: BreakerConfig;
}

export type ConnectorConfigPatch = Partial<Omit<ConnectorConfig, 'breaker'>> & { breaker?: Partial<BreakerConfig> };

export interface FaultConfig {
  /** Added before the call. */
  latencyMs?: number;
  /** Uniform extra latency 0..jitterMs. */
  jitterMs?: number;
  /** Share of calls (0..1) that fail with an injected error. */
  errorRate?: number;
  /** Share of calls (0..1) that hang until the attempt times out. */
  timeoutRate?: number;
}

export interface SendMeta {
  /** The calling subsystem (ШЭП senderId), e.g. 'qyzmet-portal', 'qyzmet-psc', 'qyzmet-provider'. */
  sender: string;
  /** Why the data are requested, e.g. 'address-reference' or 'application:26-00001234-9'. Required. */
  purpose: string;
  /** Whose personal data (IIN), for services that do not declare a subject; a declared subject always comes from the request. */
  subjectIin?: string | null;
  /** Consent to use protected data (seed digest §2.4), e.g. the consent record id. */
  consentId?: string | null;
  /** Ties related calls together (e.g. an application id as UUID); new UUIDv7 when absent. */
  correlationId?: string;
  /** The user (operator, citizen) on whose action the call is made. */
  actorId?: string | null;
  sessionId?: string;
  /**
   * A consent given just now and written together with the caller's work (a signed portal
   * application is the applicant's consent): checked like a stored one, without a query.
   */
  grant?: ConsentGrant;
  /**
   * The subject is a close relative (child, spouse) of the consent's subject, as the civil
   * registry has just confirmed: their own consent is not needed (digest S4).
   */
  relative?: { iin: string; relation: 'child' | 'spouse' };
  /** A law that allows the read without consent (digest §2.4 "unless laws provide otherwise"): named, and logged as the purpose's basis. */
  legalBasis?: string;
  /**
   * The signed-in person reads their own data for themselves (e.g. prefilling a form): a basis
   * for reads whose subject is this IIN, and only those. Set by the server from the session.
   */
  self?: { iin: string };
  /**
   * The caller's open transaction. When given, the call-log row is written in it (atomic with
   * the caller's work — and gone if it rolls back), and in-process simulators read through it.
   * On PGlite this is REQUIRED when calling from inside `db.tx(...)`: there is one connection,
   * and a query outside the open transaction waits for it to end (a deadlock, ending in a timeout).
   */
  tx?: Queryable;
  /**
   * Hand the call-log rows of this call to the caller instead of buffering them: the caller
   * commits them with the decision they served (the submission statement), or writes them at
   * once when nothing is written (src/gateway/call-log.ts). Takes precedence over `tx`.
   */
  logInto?: CallLogRow[];
}

export type CallStatus = 'ok' | 'not_found' | 'rejected' | 'error' | 'timeout' | 'unavailable';

export interface CallInfo {
  systemId: string;
  serviceId: string;
  /** messageId of the last attempt. */
  messageId: string;
  correlationId: string;
  attempts: number;
  durationMs: number;
  request: RequestEnvelope;
  response: ResponseEnvelope;
}

export type GatewayResult<T> =
  | { status: 'ok'; data: T; info: CallInfo }
  | { status: 'not_found'; reason: string; message: I18n; info: CallInfo };

/** Typed catalogue: `send('persons', 'getPerson', {iin})` knows its request and response types. */
// An interface (not a type alias) so real adapters can add systems by declaration merging.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GatewayServices extends RegistryCatalogue {}

export type RequestOf<S extends string, V extends string> = S extends keyof GatewayServices
  ? V extends keyof GatewayServices[S]
    ? GatewayServices[S][V] extends { req: infer R }
      ? R
      : unknown
    : unknown
  : unknown;

export type ResponseOf<S extends string, V extends string> = S extends keyof GatewayServices
  ? V extends keyof GatewayServices[S]
    ? GatewayServices[S][V] extends { res: infer R }
      ? R
      : unknown
    : unknown
  : unknown;

/** Service ids known for a system (any string for systems outside the catalogue). */
export type ServiceIdOf<S extends string> = S extends keyof GatewayServices ? Extract<keyof GatewayServices[S], string> : string;

/** One row of `gateway_calls`. */
export interface CallLogRow {
  messageId: string;
  correlationId: string;
  systemId: string;
  serviceId: string;
  attempt: number;
  senderId: string;
  actorId: string | null;
  subjectIin: string | null;
  purpose: string;
  consentId: string | null;
  status: CallStatus;
  durationMs: number;
  errorCode: string | null;
  errorMessage: string | null;
  at: Date;
}

/** A consent as the access policy sees it. */
export interface ConsentGrant {
  id: string;
  subjectIin: string;
  systems: readonly string[];
  /** Absent for a grant given just now. */
  grantedAt?: Date | null;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  /** Who the consent was given to (the staff member who asked); null/absent = not bound to one. */
  requesterId?: string | null;
  /** The application a signed application's consent was given for: it serves calls for that application only (meta.correlationId). */
  applicationId?: string | null;
}

/** Why a read of personal data is refused; null = allowed. */
export type AccessDenial = 'NO_CONSENT' | 'CONSENT_NOT_IN_FORCE' | 'CONSENT_OUT_OF_SCOPE' | 'CONSENT_OF_ANOTHER_PERSON' | 'CONSENT_GIVEN_TO_ANOTHER';

/**
 * Decides whether a call that reads a person's data (a service that declares `subject`)
 * may go out. Installed by the application (src/consent/policy.ts); without one, every call goes.
 */
export type AccessPolicy = (req: { systemId: string; serviceId: string; subjectIin: string; meta: SendMeta; q: Queryable }) => Promise<AccessDenial | null>;
