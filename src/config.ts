/**
 * Configuration comes from the environment only (12-factor). Every variable is
 * documented in the README; defaults are those of `npm start` on a laptop.
 */
export interface Config {
  /** postgres://… for a real server; empty → embedded PGlite in DATA_DIR. */
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  host: string;
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
  calendarFile: string;
  /** Persons in the synthetic population seeded into the simulated state systems in demo mode. */
  demoPopulation: number;
  /** Run background workers (job queue) in this process. */
  workers: boolean;
  /** Password attempts per IIN before a lock, and the lock's length in minutes. */
  login: { maxAttempts: number; lockMinutes: number };
}

const bool = (v: string | undefined, dflt: boolean) =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: env.DATA_DIR || './data',
    port: Number(env.PORT ?? 3000),
    host: env.HOST || '0.0.0.0',
    demo: bool(env.DEMO, true),
    cookieSecure: bool(env.COOKIE_SECURE, false),
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    sessionCacheMs: Number(env.SESSION_CACHE_MS ?? 5000),
    logLevel: env.LOG_LEVEL || 'info',
    dbPoolSize: Number(env.DB_POOL_SIZE ?? 20),
    submitInflight: Math.min(16, Math.max(1, Number(env.SUBMIT_INFLIGHT ?? 2) || 2)),
    webDir: env.WEB_DIR || 'web/dist',
    servicesDir: env.SERVICES_DIR || 'services',
    calendarFile: env.CALENDAR_FILE || 'calendar/kz.yaml',
    workers: bool(env.WORKERS, true),
    demoPopulation: Number(env.DEMO_POPULATION ?? 10_000),
    login: {
      maxAttempts: Math.max(1, Math.trunc(Number(env.LOGIN_MAX_ATTEMPTS ?? 5)) || 5),
      lockMinutes: Math.max(1, Math.trunc(Number(env.LOGIN_LOCK_MINUTES ?? 15)) || 15),
    },
  };
}
