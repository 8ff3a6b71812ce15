/**
 * Both parents apply (issue 8 item 15, 004 L167), in a real browser against the real server:
 * parent 1 (the first demo citizen) applies for the minors' deposit reference naming parent 2 (the
 * second demo citizen, who has their own phone and an SMS second factor) and signs with the SIGN
 * key file; the application page says it waits for the second parent's signature until when.
 * Parent 2 signs in (password + SMS code), finds the request under "Waiting for my signature",
 * opens it with the keyboard, reviews the form and signs with an SMS code (read from the demo SMS
 * endpoint); parent 1 then sees the application submitted. Screenshots:
 * test-results/browser-cosign-*.png. Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { useBrowserHarness } from './helpers/browser.ts';

const SERVICE = 'minor-deposit-reference';

interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  phone: string;
  mfaSms: boolean;
}

const harness = useBrowserHarness('browser-cosign');
const { openPage, shot } = harness;

async function demoAccounts(): Promise<DemoAccount[]> {
  return (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
}

async function keystoreFile(iin: string): Promise<string> {
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${iin}/sign`);
  assert.equal(r.status, 200);
  const path = join(harness.filesDir, `SIGN_${iin}.p12`);
  writeFileSync(path, Buffer.from(await r.arrayBuffer()));
  return path;
}

/** The newest SMS to a demo phone, and the 6-digit code in it. */
async function latestCode(phone: string, after: number): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const items = ((await (await fetch(`${harness.base}/api/v1/demo/sms?phone=${encodeURIComponent(phone)}`)).json()) as { items: Array<{ body: string; at: string }> }).items;
    const m = items[0] && Date.parse(items[0].at) >= after - 1000 ? /\b(\d{6})\b/.exec(items[0].body) : null;
    if (m) return m[1]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no new SMS to ${phone}`);
}

async function signIn(page: Page, who: DemoAccount, next: string): Promise<void> {
  await page.goto(`${harness.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(who.iin);
  await page.getByTestId('password').fill(who.password);
  const at = Date.now();
  await page.getByTestId('submit').click();
  if (who.mfaSms) {
    await page.getByTestId('sms-login-form').waitFor();
    await page.getByTestId('sms-code').fill(await latestCode(who.phone, at));
    await page.getByTestId('sms-submit').click();
  }
  await page.waitForURL(`${harness.base}${next}`);
}

const visible = async (page: Page, text: string) => assert.ok(await page.getByText(text, { exact: false }).first().isVisible(), `visible: ${text}`);

test('parent 1 applies naming parent 2; parent 2 signs with an SMS code in their cabinet; parent 1 sees it submitted', { timeout: 240_000 }, async () => {
  const citizens = (await demoAccounts()).filter((a) => a.role === 'citizen');
  const [parent1, parent2] = citizens;
  assert.ok(parent1 && parent2, 'two demo citizens');
  assert.notEqual(parent1.phone, parent2.phone, 'each with their own phone');

  // 1. Parent 1 applies, naming parent 2 as the second parent, and signs with the SIGN key file.
  const one = await openPage();
  const p1 = one.page;
  await signIn(p1, parent1, `/services/${SERVICE}/apply`);
  await p1.getByTestId('application-form').waitFor();
  await p1.getByTestId('fill-example').click();
  await p1.getByTestId('field-secondRepresentativeIin').fill(parent2.iin);
  await p1.getByTestId('submit').click();
  await p1.getByTestId('sign-step').waitFor();
  await p1.getByLabel('Key file (.p12)').setInputFiles(await keystoreFile(parent1.iin));
  await p1.getByLabel('Key password').fill(parent1.password);
  const sent = p1.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await p1.getByTestId('sign-submit').click();
  const res = await sent;
  assert.equal(res.status(), 201, await res.text());
  const app = (await res.json()) as { id: string; number: string; status: string; dueDate: string | null };
  assert.equal(app.status, 'awaiting-second-applicant');
  assert.equal(app.dueDate, null);

  // The page says whose signature it waits for, and until when.
  await p1.waitForURL(`${harness.base}/cabinet/${app.id}`);
  const waiting = p1.getByTestId('cosign-waiting');
  await waiting.waitFor();
  const line = (await p1.getByTestId('cosign-waiting-line').textContent()) ?? '';
  assert.match(line, new RegExp(`Waiting for the signature of the second parent \\(IIN ${parent2.iin}\\) until \\d{2}\\.\\d{2}\\.\\d{4} \\d{2}:\\d{2}\\.`));
  assert.equal((await p1.getByTestId('app-status').textContent())?.trim(), 'Awaiting the second applicant');
  await visible(p1, 'The term starts when the second applicant signs.');
  await shot(p1, '01-parent1-waiting');

  // 2. Parent 2 signs in and finds the request in their cabinet.
  const two = await openPage();
  const p2 = two.page;
  await signIn(p2, parent2, '/cabinet');
  const list = p2.getByTestId('cosign-requests');
  await list.waitFor();
  const row = p2.locator(`[data-testid="cosign-request"][data-number="${app.number}"]`);
  await row.waitFor();
  const rowText = (await row.textContent()) ?? '';
  assert.ok(rowText.includes(parent1.name), `the applicant's name: ${rowText}`);
  assert.match(rowText, /You are: second parent/);
  assert.match(rowText, /Sign by \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
  await shot(p2, '02-parent2-cabinet');

  // Opened with the keyboard.
  await row.getByTestId('cosign-open').focus();
  await p2.keyboard.press('Enter');
  await p2.waitForURL(`${harness.base}/cabinet/co-sign/${app.id}`);
  await p2.getByTestId('cosign-step').waitFor();
  await p2.getByTestId('review').waitFor();
  assert.match((await p2.getByTestId('cosign-lead').textContent()) ?? '', new RegExp(`${parent1.name} \\(IIN ${parent1.iin}\\) filed this application and named you as the second parent`));
  const review = (await p2.getByTestId('review').textContent()) ?? '';
  assert.ok(review.includes(parent2.iin) && review.includes(parent1.iin), 'both IINs in the answers');
  await visible(p2, 'Not signed by then, the application is annulled.');
  await shot(p2, '03-cosign-page-en');
  await p2.getByTestId('lang-kk').click();
  await visible(p2, 'Екінші өтініш беруші ретінде қол қою');
  await shot(p2, '04-cosign-page-kk');
  await p2.getByTestId('lang-ru').click();
  await visible(p2, 'Подпись второго заявителя');
  await p2.getByTestId('lang-en').click();

  // Decline asks first; Escape changes nothing and gives the focus back.
  await p2.getByTestId('cosign-decline').focus();
  await p2.keyboard.press('Enter');
  await p2.getByTestId('cosign-decline-confirm').waitFor();
  assert.equal(await p2.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'cosign-decline-yes');
  await p2.keyboard.press('Escape');
  await p2.getByTestId('cosign-decline-confirm').waitFor({ state: 'detached' });
  assert.equal(await p2.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'cosign-decline');

  // 3. The SMS tab, reached with the arrow keys; the code from the (demo) SMS.
  await p2.getByTestId('sign-tab-file').focus();
  await p2.keyboard.press('ArrowRight');
  assert.equal(await p2.getByTestId('sign-tab-sms').getAttribute('aria-selected'), 'true');
  const at = Date.now();
  await p2.getByTestId('sms-request').click();
  await p2.getByTestId('sms-sent').waitFor();
  const code = await latestCode(parent2.phone, at);
  await p2.getByTestId('sms-code').fill(code);
  await shot(p2, '05-cosign-sms');
  const signed = p2.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/co-sign-requests/${app.id}/sign`));
  await p2.keyboard.press('Enter');
  const sres = await signed;
  assert.equal(sres.status(), 200, await sres.text());
  assert.equal(((await sres.json()) as { status: string }).status, 'submitted');
  await p2.getByTestId('cosign-signed').waitFor();
  await visible(p2, 'You signed the application. It has been sent to the provider.');
  assert.equal(await p2.getByTestId('cosign-step').count(), 0, 'nothing more to sign');
  await shot(p2, '06-cosign-signed');
  // No longer waiting in the cabinet.
  await p2.getByRole('link', { name: 'My cabinet' }).first().click();
  await p2.waitForURL(`${harness.base}/cabinet`);
  await p2.getByTestId('cab-tab-apps').waitFor();
  await p2.waitForLoadState('networkidle');
  assert.equal(await p2.getByTestId('cosign-requests').count(), 0);

  // 4. Parent 1 sees the application submitted (and delivered to the provider by the worker), its term from now.
  await p1.reload();
  await p1.getByTestId('history').waitFor();
  const status = (await p1.getByTestId('app-status').textContent())?.trim();
  assert.ok(status === 'Submitted' || status === 'Delivered', `status: ${status}`);
  assert.equal(await p1.getByTestId('cosign-waiting').count(), 0);
  assert.match((await p1.getByTestId('cosigned').textContent()) ?? '', new RegExp(`Second parent \\(IIN ${parent2.iin}\\) signed on`));
  assert.match((await p1.getByTestId('due-date').textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}$/, 'a due date now');
  const history = (await p1.getByTestId('history').textContent()) ?? '';
  assert.ok(history.includes('Second applicant'), 'the second applicant moved it to submitted');
  await shot(p1, '07-parent1-submitted');

  assert.deepEqual(one.pageErrors, [], 'no script errors (parent 1)');
  assert.deepEqual(two.pageErrors, [], 'no script errors (parent 2)');
  await one.context.close();
  await two.context.close();
});

test('marriage on the portal: the groom applies naming the bride, she signs with her SIGN key file in her own cabinet within 48 clock hours; he sees it submitted', { timeout: 240_000 }, async () => {
  const MARRIAGE = 'marriage-registration';
  const accounts = await demoAccounts();
  // Two unmarried adults of opposite sex among the demo people (staff: a person and a birth record, no marriage).
  const groom = accounts.find((a) => a.name.startsWith('Сағынғалиев'))!;
  const bride = accounts.find((a) => a.name.startsWith('Жұмаділова'))!;
  assert.ok(groom && bride, 'the demo groom and bride');

  // The service page states the second spouse's time in clock hours.
  const one = await openPage();
  const p1 = one.page;
  await p1.goto(`${harness.base}/services/${MARRIAGE}`);
  await p1.getByTestId('lang-en').click();
  await p1.locator('details.process summary').first().click();
  assert.match((await p1.getByTestId('timings-p-intake').first().textContent()) ?? '', /48 clock hours/);

  // 1. The groom applies, naming the bride, and signs with his SIGN key file.
  await signIn(p1, groom, `/services/${MARRIAGE}/apply`);
  await p1.getByTestId('application-form').waitFor();
  await p1.getByTestId('fill-example').click();
  await p1.getByTestId('field-secondApplicantIin').fill(bride.iin);
  await visible(p1, 'within 48 hours (nights, days off and holidays count too)');
  await p1.getByTestId('submit').click();
  await p1.getByTestId('sign-step').waitFor();
  await p1.getByLabel('Key file (.p12)').setInputFiles(await keystoreFile(groom.iin));
  await p1.getByLabel('Key password').fill(groom.password);
  const sent = p1.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/applications'));
  await p1.getByTestId('sign-submit').click();
  const res = await sent;
  assert.equal(res.status(), 201, await res.text());
  const app = (await res.json()) as { id: string; number: string; status: string; dueDate: string | null };
  assert.equal(app.status, 'awaiting-second-applicant');
  await p1.waitForURL(`${harness.base}/cabinet/${app.id}`);
  await p1.getByTestId('cosign-waiting').waitFor();
  const line = (await p1.getByTestId('cosign-waiting-line').textContent()) ?? '';
  const until = new RegExp(`future spouse \\(IIN ${bride.iin}\\) until (\\d{2})\\.(\\d{2})\\.(\\d{4}) (\\d{2}):(\\d{2})`).exec(line);
  assert.ok(until, line);
  // 48 clock hours from now (Kazakhstan time, UTC+05:00), whatever the day of the week.
  const [, dd, mm, yyyy, hh, mi] = until;
  const expires = Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd), Number(hh) - 5, Number(mi));
  assert.ok(Math.abs(expires - (Date.now() + 48 * 3600_000)) < 5 * 60_000, `48 clock hours on: ${line}`);
  await shot(p1, '11-groom-waiting');

  // 2. The bride signs in, finds the request in her cabinet and signs with her key file.
  const two = await openPage();
  const p2 = two.page;
  await signIn(p2, bride, '/cabinet');
  const row = p2.locator(`[data-testid="cosign-request"][data-number="${app.number}"]`);
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /You are: future spouse/);
  await row.getByTestId('cosign-open').click();
  await p2.waitForURL(`${harness.base}/cabinet/co-sign/${app.id}`);
  await p2.getByTestId('cosign-step').waitFor();
  assert.match((await p2.getByTestId('cosign-lead').textContent()) ?? '', new RegExp(`\\(IIN ${groom.iin}\\) filed this application and named you as the future spouse`));
  await p2.getByLabel('Key file (.p12)').setInputFiles(await keystoreFile(bride.iin));
  await p2.getByLabel('Key password').fill(bride.password);
  await shot(p2, '12-bride-signs');
  const signed = p2.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/co-sign-requests/${app.id}/sign`));
  await p2.getByTestId('sign-submit').click();
  const sres = await signed;
  assert.equal(sres.status(), 200, await sres.text());
  assert.equal(((await sres.json()) as { status: string }).status, 'submitted');
  await p2.getByTestId('cosign-signed').waitFor();
  await shot(p2, '13-bride-signed');

  // 3. The groom sees it submitted, with a due date counted from her signature.
  await p1.reload();
  await p1.getByTestId('history').waitFor();
  const status = (await p1.getByTestId('app-status').textContent())?.trim();
  assert.ok(status === 'Submitted' || status === 'Delivered', `status: ${status}`);
  assert.match((await p1.getByTestId('cosigned').textContent()) ?? '', new RegExp(`Future spouse \\(IIN ${bride.iin}\\) signed on`));
  assert.match((await p1.getByTestId('due-date').textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}$/);
  await shot(p1, '14-groom-submitted');

  assert.deepEqual(one.pageErrors, [], 'no script errors (groom)');
  assert.deepEqual(two.pageErrors, [], 'no script errors (bride)');
  await one.context.close();
  await two.context.close();
});
