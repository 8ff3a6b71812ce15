/**
 * A real Qyzmet server process and Debian's Chromium for browser tests. Registers the
 * before/after hooks of the calling test file:
 * - builds the web UI when web/dist is older than its sources (as `npm start` does);
 * - starts `src/main.ts` on a free port, with a fresh PGlite data dir, or with
 *   TEST_DATABASE_URL a fresh PostgreSQL schema (dropped afterwards);
 * - launches Chromium (failing loudly, never skipping, when it is missing).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

function newest(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Build the UI when web/dist is missing or older than its sources (as `npm start` does). */
function buildWebIfNeeded(): void {
  const built = join(ROOT, 'web/dist/index.html');
  const stale =
    !existsSync(built) ||
    statSync(built).mtimeMs < Math.max(newest(join(ROOT, 'web/src')), statSync(join(ROOT, 'web/index.html')).mtimeMs);
  if (!stale) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `web UI build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface BrowserHarness {
  /** http://127.0.0.1:<port>, set once the hooks ran. */
  readonly base: string;
  /** A temp folder for files the test hands to the browser (keystores), removed afterwards. */
  readonly filesDir: string;
  /** A fresh browser context (own cookies and localStorage) and page that collects script errors. */
  openPage(): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }>;
  /** A full-page screenshot to test-results/<prefix>-<name>.png. */
  shot(page: Page, name: string): Promise<void>;
}

export function useBrowserHarness(prefix: string, opts: { population?: number } = {}): BrowserHarness {
  let server: ChildProcess | null = null;
  let serverLog = '';
  let base = '';
  let dataDir = '';
  let filesDir = '';
  let schema: { url: string; name: string } | null = null;
  let browser: Browser | null = null;

  /** With TEST_DATABASE_URL: a fresh schema on the real PostgreSQL server, like test/helpers/context.ts. */
  async function databaseUrl(): Promise<string | null> {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) return null;
    const name = `t_${prefix.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE SCHEMA ${name}`);
    await c.end();
    schema = { url, name };
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${name}`);
    return u.toString();
  }

  async function waitReady(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      if (server?.exitCode !== null) throw new Error(`the server exited with code ${server?.exitCode}:\n${serverLog}`);
      try {
        const r = await fetch(`${base}/readyz`);
        if (r.ok) return;
        last = `HTTP ${r.status}`;
      } catch (e) {
        last = String(e);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the server was not ready within ${timeoutMs} ms (${last}):\n${serverLog}`);
  }

  before(async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH; CI installs it.`,
    );
    mkdirSync(SHOTS, { recursive: true });
    buildWebIfNeeded();

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), `qyzmet-${prefix}-`));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      DEMO_POPULATION: String(opts.population ?? 1000),
      WORKERS: 'true',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    const db = await databaseUrl();
    if (db) env.DATABASE_URL = db;

    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      serverLog = (serverLog + b.toString()).slice(-8000);
    };
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    // Generous: on a loaded CI machine (several test files at once) start-up with the demo population can take a minute.
    await waitReady(180_000);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    filesDir = mkdtempSync(join(tmpdir(), 'qyzmet-keys-'));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      process.kill(server.pid, 'SIGTERM');
      const timer = setTimeout(() => server?.pid && server.exitCode === null && process.kill(server.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const c = new pg.Client({ connectionString: schema.url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema.name} CASCADE`);
      await c.end();
    }
  });

  return {
    get base() {
      return base;
    },
    get filesDir() {
      return filesDir;
    },
    async openPage() {
      assert.ok(browser, 'browser');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'kk-KZ' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      return { context, page, pageErrors };
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SHOTS, `${prefix}-${name}.png`), fullPage: true });
    },
  };
}
