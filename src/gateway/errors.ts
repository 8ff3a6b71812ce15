/**
 * GatewayError. Its codes and messages are in ./error-codes.ts, spread into the one catalogue
 * ERRORS in src/errors/errors.ts.
 *
 * "No data" is NOT an error: `gateway.send` returns `{ status: 'not_found' }`; a caller
 * that cannot continue without the data turns it into GATEWAY_NO_DATA ("impossible to
 * obtain data", seed digest §2.3) with `requireData()`.
 *
 * GatewayError passes an existing AppError code with the same HTTP status (so the current
 * HTTP error handler sends the right status and, for 503, a Retry-After header) and puts
 * its own code on the wire, as PkiError does.
 */
import { AppError, type ErrorCode } from '../errors/errors.ts';
import type { I18n } from '../lib/i18n.ts';
import { GATEWAY_ERRORS, type GatewayErrorCode } from './error-codes.ts';

export { GATEWAY_ERRORS, type GatewayErrorCode };


const FALLBACK: Record<number, ErrorCode> = { 403: 'FORBIDDEN', 422: 'VALIDATION_FAILED', 503: 'SERVICE_UNAVAILABLE' };

export interface GatewayErrorDetails {
  systemId: string;
  serviceId: string;
  correlationId: string;
  messageId?: string;
  attempts?: number;
  /** For GATEWAY_UNAVAILABLE: when the circuit will let a probe through. */
  retryAfterMs?: number;
  /** Connector-side reason (never secrets): e.g. "injected fault", "ECONNRESET", a not-found reason. */
  reason?: string;
}

export class GatewayError extends AppError {
  readonly gatewayCode: GatewayErrorCode;
  readonly details: GatewayErrorDetails;
  constructor(code: GatewayErrorCode, details: GatewayErrorDetails, message?: I18n) {
    const [status, msg] = GATEWAY_ERRORS[code];
    // On the wire: which system, the correlation id (for support) and when to retry — never the
    // connector's own error text (it may carry internals); that stays in `details` and the log.
    const wire: Record<string, unknown> = { systemId: details.systemId, serviceId: details.serviceId, correlationId: details.correlationId };
    if (details.retryAfterMs !== undefined) wire.retryAfterMs = details.retryAfterMs;
    if ((code === 'GATEWAY_NO_DATA' || code === 'CONSENT_REQUIRED') && details.reason) wire.reason = details.reason; // a stable code, e.g. NO_SUCH_PERSON, NO_CONSENT
    super(FALLBACK[status] ?? 'SERVICE_UNAVAILABLE', { message: message ?? msg, details: wire });
    this.gatewayCode = code;
    this.details = details;
    this.message = `${code}: ${(message ?? msg).en} [${details.systemId}.${details.serviceId}${details.reason ? `: ${details.reason}` : ''}]`;
    this.name = 'GatewayError';
  }

  /** The wire form carries the gateway code (AppError's typing only knows its own codes). */
  override toJSON(): ReturnType<AppError['toJSON']> {
    return { ...super.toJSON(), code: this.gatewayCode } as unknown as ReturnType<AppError['toJSON']>;
  }
}

export const isGatewayError = (e: unknown, code?: GatewayErrorCode): e is GatewayError =>
  e instanceof GatewayError && (code === undefined || e.gatewayCode === code);

/** Errors a connector throws to say "the remote system failed" (counted by the circuit breaker, retried for queries). */
export class ConnectorFault extends Error {
  constructor(
    message: string,
    readonly code = 'CONNECTOR_FAULT',
  ) {
    super(message);
    this.name = 'ConnectorFault';
  }
}
