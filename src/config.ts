import { isIP } from 'node:net';
import { type HttpLimits, loadHttpLimits } from './http/limits.ts';
import { loadOtpLimits, type OtpLimits } from './identity/otp-limits.ts';

/**
 * Configuration comes from the environment only (12-factor). Every variable is
 * documented in the README; defaults are those of `npm start` on a laptop.
 */
export interface Config {
  /** postgres://… for a real server; empty → embedded PGlite in DATA_DIR. */
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  /** Listen address: HOST, else 127.0.0.1 in demo mode (demo secrets stay on this machine), else 0.0.0.0. */
  host: string;
  /** HOST was set explicitly (otherwise the demo-mode default applies and start-up says so). */
  hostExplicit: boolean;
  /**
   * Which peers may set the client address and scheme (X-Forwarded-For/-Proto): false (default,
   * nobody), true (anyone: only behind a proxy that overwrites these headers), a hop count, or
   * proxy addresses/CIDR ranges (fastify's trustProxy).
   */
  trustProxy: boolean | number | string[];
  /** Load demo accounts/data on first start and expose /api/v1/demo/*. */
  demo: boolean;
  /** Secure flag on the session cookie (set behind HTTPS). */
  cookieSecure: boolean;
  sessionTtlHours: number;
  /** How long a process may reuse a resolved session before asking the database again (ms; 0 = never). */
  sessionCacheMs: number;
  logLevel: string;
  /** Max connections per process for a real PostgreSQL server. */
  dbPoolSize: number;
  /**
   * Submission statements in flight at once per process (group commit): submissions that arrive
   * while they run are written together by the next one. 1–16, default 2.
   */
  submitInflight: number;
  /** Serve the built web UI from this folder when it exists. */
  webDir: string;
  servicesDir: string;
  /** Organisations (providers, centres, akimats) as data: `organisations/*.yaml` (src/organisations/). */
  organisationsDir: string;
  calendarFile: string;
  /** Persons in the synthetic population seeded into the simulated state systems in demo mode. */
  demoPopulation: number;
  /** Run background workers (job queue) in this process. */
  workers: boolean;
  /** Timeouts, connection cap and body limit of the HTTP server (src/http/limits.ts). */
  http: HttpLimits;
  /** Password attempts per IIN before a lock, and the lock's length in minutes. */
  login: { maxAttempts: number; lockMinutes: number };
  /** Limits on issuing SMS codes per person, phone and client (src/identity/otp-limits.ts). */
  otp: OtpLimits;
  /**
   * Attached files (src/uploads/): unbound uploads a person may hold at once, and after how many
   * hours an unbound upload is purged. The file size limit is `http.uploadLimitBytes`.
   */
  uploads: { maxUnbound: number; purgeAfterHours: number };
  /**
   * Notifications to applicants (src/notifications/): SMTP_URL (smtp://user:pass@host:port, smtps://…;
   * empty: no e-mail channel, only the cabinet inbox and SMS), the From address, and after how many
   * attempts a delivery is dead (NOTIFY_MAX_ATTEMPTS, 1–8; retried with the queue's exponential backoff).
   */
  notifications: { smtpUrl: string | null; mailFrom: string; maxAttempts: number };
}

const bool = (v: string | undefined, dflt: boolean) =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: env.DATA_DIR || './data',
    port: Number(env.PORT ?? 3000),
    host: env.HOST?.trim() || (bool(env.DEMO, true) ? '127.0.0.1' : '0.0.0.0'),
    hostExplicit: Boolean(env.HOST?.trim()),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    demo: bool(env.DEMO, true),
    cookieSecure: bool(env.COOKIE_SECURE, false),
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    sessionCacheMs: Number(env.SESSION_CACHE_MS ?? 5000),
    logLevel: env.LOG_LEVEL || 'info',
    // At least 2: start-up holds one connection for the migration lock while seeding uses another.
    dbPoolSize: Math.max(2, Number(env.DB_POOL_SIZE ?? 20) || 20),
    submitInflight: Math.min(16, Math.max(1, Number(env.SUBMIT_INFLIGHT ?? 2) || 2)),
    webDir: env.WEB_DIR || 'web/dist',
    servicesDir: env.SERVICES_DIR || 'services',
    organisationsDir: env.ORGANISATIONS_DIR || 'organisations',
    calendarFile: env.CALENDAR_FILE || 'calendar/kz.yaml',
    workers: bool(env.WORKERS, true),
    demoPopulation: Number(env.DEMO_POPULATION ?? 10_000),
    http: loadHttpLimits(env),
    otp: loadOtpLimits(env),
    login: {
      maxAttempts: Math.max(1, Math.trunc(Number(env.LOGIN_MAX_ATTEMPTS ?? 5)) || 5),
      lockMinutes: Math.max(1, Math.trunc(Number(env.LOGIN_LOCK_MINUTES ?? 15)) || 15),
    },
    uploads: {
      maxUnbound: Math.max(1, Math.trunc(Number(env.UPLOAD_MAX_UNBOUND ?? 50)) || 50),
      purgeAfterHours: Math.max(1, Math.trunc(Number(env.UPLOAD_PURGE_HOURS ?? 24)) || 24),
    },
    notifications: {
      smtpUrl: env.SMTP_URL?.trim() || null,
      mailFrom: env.MAIL_FROM?.trim() || 'Qyzmet <no-reply@qyzmet.kz>',
      maxAttempts: Math.min(8, Math.max(1, Math.trunc(Number(env.NOTIFY_MAX_ATTEMPTS ?? 6)) || 6)),
    },
  };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: empty/false, true, a hop count, or a comma list of addresses, CIDR ranges or loopback/linklocal/uniquelocal. */
export function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const v = raw?.trim() ?? '';
  if (v === '' || /^(false|0|no|off)$/i.test(v)) return false;
  if (/^(true|yes|on)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const items = v.split(',').map((x) => x.trim()).filter(Boolean);
  for (const item of items) {
    if (PROXY_NAMES.has(item)) continue;
    const [addr = '', bits, ...rest] = item.split('/');
    const family = isIP(addr);
    const max = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || !okBits || rest.length) {
      throw new Error(`TRUST_PROXY must be true, false, a number of hops, or a comma list of proxy addresses/CIDR ranges; "${item}" is none of these`);
    }
  }
  return items;
}
