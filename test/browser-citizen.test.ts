/**
 * What a citizen sees, in a real browser against the real server (issue 8 item 14):
 * 1. authors' notes stay with the maintainers: the service page reads as law and plain
 *    instructions; an admin sees the notes on /admin/editorial;
 * 2. impossible dates are refused, with the bounds shown in the form;
 * 3. a refusal is one clear outcome: the ground in words and what to do next.
 * Screenshots go to test-results/browser-citizen-*.png. Needs Chromium (fails without it).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_RELATIVES } from '../src/registries/seed/demo-families.ts';
import { useBrowserHarness } from './helpers/browser.ts';

interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
}

const harness = useBrowserHarness('browser-citizen');
const { openPage, shot } = harness;

async function demoAccount(role: string): Promise<DemoAccount> {
  const all = (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
  const a = all.find((x) => x.role === role);
  assert.ok(a, `a demo ${role}`);
  return a;
}

async function signIn(page: Page, who: DemoAccount, next: string, lang: 'kk' | 'ru' | 'en' = 'en') {
  await page.goto(`${harness.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId(`lang-${lang}`).click();
  await page.getByTestId('iin').fill(who.iin);
  await page.getByTestId('password').fill(who.password);
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}${next}`);
}

/** Words by which authors talk about their sources (the page must not say them to a citizen). */
const AUTHORS_WORDS = /Qyzmet|sources|excerpt|working edition|working term|treats the service|источник|выдержк|рабочая редакция|дереккөз|үзінді|жұмыс редакция/i;

test("1. the service page speaks to the citizen; authors' notes are on the admin page only", { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  await page.goto(`${harness.base}/services/birth-registration`);
  await page.getByTestId('lang-en').click();
  const passport = page.locator('article.passport');
  await passport.getByRole('heading', { name: 'Required documents' }).waitFor();
  await page.getByTestId('channel-centre').click();
  const docs = await page.getByTestId('document').allTextContents();
  assert.ok(docs.some((d) => /Other documents the Standard requires in your case .*the provider will tell you which/.test(d)), docs.join('\n'));
  const grounds = await passport.locator('#refusal + ol').textContent();
  assert.match(grounds ?? '', /a refusal always names its ground/);
  const legal = (await page.locator('.legal-card').textContent()) ?? '';
  assert.match(legal, /The service follows this regulation/);
  assert.match(legal, /Akimat of West Kazakhstan oblast/);
  for (const lang of ['en', 'ru', 'kk'] as const) {
    await page.getByTestId(`lang-${lang}`).click();
    await passport.locator('#docs').waitFor();
    const text = (await passport.textContent()) ?? '';
    assert.doesNotMatch(text, AUTHORS_WORDS, `birth registration (${lang}) has no authors' notes`);
    await shot(page, `01-birth-registration-${lang}`);
  }
  assert.equal(await page.getByTestId('editorial-link').count(), 0, 'no link to the notes for a citizen');

  for (const code of ['address-reference', 'civil-record-restoration', 'identity-document', 'end-user-certificate']) {
    await page.goto(`${harness.base}/services/${code}`);
    await passport.locator('#docs').waitFor();
    await page.getByTestId('lang-en').click();
    assert.doesNotMatch((await passport.textContent()) ?? '', AUTHORS_WORDS, code);
  }
  await shot(page, '02-identity-document-en');

  // The admin sees the notes: a link on the service page and the maintainers' page.
  await signIn(page, await demoAccount('admin'), '/services/address-reference');
  await page.getByTestId('editorial-link').click();
  await page.waitForURL(/\/admin\/editorial\?q=address-reference/);
  const card = page.getByTestId('editorial-address-reference-v1');
  await card.waitFor();
  assert.match((await card.textContent()) ?? '', /Qyzmet treats the service as free/);
  assert.match((await card.textContent()) ?? '', /The citizen reads: «At a public service centre – 1 working day»/);
  await shot(page, '03-admin-editorial');
  await page.getByTestId('editorial-filter').fill('birth');
  const birth2 = page.getByTestId('editorial-birth-registration-v2');
  await birth2.waitFor();
  assert.match((await birth2.textContent()) ?? '', /Qyzmet working edition, based on the WKO regulation repealed on 1 June 2020/);
  assert.equal(await page.getByTestId('editorial-address-reference-v1').count(), 0, 'filtered');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('2. impossible dates are refused: a birth date in 2030, a period from 2020 to 1990 (form shows the limits; the server says 422 with a code and a path)', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = await demoAccount('citizen');
  await signIn(page, citizen, '/services/birth-registration/apply');
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  const birth = page.getByTestId('field-childBirthDate');
  const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);
  assert.equal(await birth.getAttribute('max'), today, 'the date control stops at today');
  assert.ok((await birth.getAttribute('min'))?.startsWith(String(Number(today.slice(0, 4)) - 150)));
  await birth.fill('2030-01-01');
  await birth.blur();
  const err = page.locator('#f-childBirthDate-err');
  await err.waitFor();
  assert.match((await err.textContent()) ?? '', new RegExp(`cannot be later than ${today.split('-').reverse().join('\\.')}`));
  await page.getByTestId('submit').click();
  await page.getByTestId('error-summary').waitFor();
  assert.equal(await page.getByTestId('sign-step').count(), 0, 'not on to signing');
  await shot(page, '04-birth-date-2030');

  // The server refuses it too (validation comes before the signature).
  const r = await page.request.post(`${harness.base}/api/v1/applications`, {
    headers: { 'idempotency-key': `browser-citizen-${Date.now()}` },
    data: { serviceCode: 'birth-registration', channel: 'portal', form: { ...(await exampleOf('birth-registration')), childBirthDate: '2030-01-01' } },
  });
  assert.equal(r.status(), 422);
  const body = (await r.json()) as { errors: Array<{ path: string; code: string }> };
  assert.deepEqual(body.errors.map((e) => [e.path, e.code]), [['/form/childBirthDate', 'TOO_LATE']]);

  // Archival reference: the period's end before its start.
  await page.goto(`${harness.base}/services/archival-reference/apply`);
  await page.getByTestId('fill-example').click();
  await page.getByTestId('field-periodFromYear').fill('2020');
  await page.getByTestId('field-periodToYear').fill('1990');
  await page.getByTestId('field-periodToYear').blur();
  const order = page.locator('#f-periodToYear-err');
  await order.waitFor();
  assert.match((await order.textContent()) ?? '', /cannot be earlier than “4\. Period: from \(year\)” \(2020\)/);
  assert.match((await page.locator('#f-periodToYear-help').textContent()) ?? '', new RegExp(`to ${today.slice(0, 4)}`), 'the year field shows its limits');
  await shot(page, '05-period-2020-1990');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

async function exampleOf(code: string): Promise<Record<string, unknown>> {
  const d = (await (await fetch(`${harness.base}/api/v1/services/${code}`)).json()) as { form: { example: Record<string, unknown> } };
  return d.form.example;
}

test('3. a refusal is one clear outcome: no green "sent" banner, the ground in words (kk/ru/en), what to do next, no raw code', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = await demoAccount('citizen');
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${citizen.iin}/sign`);
  assert.equal(r.status, 200);
  const signFile = join(harness.filesDir, `SIGN_${citizen.iin}.p12`);
  writeFileSync(signFile, Buffer.from(await r.arrayBuffer()));

  await signIn(page, citizen, '/services/address-reference/apply');
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('fill-example').click();
  await page.getByTestId('field-subject').selectOption('child');
  await page.getByTestId('field-subjectIin').fill(DEMO_RELATIVES.marat); // not his child
  await page.getByTestId('submit').click();
  await page.getByTestId('sign-step').waitFor();
  await page.getByLabel('Key file (.p12)').setInputFiles(signFile);
  await page.getByLabel('Key password').fill(citizen.password);
  const sent = page.waitForResponse((x) => x.request().method() === 'POST' && x.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sign-submit').click();
  const res = await sent;
  assert.equal(res.status(), 201);
  const { id, number } = (await res.json()) as { id: string; number: string };
  await page.waitForURL(`${harness.base}/cabinet/${id}`);
  const card = page.getByTestId('result-refusal');
  await card.waitFor();
  assert.equal(await page.getByTestId('submitted-banner').count(), 0, 'no green "sent" banner above the refusal');
  assert.equal(await page.locator('.alert-success').count(), 0);
  assert.match((await page.getByTestId('refused-at-once').textContent()) ?? '', new RegExp(`Application ${number} was considered at once`));
  assert.match((await page.getByTestId('refusal-message').textContent()) ?? '', /The civil registry has no record of the relationship/);
  assert.match((await page.getByTestId('refusal-next').textContent()) ?? '', /apply at a public service centre with the document that proves the relationship/);
  await page.getByTestId('refusal-appeal').waitFor();
  const main = page.locator('main');
  for (const lang of ['en', 'kk', 'ru'] as const) {
    await page.getByTestId(`lang-${lang}`).click();
    await card.waitFor();
    const text = (await main.textContent()) ?? '';
    assert.doesNotMatch(text, /NO_RECORD|[A-Z]{2,}_[A-Z]{2,}/, `${lang}: no raw code on the page`);
    await shot(page, `06-refusal-${lang}`);
  }
  assert.match((await page.getByTestId('refusal-message').textContent()) ?? '', /нет записи о родстве/);
  assert.match((await page.getByTestId('refusal-next').textContent()) ?? '', /обратитесь в ЦОН/);
  await page.getByTestId('lang-kk').click();
  assert.match((await page.getByTestId('refusal-next').textContent()) ?? '', /халыққа қызмет көрсету орталығына/);
  // The appeal link leads to the complaints of the service.
  await page.getByTestId('refusal-appeal').getByRole('link').click();
  await page.waitForURL(/\/services\/address-reference#complaints$/);
  await page.locator('#complaints').waitFor();
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('4. the form is prefilled with what the state holds about me (I can correct it); the local phone format 8 701 … is accepted and stored as +7701…', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const citizen = await demoAccount('citizen');
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${citizen.iin}/sign`);
  const signFile = join(harness.filesDir, `SIGN4_${citizen.iin}.p12`);
  writeFileSync(signFile, Buffer.from(await r.arrayBuffer()));
  await signIn(page, citizen, '/services/archival-reference/apply');
  await page.getByTestId('prefill-note').waitFor();
  const pre = (await (await page.request.get(`${harness.base}/api/v1/me/prefill?service=archival-reference`)).json()) as { values: Record<string, string | { ru: string; en?: string }> };
  assert.equal(await page.getByTestId('field-applicantName').inputValue(), pre.values.applicantName, 'the name from the persons DB');
  const addr = pre.values.applicantAddress as { ru: string; en?: string };
  assert.equal(await page.getByTestId('field-applicantAddress').inputValue(), addr.en || addr.ru, 'the registered address');
  assert.match((await page.locator('#f-applicantName-help').textContent()) ?? '', /from the state database of individuals/);
  assert.match((await page.getByTestId('prefill-note').textContent()) ?? '', /Applicant's full name/);
  await shot(page, '07-prefilled');

  // Fill the rest from the example, keeping my prefilled name; correct the address; the phone as people write it.
  const example = await exampleOf('archival-reference');
  for (const [k, v] of Object.entries(example)) {
    if (['applicantName', 'applicantAddress', 'applicantPhone', 'applicantIin', 'applicantKind', 'archive'].includes(k) || typeof v !== 'string') continue;
    const el = page.getByTestId(`field-${k}`);
    if ((await el.count()) && (await el.evaluate((x) => x.tagName)) !== 'SELECT') await el.fill(v);
  }
  for (const k of ['applicantKind', 'archive']) await page.getByTestId(`field-${k}`).selectOption(String(example[k]));
  await page.getByTestId('field-periodFromYear').fill(String(example.periodFromYear));
  await page.getByTestId('field-periodToYear').fill(String(example.periodToYear));
  await page.getByTestId('field-applicantAddress').fill('Павлодар қ., Естай көшесі, 81-12');
  await page.getByTestId('field-applicantPhone').fill('8 701 123 45 67');
  await page.getByTestId('field-applicantPhone').blur();
  assert.equal(await page.locator('#f-applicantPhone-err').count(), 0, 'no error for 8 701 …');
  await page.getByTestId('submit').click();
  await page.getByTestId('sign-step').waitFor();
  await page.getByLabel('Key file (.p12)').setInputFiles(signFile);
  await page.getByLabel('Key password').fill(citizen.password);
  const sent = page.waitForResponse((x) => x.request().method() === 'POST' && x.url().endsWith('/api/v1/applications'));
  await page.getByTestId('sign-submit').click();
  const res = await sent;
  assert.equal(res.status(), 201, await res.text());
  const { id } = (await res.json()) as { id: string };
  const detail = (await (await page.request.get(`${harness.base}/api/v1/applications/${id}`)).json()) as { form: Record<string, unknown> };
  assert.equal(detail.form.applicantPhone, '+77011234567', 'stored normalised');
  assert.equal(detail.form.applicantName, pre.values.applicantName);
  assert.equal(detail.form.applicantAddress, 'Павлодар қ., Естай көшесі, 81-12', 'my correction was kept');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('5. search: "ЗАГС" finds the civil-registry services by their card; a 250-character paste gives results, no error and no stale count', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  await page.goto(harness.base);
  await page.getByTestId('lang-ru').click();
  const search = page.getByTestId('search');
  await search.fill('ЗАГС');
  await page.locator('#results[data-query="ЗАГС"]').waitFor();
  const found = await page.getByTestId('service-item').count();
  assert.ok(found >= 10, `${found} found`);
  assert.match((await page.locator('.result-count').textContent()) ?? '', new RegExp(`${found}`));
  await search.fill('архивная справка о стаже и заработной плате '.repeat(6)); // 264 characters
  const value = await search.inputValue();
  assert.equal(value.length, 120, 'the box keeps the first 120 characters');
  await page.locator(`#results[data-query="${value.trim()}"]`).waitFor({ state: 'attached' });
  assert.equal(await page.locator('.alert-error').count(), 0, 'no error');
  const n = await page.getByTestId('service-item').count();
  assert.match((await page.locator('.result-count').textContent()) ?? '', n ? new RegExp(`: ${n}$`) : /ничего не найдено/);
  await shot(page, '08-long-query');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
