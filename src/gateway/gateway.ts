/**
 * The e-government gateway: the only way Qyzmet talks to a state information system.
 *
 *   const r = await gateway.send('persons', 'getPerson', { iin }, { sender: 'qyzmet-portal', purpose: 'address-reference', actorId });
 *   if (r.status === 'not_found') …  // "impossible to obtain data" — not an error
 *
 * Per attempt: circuit breaker check → request envelope (new messageId, shared correlationId)
 * → fault injection (if configured) → connector call under a timeout → response envelope
 * → call-log row. Idempotent queries are retried on timeout/error with exponential backoff
 * and jitter; writes never are. Failures become GatewayError (GATEWAY_TIMEOUT,
 * GATEWAY_UNAVAILABLE when the circuit is open, GATEWAY_ERROR, GATEWAY_REJECTED).
 */
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { messageId as newMessageId } from './message-id.ts';
import type { I18n } from '../registry/types.ts';
import { CircuitBreaker } from './breaker.ts';
import { CallLog, type CallLogOptions } from './call-log.ts';
import { ConnectorFault, GATEWAY_ERRORS, GatewayError, type GatewayErrorCode } from './errors.ts';
import { FaultInjector, parseFaultsEnv } from './faults.ts';
import type {
  AccessPolicy,
  CallInfo,
  CallLogRow,
  CallStatus,
  Connector,
  ConnectorConfig,
  ConnectorConfigPatch,
  ConnectorReply,
  FaultConfig,
  GatewayResult,
  RequestEnvelope,
  RequestOf,
  ResponseEnvelope,
  ResponseOf,
  SendMeta,
  ServiceIdOf,
} from './types.ts';

export const DEFAULT_CONNECTOR_CONFIG: ConnectorConfig = {
  timeoutMs: 3000,
  retries: 2,
  backoffBaseMs: 100,
  backoffMaxMs: 2000,
  breaker: { failureThreshold: 5, cooldownMs: 10_000, halfOpenMaxCalls: 1 },
};

export interface GatewayOptions {
  db: Db;
  /** Who may read whose data (src/consent/policy.ts); checked before any call to a service that declares a `subject`. */
  access?: AccessPolicy;
  connectors?: Connector[];
  /** Per-connector configuration patches; key "*" patches the defaults of every connector. */
  config?: Record<string, ConnectorConfigPatch>;
  /** Initial faults (see GATEWAY_FAULTS); key "*" = every connector. */
  faults?: Record<string, FaultConfig>;
  log?: CallLogOptions;
  /** Sent in requestInfo.sender.password (never logged). */
  senderPassword?: string;
  /** Clock of the circuit breakers (tests move it). */
  now?: () => number;
  /** Random source of backoff jitter and fault decisions (tests make it deterministic). */
  random?: () => number;
  /** Waits between retries (tests record the delays instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'AttemptTimeout';
  }
}

/** Resolves after ms, rejects when the signal aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never resolves; rejects when the signal aborts (an injected hang). */
function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The standard message, naming the state system: "ГБД ФЛ: temporarily unavailable…". */
const named = (code: GatewayErrorCode, title: I18n): I18n => {
  const m = GATEWAY_ERRORS[code][1];
  return { kk: `${title.kk}: ${m.kk}`, ru: `${title.ru}: ${m.ru}`, en: `${title.en}: ${m.en}` };
};

const clip = (s: string | null | undefined, n: number) => (s == null ? null : s.length > n ? s.slice(0, n) : s);
const IIN_RE = /^\d{12}$/;

function mergeConfig(base: ConnectorConfig, patch: ConnectorConfigPatch | undefined): ConnectorConfig {
  if (!patch) return base;
  return { ...base, ...patch, breaker: { ...base.breaker, ...(patch.breaker ?? {}) } };
}

const ConfigPatchSchema = z
  .object({
    timeoutMs: z.number().positive().optional(),
    retries: z.number().int().min(0).max(10).optional(),
    backoffBaseMs: z.number().min(0).optional(),
    backoffMaxMs: z.number().min(0).optional(),
    breaker: z
      .object({
        failureThreshold: z.number().int().min(1).optional(),
        cooldownMs: z.number().min(0).optional(),
        halfOpenMaxCalls: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Parse GATEWAY_CONFIG (JSON: {"persons":{"timeoutMs":2000,"retries":1,"breaker":{"cooldownMs":5000}}}). */
export function parseConfigEnv(value: string | undefined): Record<string, ConnectorConfigPatch> {
  if (!value || !value.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('GATEWAY_CONFIG is not valid JSON');
  }
  const r = z.record(z.string(), ConfigPatchSchema).safeParse(json);
  if (!r.success) throw new Error(`GATEWAY_CONFIG is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data as Record<string, ConnectorConfigPatch>;
}

/** Gateway options from the environment: GATEWAY_FAULTS, GATEWAY_CONFIG, GATEWAY_SENDER_PASSWORD. */
export function gatewayEnvOptions(env: NodeJS.ProcessEnv = process.env): Pick<GatewayOptions, 'faults' | 'config' | 'senderPassword'> {
  return {
    faults: parseFaultsEnv(env.GATEWAY_FAULTS),
    config: parseConfigEnv(env.GATEWAY_CONFIG),
    ...(env.GATEWAY_SENDER_PASSWORD ? { senderPassword: env.GATEWAY_SENDER_PASSWORD } : {}),
  };
}

export interface ConnectorHealth {
  systemId: string;
  title: I18n;
  circuit: ReturnType<CircuitBreaker['snapshot']>;
  faults: FaultConfig | null;
  config: ConnectorConfig;
}

export class Gateway {
  readonly faults: FaultInjector;
  readonly log: CallLog;
  #connectors = new Map<string, Connector>();
  #breakers = new Map<string, CircuitBreaker>();
  #patches: Record<string, ConnectorConfigPatch>;
  #now: () => number;
  #random: () => number;
  #sleep: (ms: number) => Promise<void>;
  #senderPassword: string | undefined;
  #access: AccessPolicy | undefined;
  #db: Db;

  constructor(opts: GatewayOptions) {
    this.#access = opts.access;
    this.#db = opts.db;
    this.#now = opts.now ?? Date.now;
    this.#random = opts.random ?? Math.random;
    this.#sleep = opts.sleep ?? realSleep;
    this.#patches = { ...(opts.config ?? {}) };
    this.#senderPassword = opts.senderPassword;
    this.faults = new FaultInjector(opts.faults ?? {}, this.#random);
    this.log = new CallLog(opts.db, opts.log);
    for (const c of opts.connectors ?? []) this.register(c);
  }

  /** Add (or replace) a connector. */
  register(connector: Connector): this {
    this.#connectors.set(connector.systemId, connector);
    if (!this.#breakers.has(connector.systemId))
      this.#breakers.set(connector.systemId, new CircuitBreaker(() => this.configOf(connector.systemId).breaker, this.#now));
    return this;
  }

  systems(): string[] {
    return [...this.#connectors.keys()];
  }

  connector(systemId: string): Connector | undefined {
    return this.#connectors.get(systemId);
  }

  /** Change a connector's configuration at run time ("*" = defaults of all). */
  configure(systemId: string, patch: ConnectorConfigPatch): void {
    const prev = this.#patches[systemId];
    this.#patches[systemId] = prev ? { ...prev, ...patch, breaker: { ...(prev.breaker ?? {}), ...(patch.breaker ?? {}) } } : patch;
  }

  configOf(systemId: string): ConnectorConfig {
    return mergeConfig(mergeConfig(DEFAULT_CONNECTOR_CONFIG, this.#patches['*']), this.#patches[systemId]);
  }

  breaker(systemId: string): CircuitBreaker {
    const b = this.#breakers.get(systemId);
    if (!b) throw new Error(`gateway: no connector "${systemId}"`);
    return b;
  }

  health(): ConnectorHealth[] {
    return [...this.#connectors.values()].map((c) => ({
      systemId: c.systemId,
      title: c.title,
      circuit: this.breaker(c.systemId).snapshot(),
      faults: this.faults.get(c.systemId) ?? null,
      config: this.configOf(c.systemId),
    }));
  }

  /** Backoff before retry number `retry` (1-based): exponential, capped, equal jitter. */
  backoffMs(systemId: string, retry: number): number {
    const cfg = this.configOf(systemId);
    const exp = Math.min(cfg.backoffMaxMs, cfg.backoffBaseMs * 2 ** (retry - 1));
    return exp / 2 + (this.#random() * exp) / 2;
  }

  /**
   * Send one request to a state system and wait for its answer.
   * Returns `{status:'ok', data}` or `{status:'not_found', reason, message}`; throws GatewayError.
   */
  async send<S extends string, V extends ServiceIdOf<S>>(
    systemId: S,
    serviceId: V,
    data: RequestOf<S, V>,
    meta: SendMeta,
  ): Promise<GatewayResult<ResponseOf<S, V>>> {
    const conn = this.#connectors.get(systemId);
    if (!conn) throw new Error(`gateway: no connector "${systemId}"`);
    const svc = conn.services[serviceId];
    if (!svc) throw new Error(`gateway: system "${systemId}" has no service "${serviceId}"`);
    if (!meta?.sender) throw new TypeError('gateway.send: meta.sender is required');
    if (!meta.purpose) throw new TypeError('gateway.send: meta.purpose is required');

    const cfg = this.configOf(systemId);
    const breaker = this.breaker(systemId);
    const correlationId = meta.correlationId ?? newMessageId();
    const sessionId = meta.sessionId ?? correlationId;
    // Whose data: for a service that declares it, always what the request itself names (the
    // caller cannot point the log or the access policy elsewhere); otherwise the caller's word.
    let subject: unknown = svc.subject ? null : (meta.subjectIin ?? null);
    if (svc.subject) {
      try {
        subject = svc.subject(data) ?? null;
      } catch {
        subject = null;
      }
    }
    const subjectIin = typeof subject === 'string' && IIN_RE.test(subject) ? subject : null;
    const maxAttempts = svc.idempotent ? 1 + cfg.retries : 1;
    const started = performance.now();
    const tx = meta.tx ?? null;

    const logRow = async (messageId: string, attempt: number, status: CallStatus, durationMs: number, errorCode: string | null, errorMessage: string | null) => {
      const row: CallLogRow = {
        messageId,
        correlationId: clip(correlationId, 200) as string,
        systemId,
        serviceId,
        attempt,
        senderId: clip(meta.sender, 200) as string,
        actorId: clip(meta.actorId ?? null, 200),
        subjectIin,
        purpose: clip(meta.purpose, 500) as string,
        consentId: clip(meta.consentId ?? null, 200),
        status,
        durationMs,
        errorCode,
        errorMessage: clip(errorMessage, 500),
        at: new Date(),
      };
      if (meta.logInto) meta.logInto.push(row);
      else await this.log.record(row, tx ?? undefined);
    };

    // Personal data: the access policy must find a basis (the subject's consent, a close
    // relative confirmed just now, or a law) before anything goes out. Logged when refused.
    // A request that names nobody valid is not sent on the policy's word either: NO_CONSENT.
    if (this.#access && svc.subject) {
      const denied = subjectIin ? await this.#access({ systemId, serviceId, subjectIin, meta, q: tx ?? this.#db }) : 'NO_CONSENT';
      if (denied) {
        const messageId = newMessageId();
        await logRow(messageId, 1, 'rejected', 0, 'CONSENT_REQUIRED', denied);
        throw new GatewayError('CONSENT_REQUIRED', { systemId, serviceId, correlationId, messageId, attempts: 0, reason: denied });
      }
    }

    for (let attempt = 1; ; attempt++) {
      const messageId = newMessageId();
      const messageDate = new Date().toISOString();
      const request: RequestEnvelope = {
        requestInfo: {
          messageId,
          correlationId,
          serviceId,
          messageType: 'REQUEST',
          messageDate,
          sender: { senderId: meta.sender, ...(this.#senderPassword ? { password: this.#senderPassword } : {}) },
          properties: {
            purpose: meta.purpose,
            attempt: String(attempt),
            ...(subjectIin ? { subjectIin } : {}),
            ...(meta.consentId ? { consentId: meta.consentId } : {}),
            ...(meta.actorId ? { actorId: meta.actorId } : {}),
          },
          sessionId,
        },
        requestData: { data },
      };
      const details = { systemId, serviceId, correlationId, messageId, attempts: attempt };

      if (!breaker.tryAcquire()) {
        const retryAfterMs = breaker.retryAfterMs();
        await logRow(messageId, attempt, 'unavailable', 0, 'GATEWAY_UNAVAILABLE', 'circuit open');
        throw new GatewayError('GATEWAY_UNAVAILABLE', { ...details, retryAfterMs, reason: 'circuit open' }, named('GATEWAY_UNAVAILABLE', conn.title));
      }

      const t0 = performance.now();
      let reply: ConnectorReply;
      try {
        reply = await this.#attempt(conn, request, cfg.timeoutMs, tx);
      } catch (e) {
        const dur = performance.now() - t0;
        breaker.onFailure();
        const timeout = e instanceof AttemptTimeout;
        const code: GatewayErrorCode = timeout ? 'GATEWAY_TIMEOUT' : 'GATEWAY_ERROR';
        const rowCode = timeout ? 'GATEWAY_TIMEOUT' : e instanceof ConnectorFault ? e.code : 'GATEWAY_ERROR';
        const reason = e instanceof Error ? e.message : String(e);
        await logRow(messageId, attempt, timeout ? 'timeout' : 'error', dur, rowCode, reason);
        // Retry idempotent queries only, and not into an open circuit.
        if (attempt < maxAttempts && breaker.state !== 'open') {
          await this.#sleep(this.backoffMs(systemId, attempt));
          continue;
        }
        // When this failure opened the circuit, the caller learns how long it stays open.
        const retryAfterMs = breaker.state === 'open' ? breaker.retryAfterMs() : undefined;
        throw new GatewayError(code, { ...details, reason: clip(reason, 200) ?? undefined, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, named(code, conn.title));
      }

      const dur = performance.now() - t0;
      breaker.onSuccess();
      const response: ResponseEnvelope = {
        responseInfo: {
          messageId,
          correlationId,
          sessionId,
          messageType: 'RESPONSE',
          responseDate: new Date().toISOString(),
          status:
            reply.status === 'OK'
              ? { code: 'OK' }
              : { code: reply.status, message: reply.reason },
        },
        responseData: { data: reply.status === 'OK' ? reply.data : null },
      };
      // The request as returned to the caller never carries the sender password.
      const shown: RequestEnvelope = { ...request, requestInfo: { ...request.requestInfo, sender: { senderId: meta.sender } } };
      const info: CallInfo = { systemId, serviceId, messageId, correlationId, attempts: attempt, durationMs: performance.now() - started, request: shown, response };

      if (reply.status === 'OK') {
        await logRow(messageId, attempt, 'ok', dur, null, null);
        return { status: 'ok', data: reply.data as ResponseOf<S, V>, info };
      }
      if (reply.status === 'NOT_FOUND') {
        await logRow(messageId, attempt, 'not_found', dur, reply.reason, null);
        return { status: 'not_found', reason: reply.reason, message: reply.message ?? GATEWAY_ERRORS.GATEWAY_NO_DATA[1], info };
      }
      await logRow(messageId, attempt, 'rejected', dur, 'GATEWAY_REJECTED', reply.reason);
      throw new GatewayError('GATEWAY_REJECTED', { ...details, reason: clip(reply.reason, 200) ?? undefined });
    }
  }

  /** One attempt: injected faults, then the connector, under the timeout. */
  async #attempt(conn: Connector, request: RequestEnvelope, timeoutMs: number, tx: SendMeta['tx'] | null): Promise<ConnectorReply> {
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new AttemptTimeout(timeoutMs);
        ac.abort(err);
        reject(err);
      }, timeoutMs);
    });
    const work = (async () => {
      const f = this.faults.decide(conn.systemId);
      if (f) {
        if (f.delayMs > 0) await delay(f.delayMs, ac.signal);
        if (f.outcome === 'timeout') await hang(ac.signal);
        if (f.outcome === 'error') throw new ConnectorFault('injected fault', 'INJECTED_FAULT');
      }
      return conn.call(request, { signal: ac.signal, tx: tx ?? null });
    })();
    work.catch(() => {}); // a late failure after the timeout won the race is not unhandled
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Write buffered call-log rows now. */
  flush(): Promise<void> {
    return this.log.flush();
  }

  /** Graceful shutdown: writes the remaining call-log rows. */
  close(): Promise<void> {
    return this.log.close();
  }
}

export function createGateway(opts: GatewayOptions): Gateway {
  return new Gateway(opts);
}

/** The data of an "ok" result, or GATEWAY_NO_DATA ("impossible to obtain data", 422) for "not found". */
export function requireData<T>(r: GatewayResult<T>): T {
  if (r.status === 'ok') return r.data;
  throw new GatewayError(
    'GATEWAY_NO_DATA',
    { systemId: r.info.systemId, serviceId: r.info.serviceId, correlationId: r.info.correlationId, messageId: r.info.messageId, reason: r.reason },
    r.message,
  );
}
