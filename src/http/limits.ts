/**
 * What one HTTP server process grants a client, so that slow or idle clients cannot hold it:
 *
 *   headersTimeoutMs    all request headers must arrive within this, counted from the
 *                       connection (or the end of the previous request on a kept-alive one);
 *   requestTimeoutMs    the whole request — headers and body — must arrive within this: a body that
 *                       never finishes is answered 408 REQUEST_TIMEOUT and the connection closed;
 *   idleTimeoutMs       a connection on which nothing moves for this long, in either direction, is
 *                       closed: a body that stalls, a client that stops reading the answer. Longer
 *                       than any handler takes (a gateway read with its retries is well under 30 s);
 *   keepAliveTimeoutMs  an idle kept-alive connection between two requests is closed after this;
 *   maxConnections      open connections per process; beyond it a new connection is closed at once;
 *   bodyLimitBytes      the largest request body (413 BODY_TOO_LARGE);
 *   uploadLimitBytes    the largest file on POST /api/v1/uploads (raw bytes, not JSON: 413
 *                       UPLOAD_TOO_LARGE); larger than the JSON limit, a scan is several MiB.
 *
 * Node checks the header and request deadlines every `checkIntervalMs` (derived here: a quarter of
 * the shorter deadline, between 50 ms and 1 s), so a deadline is kept within that much.
 */
export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 2_000,
  bodyLimitBytes: 1024 * 1024,
  uploadLimitBytes: 10 * 1024 * 1024,
};

const VARS: Record<keyof HttpLimits, string> = {
  headersTimeoutMs: 'HTTP_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'HTTP_REQUEST_TIMEOUT_MS',
  idleTimeoutMs: 'HTTP_IDLE_TIMEOUT_MS',
  keepAliveTimeoutMs: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  maxConnections: 'HTTP_MAX_CONNECTIONS',
  bodyLimitBytes: 'HTTP_BODY_LIMIT_BYTES',
  uploadLimitBytes: 'HTTP_UPLOAD_LIMIT_BYTES',
};

/** Reads the limits from the environment; a value that is not a positive integer stops the start. */
export function loadHttpLimits(env: NodeJS.ProcessEnv = process.env): HttpLimits {
  const out = { ...DEFAULT_HTTP_LIMITS };
  for (const [key, name] of Object.entries(VARS) as Array<[keyof HttpLimits, string]>) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
    out[key] = n;
  }
  return normaliseHttpLimits(out);
}

/** Node refuses a header deadline later than the request deadline: the headers are part of the request. */
export function normaliseHttpLimits(l: HttpLimits): HttpLimits {
  return { ...l, headersTimeoutMs: Math.min(l.headersTimeoutMs, l.requestTimeoutMs) };
}

export function checkIntervalMs(l: HttpLimits): number {
  return Math.max(50, Math.min(1000, Math.floor(Math.min(l.headersTimeoutMs, l.requestTimeoutMs) / 4)));
}
