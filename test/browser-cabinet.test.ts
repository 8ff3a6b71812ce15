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
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { useBrowserHarness } from './helpers/browser.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';

const SERVICE = 'address-reference';
const CHILD_IIN = '180227690084';


interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  phone?: string;
  mfaSms?: boolean;
}


const harness = useBrowserHarness('browser-cabinet');
const { openPage, shot } = harness;

async function demoAccounts(): Promise<DemoAccount[]> {
  return (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
}

/** The demo keystore of a person, fetched from the demo endpoint and written to a temp file (for setInputFiles). */
async function keystoreFile(iin: string, usage: 'auth' | 'sign'): Promise<string> {
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${iin}/${usage}`);
  assert.equal(r.status, 200, `the ${usage} keystore of ${iin} downloads`);
  const path = join(harness.filesDir, `${usage.toUpperCase()}_${iin}.p12`);
  writeFileSync(path, Buffer.from(await r.arrayBuffer()));
  return path;
}

interface AccessRow {
  system: string;
  purpose: string;
  consentId: string | null;
  application: { id: string | null; number: string | null; own: boolean } | null;
}

test('the address reference for a child is shown on the application page; the cabinet shows who accessed my data and my consents', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = (await demoAccounts()).find((a) => a.role === 'citizen');
  assert.ok(citizen, 'a demo citizen account exists');
  assert.equal(citizen.iin, '880515300120', 'the first demo citizen');
  const signFile = await keystoreFile(citizen.iin, 'sign');

  // 1. Sign in (in English, so that the assertions read plainly).
  await page.goto(`${harness.base}/login?next=${encodeURIComponent(`/services/${SERVICE}/apply`)}`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}/services/${SERVICE}/apply`);

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
  await page.waitForURL(`${harness.base}/cabinet/${submitted.id}`);
  const card = page.getByTestId('address-reference');
  await card.waitFor();
  const detail = (await (await page.request.get(`${harness.base}/api/v1/applications/${submitted.id}`)).json()) as {
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
  await page.waitForURL(`${harness.base}/cabinet`);
  await page.getByTestId('cab-tab-apps').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(`${harness.base}/cabinet?tab=access`);
  assert.equal(await page.getByTestId('cab-tab-access').getAttribute('aria-selected'), 'true');
  const log = (await (await page.request.get(`${harness.base}/api/v1/me/data-access`)).json()) as { items: AccessRow[] };
  const systems = new Set(log.items.map((x) => x.system));
  // The relationship check searched MY civil records (as the child's parent): it is in my log;
  // the child's person record and addresses are logged under her IIN.
  assert.ok(systems.has('civil-registry'), 'the civil registry read my records for the relationship check');
  // My own reference puts reads of MY data (persons DB) in my log.
  await applyForSelf(page, citizen.iin, citizen.password, signFile);
  await page.reload();
  await page.getByTestId('access-log').waitFor();
  const later = (await (await page.request.get(`${harness.base}/api/v1/me/data-access`)).json()) as { items: AccessRow[] };
  for (const x of later.items) systems.add(x.system);
  assert.ok(systems.has('persons'), 'the persons DB read my data');
  await assertVisibleText(page, 'State DB of individuals');
  await assertVisibleText(page, 'Civil registry');
  const personsRow = page.locator('[data-testid="access-row"][data-system="persons"]').first();
  const rowText = (await personsRow.textContent()) ?? '';
  assert.match(rowText, /\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/, 'when, DD.MM.YYYY HH:MM');
  assert.ok(rowText.includes('address reference'), 'what for: the service name');
  assert.ok(rowText.includes('Your consent in the signed application'), 'the consent basis');
  // Each row names the application it served (its number, a link to it) and whose data was read.
  const mine = later.items.filter((x) => x.application?.own);
  assert.ok(mine.length >= 3, 'reads for my applications');
  const childRow = page.locator(`[data-testid="access-row"][data-self="false"]`).first();
  const childNumber = (await childRow.getAttribute('data-application')) ?? '';
  assert.match(childNumber, /^\d{2}-\d{8}-\d$/, 'the child reference read her data: its number');
  assert.equal((await childRow.getByTestId('access-application').textContent())?.trim(), childNumber);
  assert.match((await childRow.getByTestId('access-whose').textContent()) ?? '', /IIN \d{12}/, 'whose data: the child, by IIN');
  assert.equal((await personsRow.getByTestId('access-whose').textContent())?.trim(), 'Yours');
  assert.match((await personsRow.getByTestId('access-application').textContent()) ?? '', /^\d{2}-\d{8}-\d$/);
  await shot(page, '06-access');
  await page.getByTestId('lang-kk').click();
  await assertVisibleText(page, 'Деректеріме кім қол жеткізді');
  await assertVisibleText(page, '«Жеке тұлғалар» МДБ');
  await shot(page, '07-access-kk');
  await page.getByTestId('lang-en').click();

  // 5. "My consents": withdraw one with the keyboard.
  await page.getByTestId('cab-tab-access').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(`${harness.base}/cabinet?tab=consents`);
  await page.getByTestId('consents').waitFor();
  const active = page.locator('[data-testid="consent-row"][data-state="active"]');
  const activeBefore = await active.count();
  const revokedBefore = await page.locator('[data-testid="consent-row"][data-state="revoked"]').count();
  assert.ok(activeBefore >= 1, 'an active consent (from the signed applications)');
  await shot(page, '08-consents');
  // Revoking asks first; Escape (or Cancel) changes nothing and gives the focus back.
  await active.first().getByTestId('consent-revoke').focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByTestId('consent-revoke-confirm');
  await confirm.waitFor();
  assert.match((await confirm.textContent()) ?? '', /Withdraw the consent .+\? From then on no one can read your data on its basis\./);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'consent-revoke-yes', 'the focus is on the confirm button');
  await shot(page, '08b-consent-confirm');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await active.count(), activeBefore, 'nothing revoked without confirming');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'consent-revoke');
  assert.equal(await page.locator('[data-testid="consent-row"][data-state="revoked"]').count(), revokedBefore);
  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await page.keyboard.press('Enter'); // "Yes, withdraw"
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
  const r = await page.request.post(`${harness.base}/api/v1/applications`, { headers: { 'idempotency-key': key }, data: { ...draft, signature: { method: 'eds', cms } } });
  assert.equal(r.status(), 201, await r.text());
}

async function assertVisibleText(page: Page, text: string): Promise<void> {
  await assert.doesNotReject(page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' }), `"${text}" is visible`);
}
