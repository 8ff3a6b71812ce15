/**
 * One data layer, two engines: embedded PGlite (demo, tests, small sites) and a
 * real PostgreSQL server (production, through `pg`). Both speak the same SQL;
 * results are normalised here so callers never see an engine difference:
 * int8 → number, date → 'YYYY-MM-DD' string, timestamptz → Date, json → parsed.
 */
import pg from 'pg';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  /**
   * `name` makes it a named prepared statement on PostgreSQL (parsed and planned once per
   * connection); use it for hot statements with a fixed text. Ignored by PGlite.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<QueryResult<T>>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Run `fn` in a transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on channels: `onMessage` gets each NOTIFY (delivered when the notifying transaction
   * commits, to every session listening — this process's included). On PostgreSQL this is a
   * dedicated connection outside the pool (named `opts.name` in pg_stat_activity) that reconnects
   * by itself; `onState(false)` says it is down (notifications may be missed meanwhile),
   * `onState(true, pid)` that it listens (again), as server process `pid`. Resolves after the
   * first attempt to listen; returns the function that stops listening.
   */
  listen(channels: string[], onMessage: (channel: string, payload: string) => void, opts?: ListenOptions): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** application_name of the listening connection (PostgreSQL). */
  name?: string;
  onState?: (listening: boolean, pid: number | null) => void;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// --- PostgreSQL server ---------------------------------------------------------

pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(DATE, (v: string) => v);
pg.types.setTypeParser(NUMERIC, (v: string) => v);

export async function openPostgres(url: string, poolSize = 20): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client error must not crash the process; the pool replaces the client.
  pool.on('error', () => {});
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[], name?: string) {
      const r = name ? await c.query({ name, text: sql, values: params as unknown[] }) : await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = wrap(pool);
  return {
    engine: 'postgres',
    query: base.query,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    exec: base.exec,
    listen: (channels, onMessage, opts) => listenPostgres(url, channels, onMessage, opts ?? {}),
    async close() {
      await pool.end();
    },
  };
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A dedicated listening connection that comes back by itself (backoff 0.25 s … 10 s). */
async function listenPostgres(url: string, channels: string[], onMessage: (channel: string, payload: string) => void, opts: ListenOptions): Promise<() => Promise<void>> {
  const onState = opts.onState;
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = 250;
  let timer: NodeJS.Timeout | null = null;
  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref?.();
    delay = Math.min(10_000, delay * 2);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: opts.name ?? 'qyzmet-listen' });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (client === c) client = null;
      onState?.(false, null);
      c.end().catch(() => {});
      retry();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    c.on('notification', (m) => {
      if (channels.includes(m.channel)) onMessage(m.channel, m.payload ?? '');
    });
    try {
      await c.connect();
      for (const ch of channels) await c.query(`LISTEN ${quoteIdent(ch)}`);
    } catch {
      onLost();
      return;
    }
    if (stopped || lost) {
      c.end().catch(() => {});
      return;
    }
    client = c;
    delay = 250;
    onState?.(true, (c as unknown as { processID: number | null }).processID ?? null);
  };
  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

// --- PGlite (embedded) -----------------------------------------------------------

export async function openPglite(dataDir: string | null): Promise<Db> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const parsers = {
    [types.INT8]: (v: string) => Number(v),
    [types.DATE]: (v: string) => v,
    [types.NUMERIC]: (v: string) => v,
  };
  const db = dataDir ? new PGlite(dataDir, { parsers }) : new PGlite({ parsers });
  await db.waitReady;
  type PgliteLike = {
    query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>;
    exec: (s: string) => Promise<unknown>;
  };
  const wrap = (c: PgliteLike): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.exec(sql);
    },
  });
  const base = wrap(db);
  return {
    engine: 'pglite',
    query: base.query,
    tx: (fn) => db.transaction((t) => fn(wrap(t))),
    exec: base.exec,
    // One process: the notification comes back to this process's callbacks after the commit.
    async listen(channels, onMessage, opts) {
      const stops: Array<() => Promise<void>> = [];
      for (const ch of channels) stops.push(await db.listen(ch, (payload) => onMessage(ch, payload)));
      opts?.onState?.(true, null);
      return async () => {
        for (const stop of stops) await stop().catch(() => {});
      };
    },
    async close() {
      await db.close();
    },
  };
}

export async function openDb(opts: { databaseUrl: string | null; dataDir: string | null; poolSize?: number }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize);
  return openPglite(opts.dataDir);
}

/** Is this error a PostgreSQL unique violation (optionally on a named constraint)? */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (!constraint || err.constraint === constraint);
}
