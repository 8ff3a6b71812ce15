/**
 * The cabinet in a real browser against the real server (child process, DEMO_POPULATION=1000):
 * the first demo citizen signs in, applies for the address reference for his daughter
 * (180227690084 in the synthetic population; the form's example data), signs with the demo SIGN
 * keystore file and lands on the application page that already shows the reference (her name,
 * IIN and address; the registration history; printable); then "Who accessed my data" lists the
 * reads of his data in state systems, and "My consents" lets him withdraw a consent with the
 * keyboard. Screenshots go to test-results/browser-cabinet-*.png.
 *
 * Start-up helpers are copied from test/browser.test.ts. Needs Chromium at /usr/bin/chromium
 * (or CHROMIUM_PATH); without it the test FAILS.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results');
const SERVICE = 'address-reference';
const CHILD_IIN = '180227690084';

let server: ChildProcess | null = null;
let serverLog = '';
let base = '';
let dataDir = '';
let schema: { url: string; name: string } | null = null;
let browser: Browser | null = null;
let filesDir = '';

interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  phone?: string;
  mfaSms?: boolean;
}

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
  const name = `t_browser_cab_${randomBytes(4).toString('hex')}`;
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
  await page.screenshot({ path: join(SHOTS, `browser-cabinet-${name}.png`), fullPage: true });
}

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
  dataDir = mkdtempSync(join(tmpdir(), 'qyzmet-browser-cab-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'true', DEMO_POPULATION: '1000', WORKERS: 'true', LOG_LEVEL: 'warn' };
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

/** A fresh browser context (own cookies and localStorage) and page that collects script errors. */
async function openPage(): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  assert.ok(browser, 'browser');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'kk-KZ' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page, pageErrors };
}

async function demoAccounts(): Promise<DemoAccount[]> {
  return (await (await fetch(`${base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
}

/** The demo keystore of a person, fetched from the demo endpoint and written to a temp file (for setInputFiles). */
async function keystoreFile(iin: string, usage: 'auth' | 'sign'): Promise<string> {
  const r = await fetch(`${base}/api/v1/demo/keystores/${iin}/${usage}`);
  assert.equal(r.status, 200, `the ${usage} keystore of ${iin} downloads`);
  const path = join(filesDir, `${usage.toUpperCase()}_${iin}.p12`);
  writeFileSync(path, Buffer.from(await r.arrayBuffer()));
  return path;
}

interface AccessRow {
  system: string;
  purpose: string;
  consentId: string | null;
}

test('the address reference for a child is shown on the application page; the cabinet shows who accessed my data and my consents', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = (await demoAccounts()).find((a) => a.role === 'citizen');
  assert.ok(citizen, 'a demo citizen account exists');
  assert.equal(citizen.iin, '880515300120', 'the first demo citizen');
  const signFile = await keystoreFile(citizen.iin, 'sign');

  // 1. Sign in (in English, so that the assertions read plainly).
  await page.goto(`${base}/login?next=${encodeURIComponent(`/services/${SERVICE}/apply`)}`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await page.getByTestId('submit').click();
  await page.waitForURL(`${base}/services/${SERVICE}/apply`);

  // 2. The address reference for the daughter (the example data), signed with the SIGN key file.
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  await shot(page, '01-form');
  await page.getByTestId('submit').click();
  await page.getByTestId('sign-step').waitFor();
  await page.getByLabel('Key file (.p12)').setInputFiles(signFile);
  await page.getByLabel('Key password').fill(citizen.password);
  const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sign-submit').click();
  const res = await sent;
  assert.equal(res.status(), 201, 'the signed application is accepted');
  const submitted = (await res.json()) as { id: string; status: string };
  assert.equal(submitted.status, 'result-ready', 'decided at once from the registries');

  // 3. The application page already shows the reference: no waiting.
  await page.waitForURL(`${base}/cabinet/${submitted.id}`);
  const card = page.getByTestId('address-reference');
  await card.waitFor();
  const detail = (await (await page.request.get(`${base}/api/v1/applications/${submitted.id}`)).json()) as {
    result: { document: { subject: { surname: string; givenName: string; iin: string }; currentRegistration: { address: { ru: string; en?: string } } } };
  };
  const doc = detail.result.document;
  assert.equal(doc.subject.iin, CHILD_IIN);
  assert.match((await page.getByTestId('doc-subject-name').textContent()) ?? '', new RegExp(`${doc.subject.surname} ${doc.subject.givenName}`), "the child's name");
  assert.equal((await page.getByTestId('doc-subject-iin').textContent())?.trim(), CHILD_IIN);
  const address = doc.currentRegistration.address.en || doc.currentRegistration.address.ru;
  assert.ok((await page.getByTestId('doc-current-address').textContent())?.includes(address), 'the current address (English, else Russian)');
  assert.ok((await page.getByTestId('doc-registrations').locator('tbody tr').count()) >= 1, 'the registration history');
  await assertVisibleText(page, 'ADDRESS REFERENCE');
  await assertVisibleText(page, 'The result is ready');
  assert.equal(await page.getByTestId('due-date').count(), 0, 'no "result due by" once the result is there');
  await shot(page, '02-reference-en');
  await page.getByTestId('lang-kk').click();
  await assertVisibleText(page, 'МЕКЕНЖАЙ АНЫҚТАМАСЫ');
  await shot(page, '03-reference-kk');
  // The print stylesheet shows only the document.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('history').isVisible(), false, 'the status history is not printed');
  assert.equal(await card.isVisible(), true, 'the reference is printed');
  await shot(page, '04-reference-print');
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('lang-en').click();

  // 4. "Who accessed my data": the tab is reached with the keyboard from "My applications".
  await page.getByRole('link', { name: 'My cabinet' }).click();
  await page.waitForURL(`${base}/cabinet`);
  await page.getByTestId('cab-tab-apps').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(`${base}/cabinet?tab=access`);
  assert.equal(await page.getByTestId('cab-tab-access').getAttribute('aria-selected'), 'true');
  const log = (await (await page.request.get(`${base}/api/v1/me/data-access`)).json()) as { items: AccessRow[] };
  const systems = new Set(log.items.map((x) => x.system));
  // The relationship check searched MY civil records (as the child's parent): it is in my log;
  // the child's person record and addresses are logged under her IIN.
  assert.ok(systems.has('civil-registry'), 'the civil registry read my records for the relationship check');
  // My own reference puts reads of MY data (persons DB) in my log.
  await applyForSelf(page, citizen.iin, citizen.password, signFile);
  await page.reload();
  await page.getByTestId('access-log').waitFor();
  const later = (await (await page.request.get(`${base}/api/v1/me/data-access`)).json()) as { items: AccessRow[] };
  for (const x of later.items) systems.add(x.system);
  assert.ok(systems.has('persons'), 'the persons DB read my data');
  await assertVisibleText(page, 'State DB of individuals');
  await assertVisibleText(page, 'Civil registry');
  const personsRow = page.locator('[data-testid="access-row"][data-system="persons"]').first();
  const rowText = (await personsRow.textContent()) ?? '';
  assert.match(rowText, /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/, 'when, DD.MM.YYYY HH:MM');
  assert.ok(rowText.includes('address reference'), 'what for: the service name');
  assert.ok(rowText.includes('Your consent in the signed application'), 'the consent basis');
  await shot(page, '06-access');
  await page.getByTestId('lang-kk').click();
  await assertVisibleText(page, 'Деректеріме кім қол жеткізді');
  await assertVisibleText(page, '«Жеке тұлғалар» МДБ');
  await shot(page, '07-access-kk');
  await page.getByTestId('lang-en').click();

  // 5. "My consents": withdraw one with the keyboard.
  await page.getByTestId('cab-tab-access').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(`${base}/cabinet?tab=consents`);
  await page.getByTestId('consents').waitFor();
  const active = page.locator('[data-testid="consent-row"][data-state="active"]');
  const activeBefore = await active.count();
  assert.ok(activeBefore >= 1, 'an active consent (from the signed applications)');
  await shot(page, '08-consents');
  await active.first().getByTestId('consent-revoke').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="consent-row"][data-state="revoked"]').first().waitFor();
  assert.equal(await active.count(), activeBefore - 1, 'one consent fewer is active');
  await shot(page, '09-consent-revoked');

  assert.deepEqual(pageErrors, [], 'no script errors');
  await context.close();
});

/** My own address reference, filed through the API with the session of the page (signed like the browser does). */
async function applyForSelf(page: Page, iin: string, password: string, signFile: string): Promise<void> {
  const key = randomUUID();
  const draft = { serviceCode: SERVICE, channel: 'portal', form: { subject: 'self', purpose: 'work' } };
  const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: iin, idempotencyKey: key }), readFileSync(signFile), password, { detached: true })).toString('base64');
  const r = await page.request.post(`${base}/api/v1/applications`, { headers: { 'idempotency-key': key }, data: { ...draft, signature: { method: 'eds', cms } } });
  assert.equal(r.status(), 201, await r.text());
}

async function assertVisibleText(page: Page, text: string): Promise<void> {
  await assert.doesNotReject(page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' }), `"${text}" is visible`);
}
