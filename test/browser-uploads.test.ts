/**
 * Attached files in a real browser against the real server (issue 8 item 14): a citizen applies
 * for the guardianship reference, attaches the decision as a scan (a small generated PDF), sees it
 * uploaded, is told in words when a file is of the wrong type (and removes it from the keyboard),
 * sees the file with its SHA-256 on the signing step, signs with the SIGN key file and submits;
 * the application page lists the file. Then a provider clerk opens the file through the staff API
 * and gets the same bytes, and the citizen sees that read in "who accessed my data".
 * Screenshots: test-results/browser-uploads-*.png. Needs Chromium (fails without it).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { useBrowserHarness } from './helpers/browser.ts';
import { sha256hex, tinyPdf } from './helpers/files.ts';

interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
}

const harness = useBrowserHarness('browser-uploads');
const { openPage, shot } = harness;

async function demoAccount(role: string, orgId?: string): Promise<DemoAccount> {
  const all = (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as Array<DemoAccount & { org: { id: string } | null }>;
  const a = all.find((x) => x.role === role && (orgId === undefined || x.org?.id === orgId));
  assert.ok(a, `a demo ${role}`);
  return a;
}

test('a citizen attaches a scan to a guardianship application, signs and submits; a provider clerk opens the same bytes', { timeout: 240_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = await demoAccount('citizen');
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${citizen.iin}/sign`);
  assert.equal(r.status, 200);
  const signFile = join(harness.filesDir, `SIGN_${citizen.iin}.p12`);
  writeFileSync(signFile, Buffer.from(await r.arrayBuffer()));
  const pdf = tinyPdf('Akim decision 412 of 14.06.2019');
  const scan = join(harness.filesDir, 'guardianship-decision-412.pdf');
  writeFileSync(scan, pdf);
  const notAScan = join(harness.filesDir, 'notes.txt');
  writeFileSync(notAScan, 'not a scan');

  // Sign in and open the application form.
  const next = '/services/guardianship-reference/apply';
  await page.goto(`${harness.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}${next}`);
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  // Education departments are regional: Astana's works this application (src/organisations/routing.ts).
  await page.getByTestId('region-select').selectOption('astana');

  // Continuing without the scan: the form says it is required.
  await page.getByTestId('submit').click();
  await page.getByTestId('error-summary').waitFor();
  assert.match((await page.getByTestId('error-summary').textContent()) ?? '', /Decision appointing the guardian – scanned copy” is required/);

  // The file control is labelled and reached from the keyboard.
  const input = page.getByTestId('field-decisionScan');
  await page.getByLabel(/Decision appointing the guardian – scanned copy/).first().focus();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-decisionScan', 'the label leads to the file control');
  assert.match((await page.locator('#f-decisionScan-count').textContent()) ?? '', /PDF, JPEG, PNG, up to 10 MB per file, up to 5 files/);

  // A text file is refused in words, before any upload; the PDF uploads.
  const uploads: number[] = [];
  page.on('response', (x) => {
    if (x.url().includes('/api/v1/uploads') && x.request().method() === 'POST') uploads.push(x.status());
  });
  await input.setInputFiles([notAScan, scan]);
  const items = page.getByTestId('file-item');
  await page.locator('[data-testid="file-item"][data-status="done"]').waitFor();
  assert.equal(await items.count(), 2);
  assert.match((await page.getByTestId('file-error').textContent()) ?? '', /“notes\.txt” is not a PDF, JPEG, PNG file/);
  assert.match((await items.nth(1).textContent()) ?? '', /guardianship-decision-412\.pdf.*Uploaded/);
  assert.deepEqual(uploads, [201], 'only the PDF was sent to the server');
  await shot(page, '01-form-with-scan-en');

  // The wrong file is removed with the keyboard (its own Remove button, Enter).
  const removeWrong = items.nth(0).getByTestId('file-remove');
  await removeWrong.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-item"]').length === 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-decisionScan', 'focus goes back to the file control');

  // The same in Kazakh and Russian.
  await page.getByTestId('lang-kk').click();
  assert.match((await items.first().textContent()) ?? '', /Жүктелді/);
  await page.getByTestId('lang-ru').click();
  assert.match((await items.first().textContent()) ?? '', /Загружен/);
  await input.setInputFiles([notAScan]);
  await page.getByTestId('file-error').waitFor();
  assert.match((await page.getByTestId('file-error').textContent()) ?? '', /«notes\.txt» – не файл PDF, JPEG, PNG/);
  await shot(page, '02-form-wrong-type-ru');
  await items.filter({ hasText: 'notes.txt' }).getByTestId('file-remove').click();
  await page.getByTestId('lang-en').click();

  // The signing step shows the file and its SHA-256 among what is signed.
  await page.getByTestId('submit').click();
  await page.getByTestId('sign-step').waitFor();
  const review = page.getByTestId('review-files-decisionScan');
  assert.match((await review.textContent()) ?? '', /guardianship-decision-412\.pdf/);
  assert.equal(await review.getByTestId('file-entry').getAttribute('data-sha256'), sha256hex(pdf), 'the hash of these very bytes');
  await shot(page, '03-sign-step-files');
  await page.getByLabel('Key file (.p12)').setInputFiles(signFile);
  await page.getByLabel('Key password').fill(citizen.password);
  const sent = page.waitForResponse((x) => x.request().method() === 'POST' && x.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sign-submit').click();
  const res = await sent;
  assert.equal(res.status(), 201, await res.text());
  const { id, number } = (await res.json()) as { id: string; number: string };
  const signed = JSON.parse(res.request().postData() ?? '{}') as { form: { decisionScan: Array<{ sha256: string }> } };
  assert.equal(signed.form.decisionScan[0]?.sha256, sha256hex(pdf), 'the signed form names the file by its hash');

  // The application page lists the file; the applicant can download it.
  await page.waitForURL(`${harness.base}/cabinet/${id}`);
  const files = page.getByTestId('app-files');
  await files.waitFor();
  assert.match((await files.textContent()) ?? '', /guardianship-decision-412\.pdf/);
  const href = await files.getByRole('link').getAttribute('href');
  const own = await page.request.get(`${harness.base}${href}`);
  assert.equal(own.status(), 200);
  assert.ok(Buffer.from(await own.body()).equals(pdf));
  await shot(page, '04-application-files');

  // A clerk of the provider the application was routed to opens the file through the staff API: the same bytes.
  const clerk = await demoAccount('provider-clerk', 'astana-education');
  const login = await fetch(`${harness.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: clerk.iin, password: clerk.password }) });
  const { token } = (await login.json()) as { token: string };
  const list = (await (await fetch(`${harness.base}/api/v1/staff/applications/${number}/files`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string; sha256: string }> };
  assert.equal(list.items.length, 1);
  const dl = await fetch(`${harness.base}/api/v1/staff/applications/${id}/files/${list.items[0]!.id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.match(dl.headers.get('content-disposition') ?? '', /^attachment;/);
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(Buffer.from(await dl.arrayBuffer()).equals(pdf), 'the clerk gets the bytes the citizen attached');
  // The citizen's own session cannot use the staff route.
  assert.equal((await page.request.get(`${harness.base}/api/v1/staff/applications/${id}/files`)).status(), 403);

  // "Who accessed my data" shows the clerk's read of the file, with the application as the basis.
  await page.goto(`${harness.base}/cabinet`);
  await page.getByTestId('cab-tab-access').click();
  const fileRow = page.locator('[data-testid="access-row"][data-system="qyzmet-files"]').first();
  await fileRow.waitFor();
  const rowText = (await fileRow.textContent()) ?? '';
  assert.match(rowText, /Files of your application/);
  assert.match(rowText, new RegExp(number));
  assert.match(rowText, /Your application \(the files you attached\): «guardianship-decision-412\.pdf»/);
  assert.match(rowText, new RegExp(clerk.name.split(' ').slice(0, 2).join(' ')), 'the clerk of the routed provider');
  await shot(page, '05-who-accessed-files');
  const access = await page.request.get(`${harness.base}/api/v1/me/data-access`);
  const rows = ((await access.json()) as { items: Array<{ system: string; application: { number: string } | null; actor: { name: string } | null }> }).items;
  assert.ok(rows.some((x) => x.system === 'qyzmet-files' && x.application?.number === number && x.actor?.name?.startsWith(clerk.name.split(' ')[0]!)), JSON.stringify(rows.slice(0, 2)));
  assert.deepEqual(pageErrors, []);
  await context.close();
});
