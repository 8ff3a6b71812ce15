/**
 * The web UI in a real browser against the real server (child process):
 * a citizen signs in with the first demo citizen account, finds the archival
 * reference by typing in Russian and in Kazakh without Kazakh letters, opens its
 * passport, sees "ready by", applies with the example data, lands on the
 * application page and finds the application with its number and due date in
 * the cabinet. Screenshots of every page go to test-results/.
 *
 * Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH); CI installs it. Without
 * it the test FAILS — it is never skipped.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results');
const SERVICE = 'archival-reference';

let server: ChildProcess | null = null;
let serverLog = '';
let base = '';
let dataDir = '';
let schema: { url: string; name: string } | null = null;
let browser: Browser | null = null;
let context: BrowserContext | null = null;

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

/** With TEST_DATABASE_URL: a fresh schema on the real PostgreSQL server (dropped afterwards), like test/helpers/context.ts. */
async function databaseUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return null;
  const name = `t_browser_${randomBytes(4).toString('hex')}`;
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

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `browser-${name}.png`), fullPage: true });
}

/** 2026-12-01 → 01.12.2026, as the UI shows dates. */
const ddmmyyyy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

before(async () => {
  // Fail loudly (not skip) when the browser is missing.
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH; CI installs it.`,
  );
  mkdirSync(SHOTS, { recursive: true });
  buildWebIfNeeded();

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'qyzmet-browser-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'true', WORKERS: 'true', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const db = await databaseUrl();
  if (db) env.DATABASE_URL = db;

  server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    serverLog = (serverLog + b.toString()).slice(-8000);
  };
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  await waitReady(60_000);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'kk-KZ' });
});

after(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
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

test('a citizen finds the archival reference, applies online and sees the application in the cabinet', { timeout: 180_000 }, async () => {
  assert.ok(context, 'browser context');
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // The first demo citizen, from the demo accounts endpoint.
  const accounts = (await (await fetch(`${base}/api/v1/demo/accounts`)).json()) as Array<{ role: string; iin: string; password: string; name: string }>;
  const citizen = accounts.find((a) => a.role === 'citizen');
  assert.ok(citizen, 'a demo citizen account exists');
  const serviceName = ((await (await fetch(`${base}/api/v1/services/${SERVICE}`)).json()) as { name: { kk: string } }).name;

  // 1. Sign in (the login page lists the demo accounts; we type like a person would).
  await page.goto(`${base}/login`);
  await page.getByTestId('iin').waitFor();
  await assertVisibleText(page, citizen.iin); // the demo accounts table
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await shot(page, '01-login');
  await page.getByTestId('submit').click();
  await page.waitForURL(`${base}/`);
  await assert.doesNotReject(page.getByTestId('user-name').filter({ hasText: citizen.name }).waitFor(), 'the header shows who is signed in');

  // 2. Search in Russian, as you type (the search box has focus on arrival).
  const search = page.getByTestId('search');
  await assert.doesNotReject(page.locator('[data-testid="search"]:focus').waitFor(), 'the search box is focused');
  await search.pressSequentially('архивная справка', { delay: 20 });
  await page.locator('#results[data-query="архивная справка"]').waitFor(); // the results of this query are shown
  assert.equal(await page.getByTestId('service-item').first().getAttribute('data-code'), SERVICE, 'the archival reference comes first');
  await assertVisibleText(page, serviceName.kk); // listed by its Kazakh name (the default language)
  await shot(page, '02-search-ru');

  // 3. Again in Kazakh typed without Kazakh letters (мұрағаттық анықтама → мурагаттык аныктама).
  await search.fill('');
  await search.pressSequentially('мурагаттык аныктама', { delay: 20 });
  await page.locator('#results[data-query="мурагаттык аныктама"]').waitFor();
  await page.waitForURL(/\?q=/);
  assert.equal(await page.getByTestId('service-item').first().getAttribute('data-code'), SERVICE, 'the archival reference comes first');
  await shot(page, '03-search-kk');

  // 4. Open it with the keyboard: ↓ from the search box to the first result, Enter.
  await search.press('ArrowDown');
  await assert.doesNotReject(page.locator(`[data-testid="service-item"][data-code="${SERVICE}"]:focus`).waitFor(), 'ArrowDown focuses the first result');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/services/${SERVICE}`);

  // 5. The passport says when the result is ready if you apply today (the server's own computation).
  const deadline = (await (await fetch(`${base}/api/v1/services/${SERVICE}/deadline?channel=portal`)).json()) as { dueDate: string; basisText: { en: string } };
  const readyBy = page.getByTestId('ready-by');
  await readyBy.waitFor();
  assert.ok((await readyBy.textContent())?.includes(ddmmyyyy(deadline.dueDate)), 'the passport shows the due date');
  await page.getByTestId('lang-en').click();
  await assertVisibleText(page, `ready by ${ddmmyyyy(deadline.dueDate)}`);
  await assertVisibleText(page, 'Apply today');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.ok((await page.getByTestId('deadline-basis').textContent())?.includes(deadline.basisText.en.slice(0, 20)), 'the basis is shown in English');
  await shot(page, '04-passport');

  // 6. Apply online, fill with the example, submit (double click: still one application).
  await page.getByTestId('apply').click();
  await page.waitForURL(`${base}/services/${SERVICE}/apply`);
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  await shot(page, '05-application-form');
  await page.getByTestId('submit').dblclick();

  // 7. The application page: number and due date.
  await page.waitForURL(new RegExp(`${base}/cabinet/[0-9a-f-]{36}$`));
  const number = (await page.getByTestId('app-number').textContent())?.trim() ?? '';
  assert.match(number, /^\d{2}-\d{8,}-\d$/, 'an application number');
  const due = (await page.getByTestId('due-date').textContent())?.trim() ?? '';
  assert.match(due, /^\d{2}\.\d{2}\.\d{4}$/, 'a due date DD.MM.YYYY');
  await assertVisibleText(page, 'Your application has been sent');
  await assertVisibleText(page, 'Status history');
  await shot(page, '06-application');

  // 8. The cabinet lists it with its number and due date.
  await page.getByRole('link', { name: 'My cabinet' }).click();
  await page.waitForURL(`${base}/cabinet`);
  const row = page.locator(`[data-testid="application-row"][data-number="${number}"]`);
  await row.waitFor();
  assert.ok((await row.textContent())?.includes(due), 'the cabinet row shows the due date');
  await assertVisibleText(page, 'My applications');
  await shot(page, '07-cabinet');

  // The double click filed exactly one application (same Idempotency-Key).
  const mine = (await (await page.request.get(`${base}/api/v1/applications`)).json()) as { items: Array<{ serviceCode: string }> };
  assert.equal(mine.items.filter((a) => a.serviceCode === SERVICE).length, 1, 'one application, not two');

  assert.deepEqual(pageErrors, [], 'no script errors in the page');
  await page.close();
});

async function assertVisibleText(page: Page, text: string): Promise<void> {
  await assert.doesNotReject(page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' }), `"${text}" is visible`);
}
