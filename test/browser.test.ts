/**
 * The web UI in a real browser against the real server (child process):
 * 1. a citizen signs in with the first demo citizen account, finds the archival
 *    reference by typing in Russian and in Kazakh without Kazakh letters, opens its
 *    passport, sees "ready by", applies with the example data, SIGNS the application
 *    with the demo SIGN keystore file in the browser (a wrong key password first),
 *    lands on the application page and finds the application with its number and due
 *    date in the cabinet; the CMS that was sent verifies against the canonical bytes;
 * 2. certificate login: the AUTH keystore downloaded from the login page's demo table,
 *    a wrong key password shows the error, the right one signs in;
 * 3. the two-factor citizen: password + SMS code; an application signed with a revoked
 *    key is refused (EDS_REVOKED shown in plain words), then confirmed with an SMS code
 *    bound to it;
 * 4. NCALayer (a fake speaking its WebSocket protocol, via Playwright's routeWebSocket):
 *    certificate login and signing through `kz.gov.pki.knca.basics` `sign`.
 * Screenshots of every page go to test-results/.
 *
 * Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH); CI installs it. Without
 * it the test FAILS — it is never skipped.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { useBrowserHarness } from './helpers/browser.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';

const SERVICE = 'archival-reference';


interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  phone?: string;
  mfaSms?: boolean;
}


/** 2026-12-01 → 01.12.2026, as the UI shows dates. */
const ddmmyyyy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('.');

const harness = useBrowserHarness('browser');
const { openPage, shot } = harness;

async function demoAccounts(): Promise<DemoAccount[]> {
  return (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
}

/** The demo person's registered phone and second factor, from the seed (the login page shows them when the API lists them). */
const seeded = (iin: string) => {
  const a = DEMO_ACCOUNTS.find((x) => x.iin === iin);
  assert.ok(a, `demo account ${iin} is seeded`);
  return { phone: a.phone, mfaSms: a.mfaSms ?? false };
};

/** The demo keystore of a person, fetched from the demo endpoint and written to a temp file (for setInputFiles). */
async function keystoreFile(iin: string, usage: 'auth' | 'sign'): Promise<string> {
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${iin}/${usage}`);
  assert.equal(r.status, 200, `the ${usage} keystore of ${iin} downloads`);
  const path = join(harness.filesDir, `${usage.toUpperCase()}_${iin}.p12`);
  writeFileSync(path, Buffer.from(await r.arrayBuffer()));
  return path;
}

/**
 * A SIGN keystore (RSA) for this person issued by the demo CA and then revoked, through the admin
 * API as the demo administrator: signing with it must be refused by the server with EDS_REVOKED.
 */
async function revokedSignKeystore(person: DemoAccount, password: string): Promise<string> {
  const admin = (await demoAccounts()).find((a) => a.role === 'admin');
  assert.ok(admin);
  const login = (await (await fetch(`${harness.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: admin.iin, password: admin.password }) })).json()) as { token: string };
  const auth = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
  const [surname = 'X', givenName = 'X'] = person.name.split(' ');
  const body = { iin: person.iin, name: { surname, givenName }, usage: 'sign', algorithm: 'rsa', password, reason: 'browser test: a key to revoke' };
  const asked = await fetch(`${harness.base}/api/v1/admin/pki/certificates`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  assert.equal(asked.status, 202, 'a certificate in a person’s name needs their SMS code');
  const { otpId } = (await asked.json()) as { otpId: string };
  const confirmation = { otpId, code: await lastSmsCode(seeded(person.iin).phone) };
  const r = await fetch(`${harness.base}/api/v1/admin/pki/certificates`, { method: 'POST', headers: auth, body: JSON.stringify({ ...body, confirmation }) });
  assert.equal(r.status, 201, 'the admin issues a certificate the person confirmed');
  const issued = (await r.json()) as { serial: string; pkcs12: string };
  const rv = await fetch(`${harness.base}/api/v1/admin/pki/certificates/${issued.serial}/revoke`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'keyCompromise' }) });
  assert.equal(rv.status, 200, 'and revokes it');
  const path = join(harness.filesDir, `REVOKED_RSA256_${person.iin}.p12`);
  writeFileSync(path, Buffer.from(issued.pkcs12, 'base64'));
  return path;
}

/** The newest 6-digit code the simulated SMS operator delivered to this phone. */
async function lastSmsCode(phone: string): Promise<string> {
  const r = (await (await fetch(`${harness.base}/api/v1/demo/sms?phone=${encodeURIComponent(phone)}`)).json()) as { items: Array<{ body: string }> };
  const code = /\b(\d{6})\b/.exec(r.items[0]?.body ?? '')?.[1];
  assert.ok(code, `an SMS code was delivered to ${phone}`);
  return code;
}

/** What a POST /api/v1/applications carried, and the server's answer. */
async function submittedApplication(req: Request) {
  const body = req.postDataJSON() as { serviceCode: string; channel: string; form: Record<string, unknown>; region?: string; signature: { method: string; cms?: string; otpId?: string; code?: string } };
  const key = (await req.allHeaders())['idempotency-key'] ?? '';
  const res = await req.response();
  return { body, key, status: res?.status() ?? 0 };
}

/** The CMS that was sent verifies against the canonical bytes, with the applicant's IIN, as a document (SIGN key). */
async function assertSignatureVerifies(applicantIin: string, body: Awaited<ReturnType<typeof submittedApplication>>['body'], key: string): Promise<void> {
  assert.equal(body.signature.method, 'eds');
  const data = signingPayload({ applicantIin, serviceCode: body.serviceCode, channel: body.channel, form: body.form, region: body.region ?? null, idempotencyKey: key });
  const v = (await (
    await fetch(`${harness.base}/api/v1/signatures/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: Buffer.from(data).toString('base64'), signature: body.signature.cms, expectedIin: applicantIin, purpose: 'sign' }),
    })
  ).json()) as { valid: boolean; signer: { iin: string } | null; signingTime: string | null; errors: unknown[] };
  assert.equal(v.valid, true, `the browser's signature verifies: ${JSON.stringify(v.errors)}`);
  assert.equal(v.signer?.iin, applicantIin, 'signed by the applicant');
  assert.ok(v.signingTime, 'the signature carries a signingTime');
}

/** From the passport's "Apply online" to the signing step with the example data. */
async function fillAndContinue(page: Page): Promise<void> {
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  await page.getByTestId('submit').click();
  await page.getByTestId('sign-step').waitFor();
}

test('a citizen finds the archival reference, applies online, signs with the EDS key file and sees the application in the cabinet', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();

  // The first demo citizen, from the demo accounts endpoint, and their SIGN keystore file.
  const citizen = (await demoAccounts()).find((a) => a.role === 'citizen');
  assert.ok(citizen, 'a demo citizen account exists');
  const signFile = await keystoreFile(citizen.iin, 'sign');
  const serviceName = ((await (await fetch(`${harness.base}/api/v1/services/${SERVICE}`)).json()) as { name: { kk: string } }).name;

  // 1. Sign in (the login page lists the demo accounts; we type like a person would).
  await page.goto(`${harness.base}/login`);
  await page.getByTestId('iin').waitFor();
  await assertVisibleText(page, citizen.iin); // the demo accounts table
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await shot(page, '01-login');
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}/`);
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
  await page.waitForURL(`${harness.base}/services/${SERVICE}`);

  // 5. The passport says when the result is ready if you apply today (the server's own computation).
  const deadline = (await (await fetch(`${harness.base}/api/v1/services/${SERVICE}/deadline?channel=portal`)).json()) as { dueDate: string; basisText: { en: string } };
  const readyBy = page.getByTestId('ready-by');
  await readyBy.waitFor();
  assert.ok((await readyBy.textContent())?.includes(ddmmyyyy(deadline.dueDate)), 'the passport shows the due date');
  await page.getByTestId('lang-en').click();
  await assertVisibleText(page, `ready by ${ddmmyyyy(deadline.dueDate)}`);
  await assertVisibleText(page, 'Apply today');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.ok((await page.getByTestId('deadline-basis').textContent())?.includes(deadline.basisText.en.slice(0, 20)), 'the basis is shown in English');
  await shot(page, '04-passport');

  // 6. Apply online, fill with the example, continue to signing: the answers are shown for checking.
  await page.getByTestId('apply').click();
  await page.waitForURL(`${harness.base}/services/${SERVICE}/apply`);
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  await shot(page, '05-application-form');
  await page.getByTestId('submit').click();
  await page.getByTestId('sign-step').waitFor();
  await assertVisibleText(page, 'Check and sign the application');
  assert.equal(await page.locator('[data-testid="steps"] [aria-current="step"]').textContent(), '2Sign and submit', 'step 2 is the current step');

  // NCALayer is not running here: its tab says so and how to get it (reached with the keyboard: → →).
  await page.getByTestId('sign-tab-file').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('sign-tab-nca').getAttribute('aria-selected'), 'true', 'arrow keys move between the signing methods');
  await page.locator('[data-testid="nca-status"][data-state="unavailable"]').waitFor();
  await assertVisibleText(page, 'NCALayer is not running on this computer.');
  assert.equal(await page.getByTestId('nca-submit').count(), 0, 'no NCALayer, no NCALayer button');
  await shot(page, '06-sign-ncalayer-unavailable');
  await page.keyboard.press('Home');
  assert.equal(await page.getByTestId('sign-tab-file').getAttribute('aria-selected'), 'true');

  // 7. The SIGN key file; a wrong password first: a clear message at the password, nothing is sent.
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/applications')) posts++;
  });
  await page.getByLabel('Key file (.p12)').setInputFiles(signFile);
  await page.getByLabel('Key password').fill('not-the-password');
  await page.getByTestId('sign-submit').click();
  const pwError = page.getByTestId('keystore-password-error');
  await pwError.waitFor();
  assert.equal((await pwError.textContent())?.trim(), 'Wrong keystore password.');
  assert.equal(await page.getByLabel('Key password').getAttribute('aria-invalid'), 'true');
  assert.equal(posts, 0, 'a wrong key password sends nothing');
  await shot(page, '07-sign-wrong-password');

  // 8. The right password; sign and submit (double click: still one application).
  await page.getByLabel('Key password').fill(citizen.password);
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sign-submit').dblclick();
  const req = await submittedApplication(await sent);
  assert.equal(req.status, 201, 'the signed application is accepted');
  await assertSignatureVerifies(citizen.iin, req.body, req.key);

  // 9. The application page: number, due date, and who signed.
  await page.waitForURL(new RegExp(`${harness.base}/cabinet/[0-9a-f-]{36}$`));
  const number = (await page.getByTestId('app-number').textContent())?.trim() ?? '';
  assert.match(number, /^\d{2}-\d{8,}-\d$/, 'an application number');
  const due = (await page.getByTestId('due-date').textContent())?.trim() ?? '';
  assert.match(due, /^\d{2}\.\d{2}\.\d{4}$/, 'a due date DD.MM.YYYY');
  await assertVisibleText(page, 'Your application has been sent');
  assert.equal(await page.getByTestId('signed-with').getAttribute('data-method'), 'eds');
  assert.match((await page.getByTestId('signed-with').textContent()) ?? '', new RegExp(`Signed with EDS: .+, IIN ${citizen.iin}`));
  await assertVisibleText(page, 'Status history');
  await shot(page, '08-application');

  // 10. The cabinet lists it with its number and due date.
  await page.getByRole('link', { name: 'My cabinet' }).click();
  await page.waitForURL(`${harness.base}/cabinet`);
  const row = page.locator(`[data-testid="application-row"][data-number="${number}"]`);
  await row.waitFor();
  assert.ok((await row.textContent())?.includes(due), 'the cabinet row shows the due date');
  await assertVisibleText(page, 'My applications');
  await shot(page, '09-cabinet');

  // The double click filed exactly one application (same Idempotency-Key).
  const mine = (await (await page.request.get(`${harness.base}/api/v1/applications`)).json()) as { items: Array<{ serviceCode: string }> };
  assert.equal(mine.items.filter((a) => a.serviceCode === SERVICE).length, 1, 'one application, not two');
  assert.equal(posts, 1, 'the double click sent one request');

  assert.deepEqual(pageErrors, [], 'no script errors in the page');
  await context.close();
});

test('certificate login with the AUTH key file from the demo table; a wrong key password is refused', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = (await demoAccounts()).find((a) => a.role === 'citizen');
  assert.ok(citizen);

  // The demo table offers each person's key files: download the AUTH one like a person would.
  await page.goto(`${harness.base}/login`);
  const row = page.locator(`[data-testid="demo-account"][data-iin="${citizen.iin}"]`);
  await row.waitFor();
  assert.ok((await page.getByTestId('demo-keys-note').textContent())?.includes(citizen.password), 'the demo table tells the key password');
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-auth').click()]);
  const authFile = join(harness.filesDir, `downloaded-${download.suggestedFilename()}`);
  await download.saveAs(authFile);
  assert.equal(download.suggestedFilename(), `AUTH_${citizen.iin}.p12`);
  assert.ok(readFileSync(authFile).length > 500, 'a PKCS#12 file was downloaded');
  assert.equal(await page.url(), `${harness.base}/login`, 'downloading does not pick the row');
  await shot(page, '10-login-demo-keys');

  // The EDS tab, reached with the keyboard (→ from the selected tab).
  await page.getByTestId('tab-password').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('tab-eds').getAttribute('aria-selected'), 'true');
  await page.getByTestId('eds-login-form').waitFor();

  // Wrong key password (Kazakh UI, the default): the message says so, no challenge is spent.
  let challenges = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/auth/challenge')) challenges++;
  });
  await page.getByTestId('keystore-file').setInputFiles(authFile);
  await page.getByTestId('keystore-password').fill('Qyzmet-2025');
  await page.getByTestId('eds-submit').click();
  const pwError = page.getByTestId('keystore-password-error');
  await pwError.waitFor();
  assert.equal((await pwError.textContent())?.trim(), 'Кілттер қоймасының құпиясөзі қате.');
  assert.equal(challenges, 0, 'the keystore is opened before a challenge is asked for');
  await shot(page, '11-login-eds-wrong-password');

  // The SIGN key is the wrong key for signing in: said in plain words, before anything is sent.
  await page.getByTestId('keystore-file').setInputFiles(await keystoreFile(citizen.iin, 'sign'));
  await page.getByTestId('keystore-password').fill(citizen.password);
  await page.getByTestId('eds-submit').click();
  await page.locator('[data-testid="login-error"][data-code="EDS_WRONG_KEY_USAGE"]').waitFor();
  await shot(page, '12-login-eds-wrong-key');

  // The right file and password: signed in with the certificate.
  await page.getByTestId('keystore-file').setInputFiles(authFile);
  await page.getByTestId('keystore-password').fill(citizen.password);
  const loggedIn = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login/eds'));
  await page.getByTestId('eds-submit').click();
  assert.equal((await loggedIn).status(), 200, 'certificate login accepted');
  await page.waitForURL(`${harness.base}/`);
  await assert.doesNotReject(page.getByTestId('user-name').filter({ hasText: citizen.name }).waitFor(), 'signed in as the certificate owner');
  const me = (await (await page.request.get(`${harness.base}/api/v1/me`)).json()) as { iin: string };
  assert.equal(me.iin, citizen.iin);
  assert.equal(challenges, 1, 'one challenge for one sign-in');

  assert.deepEqual(pageErrors, [], 'no script errors in the page');
  await context.close();
});

test('two-factor sign-in with the SMS code, and an application confirmed with an SMS code', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const accounts = await demoAccounts();
  const citizen = accounts.find((a) => a.role === 'citizen' && seeded(a.iin).mfaSms);
  assert.ok(citizen, 'a demo citizen with an SMS second factor');
  const phone = seeded(citizen.iin).phone;
  // The demo table marks two-factor accounts and the SMS step offers the simulated operator's
  // inbox only when GET /api/v1/demo/accounts lists phone and mfaSms.
  const apiListsPhones = typeof citizen.phone === 'string';

  await page.goto(`${harness.base}/login`);
  await page.getByTestId('lang-ru').click();
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await page.getByTestId('submit').click();
  await page.getByTestId('sms-login-form').waitFor();
  assert.match((await page.getByTestId('sms-sent').textContent()) ?? '', /\+7\s701\s\*\*\*\s\*\*\s\d\d/, 'the masked phone is shown');
  assert.equal(await page.locator('[data-testid="sms-code"]:focus').count(), 1, 'the code field has focus');
  const real = await lastSmsCode(phone);
  await page.getByTestId('sms-code').fill(real === '000000' ? '111111' : '000000'); // a wrong code first
  await page.getByTestId('sms-submit').click();
  await page.getByTestId('code-error').waitFor();
  assert.equal((await page.getByTestId('code-error').textContent())?.trim(), 'Неверный одноразовый код.');
  if (apiListsPhones) {
    await page.getByTestId('demo-sms').click();
    await page.getByTestId('demo-sms-box').waitFor();
    assert.ok((await page.getByTestId('demo-sms-box').textContent())?.includes(real), 'the demo inbox shows the code');
  }
  await shot(page, '13-login-sms');
  await page.getByTestId('sms-code').fill(real);
  await page.getByTestId('sms-submit').click();
  await page.waitForURL(`${harness.base}/`);
  await page.getByTestId('user-name').filter({ hasText: citizen.name }).waitFor();

  // Apply; a revoked key (RSA this time) is refused by the server, in plain words.
  const revoked = await revokedSignKeystore(citizen, 'Revoked-2026');
  await page.goto(`${harness.base}/services/${SERVICE}/apply`);
  await fillAndContinue(page);
  await page.getByTestId('keystore-file').setInputFiles(revoked);
  await page.getByTestId('keystore-password').fill('Revoked-2026');
  const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sign-submit').click();
  assert.equal((await refused).status(), 422, 'the server refuses a revoked key');
  const revokedError = page.locator('[data-testid="sign-error"][data-code="EDS_REVOKED"]');
  await revokedError.waitFor();
  assert.ok((await revokedError.textContent())?.includes('Регистрационное свидетельство ЭЦП отозвано'), 'the reason in Russian');
  assert.ok((await revokedError.textContent())?.includes('подпишите SMS-кодом'), 'and what to do');
  await shot(page, '14-sign-revoked');

  // Confirm with a code bound to exactly this application instead.
  await page.getByTestId('sign-tab-sms').click();
  await page.getByTestId('sms-request').click();
  await page.getByTestId('sms-sent').waitFor();
  await page.getByTestId('sms-code').fill(await lastSmsCode(phone));
  await shot(page, '15-sign-sms');
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sms-submit').click();
  const req = await submittedApplication(await sent);
  assert.equal(req.status, 201);
  assert.equal(req.body.signature.method, 'sms');
  await page.waitForURL(new RegExp(`${harness.base}/cabinet/[0-9a-f-]{36}$`));
  assert.equal(await page.getByTestId('signed-with').getAttribute('data-method'), 'sms');
  await assertVisibleText(page, 'Подтверждено одноразовым SMS-кодом.');

  assert.deepEqual(pageErrors, [], 'no script errors in the page');
  await context.close();
});

test('NCALayer (a fake on its WebSocket): certificate login and signing an application', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = (await demoAccounts()).find((a) => a.role === 'citizen');
  assert.ok(citizen);
  const keys = { auth: readFileSync(await keystoreFile(citizen.iin, 'auth')), sign: readFileSync(await keystoreFile(citizen.iin, 'sign')) };

  // What NCALayer would do after the person picked the key in its window: a detached CMS over the decoded data.
  const requests: Array<{ module: string; method: string; args: Record<string, unknown> }> = [];
  await context.routeWebSocket(/^wss:\/\/127\.0\.0\.1:13579\/?$/, (ws) => {
    ws.send(JSON.stringify({ result: { version: '1.4' } }));
    ws.onMessage(async (message) => {
      const m = JSON.parse(String(message)) as { module: string; method: string; args: { data: string; signerParams: { extKeyUsageOids: string[] } } };
      requests.push(m);
      if (m.module !== 'kz.gov.pki.knca.basics' || m.method !== 'sign') return ws.send(JSON.stringify({ status: false, code: 'UNKNOWN', message: 'unknown' }));
      const usage = m.args.signerParams.extKeyUsageOids.includes('1.3.6.1.5.5.7.3.2') ? 'auth' : 'sign';
      const cms = await signCms(Buffer.from(m.args.data, 'base64'), keys[usage], citizen.password);
      ws.send(JSON.stringify({ status: true, body: { result: [Buffer.from(cms).toString('base64')] } }));
    });
  });

  await page.goto(`${harness.base}/login`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('tab-nca').click();
  await page.locator('[data-testid="nca-status"][data-state="available"]').waitFor();
  await assertVisibleText(page, 'NCALayer 1.4 is running.');
  await shot(page, '16-login-ncalayer');
  await page.getByTestId('nca-submit').click();
  await page.waitForURL(`${harness.base}/`);
  await page.getByTestId('user-name').filter({ hasText: citizen.name }).waitFor();
  const login = requests.find((r) => r.module === 'kz.gov.pki.knca.basics');
  assert.ok(login, 'the basics module was called');
  assert.deepEqual((login.args.signerParams as { extKeyUsageOids: string[] }).extKeyUsageOids, ['1.3.6.1.5.5.7.3.2'], 'sign-in asks for the AUTH key');
  assert.equal(login.args.format, 'cms');
  assert.deepEqual(login.args.signingParams, { decode: true, encapsulate: false, digested: false });

  await page.goto(`${harness.base}/services/${SERVICE}/apply`);
  await fillAndContinue(page);
  await page.getByTestId('sign-tab-nca').click();
  await page.locator('[data-testid="nca-status"][data-state="available"]').waitFor();
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await page.getByTestId('nca-submit').click();
  const req = await submittedApplication(await sent);
  assert.equal(req.status, 201);
  await assertSignatureVerifies(citizen.iin, req.body, req.key);
  const signReq = requests.filter((r) => r.module === 'kz.gov.pki.knca.basics').at(-1);
  assert.deepEqual((signReq?.args.signerParams as { extKeyUsageOids: string[]; iin: string }).extKeyUsageOids, ['1.3.6.1.5.5.7.3.4'], 'documents ask for the SIGN key');
  assert.equal((signReq?.args.signerParams as { iin: string }).iin, citizen.iin, "only the applicant's keys");
  await page.waitForURL(new RegExp(`${harness.base}/cabinet/[0-9a-f-]{36}$`));
  assert.equal(await page.getByTestId('signed-with').getAttribute('data-method'), 'eds');
  await shot(page, '17-application-ncalayer');

  assert.deepEqual(pageErrors, [], 'no script errors in the page');
  await context.close();
});

async function assertVisibleText(page: Page, text: string): Promise<void> {
  await assert.doesNotReject(page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' }), `"${text}" is visible`);
}
