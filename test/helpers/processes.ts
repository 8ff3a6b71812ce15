/**
 * Several server processes on one database, for tests that prove what holds across processes
 * (jobs and timers fire once: test/jobs-two-processes.test.ts).
 *
 * - `sharedPostgres()`: a real PostgreSQL database that separate processes can open. PGlite lives
 *   inside one process and cannot be shared. With TEST_DATABASE_URL (npm run test:pg) a fresh
 *   schema in it; else a fresh database qyzmet_jobs_<random> on
 *   postgres://postgres@127.0.0.1:5432/postgres (PG_ADMIN_URL overrides); else `{ skip }` with the reason.
 * - `spawnTsx(script)`: a separate Node process running a TypeScript file (`node --import tsx`).
 *   It talks in JSON lines: whatever it prints as one JSON object per line on stdout arrives in
 *   `messages`; `send(obj)` writes one JSON line to its stdin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';

export interface SharedDb {
  /** Connection string every process opens (search_path set to the fresh schema when there is one). */
  url: string;
  drop: () => Promise<void>;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end().catch(() => {});
  }
}

export async function sharedPostgres(): Promise<SharedDb | { skip: string }> {
  const id = randomBytes(4).toString('hex');
  const testUrl = process.env.TEST_DATABASE_URL;
  if (testUrl) {
    const schema = `p_${id}`;
    await adminQuery(testUrl, `CREATE SCHEMA ${schema}`);
    const u = new URL(testUrl);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return { url: u.toString(), drop: () => adminQuery(testUrl, `DROP SCHEMA ${schema} CASCADE`) };
  }
  const admin = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `qyzmet_jobs_${id}`;
  try {
    await adminQuery(admin, `CREATE DATABASE ${name}`);
  } catch (e) {
    return { skip: `needs a PostgreSQL server shared by several processes (PGlite cannot be): TEST_DATABASE_URL is not set and ${new URL(admin).host} answered: ${(e as Error).message}` };
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export interface Spawned {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Every JSON line the process printed so far. */
  readonly messages: Record<string, unknown>[];
  /** Resolves with the first message (already received or to come) that satisfies `pred`; rejects when the process exits first or after `timeoutMs`. */
  waitFor: (pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  send: (msg: unknown) => void;
  /** Resolves when the process has exited, with its code (null when killed), signal and stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill: (signal?: NodeJS.Signals) => void;
}

export function spawnTsx(script: string, opts: { args?: string[]; env?: Record<string, string> } = {}): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<{ pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }>();
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not a message (a stray log line)
    }
    messages.push(m);
    for (const w of waiters)
      if (w.pred(m)) {
        waiters.delete(w);
        w.resolve(m);
      }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    pid: child.pid!,
    child,
    messages,
    exited,
    waitFor(pred, timeoutMs = 60_000) {
      const seen = messages.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.add(w);
        const t = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`process ${child.pid}: no such message within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        void exited.then((x) => {
          if (!waiters.has(w)) return;
          waiters.delete(w);
          clearTimeout(t);
          reject(new Error(`process ${child.pid} exited (${x.code ?? x.signal}) before the message; stderr: ${x.stderr.slice(-2000)}`));
        });
        const orig = w.resolve;
        w.resolve = (m) => {
          clearTimeout(t);
          orig(m);
        };
      });
    },
    send(msg) {
      child.stdin!.write(`${JSON.stringify(msg)}\n`);
    },
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Reads JSON lines from stdin in a spawned process (the other end of `send`). */
export function onMessages(handler: (m: Record<string, unknown>) => void): void {
  createInterface({ input: process.stdin }).on('line', (line) => {
    try {
      handler(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a message
    }
  });
}

/** Prints one message for the parent (spawned process side). */
export function tell(msg: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}
