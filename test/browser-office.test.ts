/**
 * The staff workplace shell: /office is its own lazily loaded part of the web app. The portal's
 * catalogue loads without the office's code; /office fetches it and shows the office page in the
 * chosen language. Needs Chromium (see test/helpers/browser.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowserHarness } from './helpers/browser.ts';

const harness = useBrowserHarness('browser-office');

test('/office is loaded lazily: the catalogue does not fetch its code, /office does and shows the office page', async () => {
  const { context, page, pageErrors } = await harness.openPage();
  try {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${harness.base}/`);
    await page.waitForSelector('h1');
    assert.ok(!scripts.some((s) => /OfficeApp/.test(s)), `the portal fetched the office code: ${scripts.join(', ')}`);
    await page.goto(`${harness.base}/office`);
    await page.waitForSelector('[data-testid="office"] h1');
    assert.ok(scripts.some((s) => /OfficeApp/.test(s)), `no office chunk was fetched: ${scripts.join(', ')}`);
    await page.click('[data-testid="lang-ru"]');
    assert.equal(await page.textContent('[data-testid="office"] h1'), 'Рабочее место сотрудника');
    assert.ok(await page.isVisible('[data-testid="office-worklist"]'));
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
