/**
 * What a citizen reads does not contradict or repeat itself (issue 8 item 14), in a real browser:
 * same-named catalogue cards are told apart and show categories; a term is not said twice; English
 * pages carry no Cyrillic (ХҚКО, ЦОН, ЗАГС, a Russian address…); an instant address reference
 * reads "accepted" on the day it was issued. Screenshots: test-results/browser-citizen-text-*.png.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { useBrowserHarness } from './helpers/browser.ts';

const harness = useBrowserHarness('browser-citizen-text');
const { openPage, shot } = harness;
const CYRILLIC = /[\u0400-\u04FF]/u;

test('the catalogue in English: two restoration services told apart by their variant, every card with categories, no Cyrillic', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  await page.goto(`${harness.base}/`);
  await page.getByTestId('lang-en').click();
  const cards = page.getByTestId('service-item');
  await cards.first().waitFor();
  await page.locator('[data-testid="service-category"]').first().waitFor();
  const n = await cards.count();
  assert.ok(n >= 15, `${n} cards`);
  const titles: string[] = [];
  for (let i = 0; i < n; i++) {
    const card = cards.nth(i);
    titles.push(((await card.locator('.service-name').textContent()) ?? '').trim());
    assert.ok((await card.getByTestId('service-category').count()) > 0, `card ${await card.getAttribute('data-code')} has categories`);
    assert.doesNotMatch((await card.textContent()) ?? '', CYRILLIC, `card ${await card.getAttribute('data-code')} in English`);
  }
  assert.equal(new Set(titles).size, titles.length, `no two cards with the same title:\n${titles.join('\n')}`);
  const wko = page.locator('[data-testid="service-item"][data-code="civil-record-restoration-wko"]');
  assert.match((await wko.textContent()) ?? '', /Restoration of civil-status act recordsWest Kazakhstan oblast/);
  assert.match((await wko.getByTestId('service-categories').textContent()) ?? '', /Civil status/);
  const national = page.locator('[data-testid="service-item"][data-code="civil-record-restoration"]');
  assert.match((await national.getByTestId('service-variant').textContent()) ?? '', /Throughout Kazakhstan, at a public service centre/);
  await shot(page, '01-catalogue-en');
  await page.getByTestId('lang-kk').click();
  assert.match((await wko.getByTestId('service-variant').textContent()) ?? '', /Батыс Қазақстан облысы/);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('service pages: a term said once; English pages without Cyrillic; Kazakh says "байланыс орталығы"', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  await page.goto(`${harness.base}/services/archival-reference`);
  await page.getByTestId('lang-en').click();
  const passport = page.locator('article.passport');
  await page.getByTestId('deadline-basis').waitFor();
  const basis = (await page.getByTestId('deadline-basis').textContent()) ?? '';
  assert.match(basis, /^15 calendar days; the day of acceptance is not counted/);
  assert.doesNotMatch(basis, /15 calendar days: 15 calendar days/);
  const term = (await page.locator('.term-list li').first().textContent()) ?? '';
  assert.equal(term.split('15 calendar days').length - 1, 1, `the term once: "${term}"`);
  await shot(page, '02-archival-en');
  // the applicant's minute-steps (annex 5 table 1) are timings of the one intake step, shown as a short list
  await page.getByTestId('channel-portal').click();
  const timings = page.getByTestId('timings-p-intake').locator('li');
  assert.equal(await timings.count(), 3);
  assert.match((await timings.first().textContent()) ?? '', /^Authorises on the portal .* — 30–60 seconds$/);
  await page.getByTestId('lang-kk').click();
  await passport.locator('#complaints').waitFor();
  const kk = (await passport.textContent()) ?? '';
  assert.match(kk, /байланыс орталығы 1414/);
  assert.doesNotMatch(kk, /call-/);

  for (const code of ['guardianship-reference', 'minor-deposit-reference', 'birth-registration', 'civil-record-restoration-wko', 'address-reference', 'identity-document']) {
    await page.goto(`${harness.base}/services/${code}`);
    await page.getByTestId('lang-en').click();
    await passport.locator('#docs').waitFor();
    // every channel's documents and process
    for (const ch of ['portal', 'centre', 'provider']) {
      const tab = page.getByTestId(`channel-${ch}`);
      if (!(await tab.count())) continue;
      await tab.click();
      const text = (await passport.textContent()) ?? '';
      const m = /[\u0400-\u04FF][\u0400-\u04FF\s«»"-]*/u.exec(text);
      assert.equal(m, null, `${code} (${ch}) in English has Cyrillic: "${m?.[0]}" in …${text.slice(Math.max(0, (m?.index ?? 0) - 60), (m?.index ?? 0) + 40)}…`);
    }
  }
  await page.goto(`${harness.base}/services/guardianship-reference`);
  await page.getByTestId('lang-en').click();
  await passport.locator('#complaints').waitFor();
  assert.match((await passport.textContent()) ?? '', /the RSE "Public service centre"/);
  await page.goto(`${harness.base}/services/birth-registration`);
  await page.getByTestId('lang-en').click();
  assert.match((await page.locator('.legal-card').textContent()) ?? '', /No\. 205 \(as amended by No\. 363\)/);
  await shot(page, '03-birth-registration-en');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('an instant address reference: accepted on the day it was issued; the English page shows the address in Latin letters', { timeout: 180_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  const all = (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as Array<{ role: string; iin: string; password: string; mfaSms?: boolean }>;
  const citizen = all.find((a) => a.role === 'citizen' && !a.mfaSms)!;
  await page.goto(`${harness.base}/login?next=%2Fcabinet`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(citizen.iin);
  await page.getByTestId('password').fill(citizen.password);
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}/cabinet`);

  const p12 = Buffer.from(await (await fetch(`${harness.base}/api/v1/demo/keystores/${citizen.iin}/sign`)).arrayBuffer());
  const key = randomUUID();
  const draft = { serviceCode: 'address-reference', channel: 'portal', form: { subject: 'self', purpose: 'work' } };
  const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12, citizen.password, { detached: true })).toString('base64');
  const r = await page.request.post(`${harness.base}/api/v1/applications`, { headers: { 'idempotency-key': key }, data: { ...draft, signature: { method: 'eds', cms } } });
  assert.equal(r.status(), 201, await r.text());
  const { id } = (await r.json()) as { id: string };

  await page.goto(`${harness.base}/cabinet/${id}`);
  await page.getByTestId('address-reference').waitFor();
  const issued = /Issued:?\s*(\d{2}\.\d{2}\.\d{4})/.exec((await page.locator('.doc-number').textContent()) ?? '')?.[1];
  assert.ok(issued, 'the issue date on the document');
  const facts = page.locator('dl.facts').last();
  const accepted = (await page.locator('.fact', { hasText: 'Accepted' }).locator('dd').first().textContent())?.trim();
  assert.equal(accepted, issued, `accepted ${accepted}, issued ${issued}`);
  assert.ok(await facts.count());
  const detail = (await (await page.request.get(`${harness.base}/api/v1/applications/${id}`)).json()) as { acceptanceDate: string; dueDate: string; result: { createdAt: string } };
  const issuedDay = new Date(Date.parse(detail.result.createdAt) + 5 * 3600_000).toISOString().slice(0, 10);
  assert.equal(detail.acceptanceDate, issuedDay);
  assert.equal(detail.dueDate, issuedDay);
  const address = (await page.getByTestId('doc-current-address').textContent()) ?? '';
  assert.doesNotMatch(address, CYRILLIC, `the address in English: ${address}`);
  await shot(page, '04-address-reference-en');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
