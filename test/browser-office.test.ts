/**
 * The staff workplace in a real browser against the real server (child process, demo data):
 *  - /office is its own lazily loaded part of the web app (the catalogue does not fetch its code);
 *  - three regulations are worked from submission to a signed decision by the staff UI alone:
 *    an archival reference (Pavlodar archives; the clerk works the inbox with the keyboard only,
 *    the executor prepares the reference, the head signs it with the SIGN key file), a
 *    guardianship reference (Astana education department; the executor's reasoned refusal —
 *    refused first without a ground, which the form stops — signed by the head), and a birth
 *    registration (Oral civil registry; the executor extends the term, then approves; the head
 *    signs; the clerk sends the result and issues it);
 *  - the citizen follows every step in the cabinet: the step in plain words with its deadline,
 *    then the signed decision (with the refusal's grounds) and its signed PDF document (the
 *    archival reference, the refusal letter), which they open on /verify/{number}: valid. The task
 *    page shows the prepared document before signing and the signed one after.
 * The applications are submitted over the API with the citizen's real CMS signature (the portal's
 * own submission is covered by browser-citizen). Screenshots: test-results/browser-office-*.png.
 * Needs Chromium (test/helpers/browser.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { useBrowserHarness } from './helpers/browser.ts';
import { withRequiredFiles } from './helpers/files.ts';

const harness = useBrowserHarness('browser-office');

interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  org: { id: string } | null;
}
interface TaskRow {
  id: string;
  application: { id: string; number: string };
  step: { id: string };
  actions: string[];
}

let accounts: DemoAccount[] | null = null;
async function account(role: string, org: string | null): Promise<DemoAccount> {
  accounts ??= (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
  const a = accounts.find((x) => x.role === role && (org === null ? x.org === null || role === 'citizen' : x.org?.id === org));
  assert.ok(a, `a demo ${role} of ${org}`);
  return a;
}

async function http(method: 'GET' | 'POST', url: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const isBytes = Buffer.isBuffer(body);
  const r = await fetch(`${harness.base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && !isBytes ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : isBytes ? new Uint8Array(body as Buffer) : JSON.stringify(body),
  });
  const text = await r.text();
  return { statusCode: r.status, body: text, json: () => JSON.parse(text) as unknown };
}

async function token(a: DemoAccount): Promise<string> {
  const r = await http('POST', '/api/v1/auth/login', undefined, { iin: a.iin, password: a.password });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { token: string }).token;
}

async function keystoreFile(iin: string): Promise<string> {
  const r = await fetch(`${harness.base}/api/v1/demo/keystores/${iin}/sign`);
  assert.equal(r.status, 200, `the SIGN keystore of ${iin} downloads`);
  const path = join(harness.filesDir, `SIGN_${iin}.p12`);
  writeFileSync(path, Buffer.from(await r.arrayBuffer()));
  return path;
}

/** The citizen's signed portal application with the service's example form (files uploaded where required). */
async function submit(code: string, region: string): Promise<{ id: string; number: string }> {
  const citizen = await account('citizen', null);
  const tok = await token(citizen);
  const example = ((await http('GET', `/api/v1/services/${code}`)).json() as { form: { example: Record<string, unknown> } }).form.example;
  const inject = (o: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown }) => http(o.method ?? 'GET', o.url, undefined, o.payload, o.headers ?? {});
  const form = await withRequiredFiles(inject, tok, code, example);
  const key = `office-${code}-${randomBytes(4).toString('hex')}`;
  const draft = { serviceCode: code, channel: 'portal', form, region };
  const p12 = Buffer.from(await (await fetch(`${harness.base}/api/v1/demo/keystores/${citizen.iin}/sign`)).arrayBuffer());
  const cms = Buffer.from(await signCms(signingPayload({ ...draft, applicantIin: citizen.iin, idempotencyKey: key }), p12, citizen.password, { detached: true })).toString('base64');
  const r = await http('POST', '/api/v1/applications', tok, { ...draft, signature: { method: 'eds', cms } }, { 'idempotency-key': key });
  assert.equal(r.statusCode, 201, `${code}: ${r.body}`);
  return r.json() as { id: string; number: string };
}

/** Waits until the application has an open task in this employee's inbox (delivery and automatic steps run as jobs). */
async function waitTask(who: DemoAccount, applicationId: string, step?: string): Promise<TaskRow> {
  const tok = await token(who);
  for (let i = 0; i < 120; i++) {
    const items = ((await http('GET', '/api/v1/tasks', tok)).json() as { items: TaskRow[] }).items;
    const t = items.find((x) => x.application.id === applicationId && (!step || x.step.id === step));
    if (t) return t;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`no task of ${applicationId}${step ? ` at ${step}` : ''} reached ${who.role} ${who.org?.id}`);
}

async function signIn(page: Page, a: DemoAccount, next = '/office'): Promise<void> {
  await page.goto(`${harness.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(a.iin);
  await page.getByTestId('password').fill(a.password);
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}${next}`);
}

/** Opens the application's task from the inbox (clicking its number) and waits for the task page at `step`. */
async function openTask(page: Page, number: string, step: string): Promise<void> {
  await page.goto(`${harness.base}/office`);
  await page.getByTestId('office-worklist').waitFor();
  await page.getByTestId('task-link').filter({ hasText: number }).click();
  await page.locator(`[data-testid="task-page"][data-step="${step}"]`).waitFor();
}

async function expectDone(page: Page, action: string): Promise<void> {
  await page.locator(`[data-testid="action-done"][data-action="${action}"]`).waitFor();
}

/** The head signs the prepared decision with the SIGN key file in the browser. */
async function headSigns(page: Page, head: DemoAccount, number: string, step: string): Promise<void> {
  await openTask(page, number, step);
  await page.getByTestId('action-sign').click();
  await page.getByTestId('sign-form').waitFor();
  assert.match((await page.getByTestId('sign-sha256').textContent()) ?? '', /^[0-9a-f]{64}$/);
  await page.getByTestId('keystore-file').setInputFiles(await keystoreFile(head.iin));
  await page.getByTestId('keystore-password').fill(head.password);
  await page.getByTestId('sign-submit').click();
  await expectDone(page, 'sign');
}

async function citizenSees(page: Page, id: string): Promise<{ step: string | null; decision: string | null }> {
  await page.goto(`${harness.base}/cabinet/${id}`);
  await page.getByTestId('app-status').waitFor();
  const step = (await page.getByTestId('current-step').count()) ? await page.getByTestId('current-step').getAttribute('data-kind') : null;
  const decision = (await page.getByTestId('app-decision').count()) ? await page.getByTestId('app-decision').getAttribute('data-kind') : null;
  return { step, decision };
}

/**
 * From the cabinet (the application page open): the signed document is listed with its kind; its
 * PDF downloads with the session; its "check authenticity" link opens /verify/{number}, which says valid.
 */
async function citizenVerifies(page: Page, id: string, kind: 'result' | 'refusal'): Promise<string> {
  await page.goto(`${harness.base}/cabinet/${id}`);
  const entry = page.getByTestId('app-document-list').getByTestId('document-entry').first();
  await entry.waitFor();
  assert.equal(await entry.getAttribute('data-kind'), kind);
  const number = (await entry.getAttribute('data-number'))!;
  assert.match(number, /^KZ-DOC-\d{2}-\d{8}-\d$/);
  const href = (await entry.getByTestId('document-download').getAttribute('href'))!;
  const pdf = await page.request.get(`${harness.base}${href}`);
  assert.equal(pdf.status(), 200, `the PDF downloads for its owner: ${href}`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await entry.getByTestId('document-verify').click();
  await page.waitForURL(`${harness.base}/verify/${number}`);
  await page.locator('[data-testid="verify-result"]').waitFor();
  assert.equal(await page.getByTestId('verify-result').getAttribute('data-valid'), 'true', 'the document verifies on /verify');
  assert.equal(await page.getByTestId('verify-verdict').getAttribute('data-state'), 'authentic');
  return number;
}

test('/office is loaded lazily: the catalogue does not fetch its code; a clerk gets the inbox in the chosen language', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await harness.openPage();
  try {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${harness.base}/`);
    await page.waitForSelector('h1');
    assert.ok(!scripts.some((s) => /OfficeApp/.test(s)), `the portal fetched the office code: ${scripts.join(', ')}`);
    await signIn(page, await account('provider-clerk', 'pavlodar-archives'));
    await page.waitForSelector('[data-testid="office"] h1');
    assert.ok(scripts.some((s) => /OfficeApp/.test(s)), `no office chunk was fetched: ${scripts.join(', ')}`);
    await page.click('[data-testid="lang-ru"]');
    assert.equal(await page.textContent('[data-testid="office"] h1'), 'Задачи');
    assert.ok(await page.isVisible('[data-testid="office-worklist"]'));
    assert.ok(await page.isVisible('[data-testid="nav-office"]'), 'the header links the workplace for staff');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('an archival reference: the clerk registers it with the keyboard only, the head assigns, the executor prepares it, the head signs; the citizen follows each step', { timeout: 300_000 }, async () => {
  const org = 'pavlodar-archives';
  const [clerk, head, executor, citizen] = [await account('provider-clerk', org), await account('provider-head', org), await account('responsible-executor', org), await account('citizen', null)];
  const app = await submit('archival-reference', 'pavlodar');
  const { context, page, pageErrors } = await harness.openPage();
  const cab = await harness.openPage();
  try {
    await signIn(cab.page, citizen, '/cabinet');
    const first = await waitTask(clerk, app.id);

    // The clerk: only the keyboard. The inbox takes the focus; Enter opens the (only) task; the first action has the focus.
    await signIn(page, clerk);
    await page.getByTestId('office-worklist-row').first().waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'office-worklist-row');
    const rows = await page.getByTestId('office-worklist-row').count();
    for (let i = 0; i < rows; i++) {
      if ((await page.evaluate(() => document.activeElement?.textContent ?? '')).includes(app.number)) break;
      await page.keyboard.press('ArrowDown');
    }
    await harness.shot(page, '01-clerk-inbox');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="task-page"][data-step="${first.step.id}"]`).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'action-register');
    await harness.shot(page, '02-clerk-task');
    await page.keyboard.press('Enter');
    await expectDone(page, 'register');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (await page.getByTestId('office-worklist-row').count()) ? 'office-worklist-row' : null);

    assert.equal((await citizenSees(cab.page, app.id)).step, 'assign', 'the cabinet: registered, with the head');
    await harness.shot(cab.page, '03-citizen-registered');

    // The head assigns the executor (the form's select).
    await context.clearCookies();
    await signIn(page, head);
    const assign = await waitTask(head, app.id);
    await openTask(page, app.number, assign.step.id);
    await page.getByTestId('action-assign').click();
    const exId = await page.getByTestId('assign-executor').locator('option', { hasText: executor.name.split(' ')[0] }).first().getAttribute('value');
    await page.getByTestId('assign-executor').selectOption(exId!);
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'assign');
    assert.equal((await citizenSees(cab.page, app.id)).step, 'decide', 'the cabinet: with the executor');

    // The executor prepares the reference: an empty submit names the missing fields; then the fields, fetched data on the way.
    await context.clearCookies();
    await signIn(page, executor);
    const decide = await waitTask(executor, app.id);
    await openTask(page, app.number, decide.step.id);
    await page.getByTestId('state-data-fetch').click();
    await page.getByTestId('state-data-item').first().waitFor();
    assert.equal(await page.getByTestId('state-data-item').first().getAttribute('data-status'), 'ok', 'the persons DB answered under the standard’s basis');
    await page.getByTestId('action-approve').click();
    await page.getByTestId('form-approve').waitFor();
    await page.getByTestId('action-submit').click();
    assert.ok((await page.locator('[data-testid="form-approve"] .field-error').count()) > 0, 'required decision fields are named');
    for (const input of await page.locator('[data-testid="form-approve"] [data-testid^="field-"]').all()) {
      const tag = await input.evaluate((e) => e.tagName);
      const type = await input.getAttribute('type');
      if (tag === 'SELECT') await input.selectOption({ index: 1 });
      else if (type === 'checkbox') await input.check();
      else if (type === 'date') await input.fill(new Date().toISOString().slice(0, 10));
      else if (type === 'number') await input.fill('2020');
      else await input.fill('Архивная справка о стаже работы 1995–2005 гг.');
    }
    await harness.shot(page, '04-executor-approve');
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'approve');
    assert.equal((await citizenSees(cab.page, app.id)).step, 'sign', 'the cabinet: awaiting the head’s signature');

    // The head signs with the SIGN key file.
    await context.clearCookies();
    await signIn(page, head);
    const sign = await waitTask(head, app.id);
    await openTask(page, app.number, sign.step.id);
    await page.getByTestId('task-decision').waitFor();
    assert.equal(await page.getByTestId('task-decision').getAttribute('data-kind'), 'approve');
    // The prepared document, before signing: the PDF the head signs, downloadable by staff.
    assert.equal(await page.getByTestId('task-document').getAttribute('data-signed'), 'false');
    const draftHref = (await page.getByTestId('task-document-download').getAttribute('href'))!;
    assert.equal((await page.request.get(`${harness.base}${draftHref}`)).status(), 200, 'staff download the prepared document');
    await harness.shot(page, '05-head-sign');
    await headSigns(page, head, app.number, sign.step.id);
    // The closed task (no longer in the inbox), opened by its address.
    await page.goto(`${harness.base}/office/tasks/${sign.id}`);
    await page.locator(`[data-testid="task-document"][data-signed="true"]`).waitFor();

    const seen = await citizenSees(cab.page, app.id);
    assert.equal(seen.decision, 'approve', 'the cabinet shows the signed decision');
    await harness.shot(cab.page, '06-citizen-signed');
    const number = await citizenVerifies(cab.page, app.id, 'result');
    assert.equal(await page.getByTestId('task-document').getAttribute('data-number'), number);
    await harness.shot(cab.page, '06b-citizen-verify');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cab.pageErrors, []);
  } finally {
    await context.close();
    await cab.context.close();
  }
});

test('a guardianship reference refused with grounds from the standard (none chosen is stopped), signed by the head; the citizen sees the grounds', { timeout: 300_000 }, async () => {
  const org = 'astana-education';
  const [clerk, head, citizen] = [await account('provider-clerk', org), await account('provider-head', org), await account('citizen', null)];
  const app = await submit('guardianship-reference', 'astana');
  const { context, page, pageErrors } = await harness.openPage();
  try {
    await signIn(page, clerk);
    const reg = await waitTask(clerk, app.id);
    await openTask(page, app.number, reg.step.id);
    await page.getByTestId('action-register').click();
    await expectDone(page, 'register');

    await context.clearCookies();
    await signIn(page, head);
    const assign = await waitTask(head, app.id);
    // The same task open in a second tab: whoever acts second gets the 409 and the task's new state.
    const second = await context.newPage();
    await second.goto(`${harness.base}/office/tasks/${assign.id}`);
    await second.getByTestId('action-assign').waitFor();
    await openTask(page, app.number, assign.step.id);
    await page.getByTestId('action-assign').click();
    await page.getByTestId('assign-executor').selectOption({ index: 1 });
    const executorName = (await page.getByTestId('assign-executor').locator('option:checked').textContent())!;
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'assign');
    await second.getByTestId('action-assign').click();
    await second.getByTestId('assign-executor').selectOption({ index: 1 });
    await second.getByTestId('action-submit').click();
    await second.getByTestId('task-stale').waitFor();
    await harness.shot(second, '07a-head-stale');
    await second.close();

    const executor = accounts!.find((a) => a.role === 'responsible-executor' && a.org?.id === org && executorName.startsWith(a.name.split(' ')[0]!));
    assert.ok(executor, `the assigned executor ${executorName} is a demo account`);
    await context.clearCookies();
    await signIn(page, executor);
    const decide = await waitTask(executor, app.id);
    await openTask(page, app.number, decide.step.id);
    await page.getByTestId('action-refuse').click();
    await page.getByTestId('refuse-text').fill('Ребёнок не состоит на учёте как оставшийся без попечения родителей.');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('refuse-grounds-error').waitFor();
    const before = ((await http('GET', `/api/v1/tasks/${decide.id}`, await token(executor))).json() as { state: string; actions: string[] }).actions;
    assert.ok(before.includes('refuse'), 'nothing changed: the task still offers the refusal');
    await page.locator('[data-testid="refuse-grounds"] input[type="checkbox"]').first().check();
    await harness.shot(page, '07-executor-refuse');
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'refuse');

    await context.clearCookies();
    await signIn(page, head);
    const sign = await waitTask(head, app.id);
    await openTask(page, app.number, sign.step.id);
    assert.equal(await page.getByTestId('task-decision').getAttribute('data-kind'), 'refuse');
    await headSigns(page, head, app.number, sign.step.id);

    await context.clearCookies();
    await signIn(page, citizen, '/cabinet');
    const seen = await citizenSees(page, app.id);
    assert.equal(seen.decision, 'refuse');
    assert.ok((await page.getByTestId('app-decision-grounds').locator('li').count()) >= 1, 'the refusal names its grounds');
    await harness.shot(page, '08-citizen-refused');
    await citizenVerifies(page, app.id, 'refusal');
    await harness.shot(page, '08b-citizen-verify-refusal');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('a birth registration: registered, assigned, extended by the executor and approved, signed by the head, sent and issued by the clerk', { timeout: 300_000 }, async () => {
  const org = 'wko-oral-civil-registry';
  const [clerk, head, citizen] = [await account('provider-clerk', org), await account('provider-head', org), await account('citizen', null)];
  const app = await submit('birth-registration', 'west-kazakhstan');
  const { context, page, pageErrors } = await harness.openPage();
  try {
    await signIn(page, clerk);
    const reg = await waitTask(clerk, app.id);
    await openTask(page, app.number, reg.step.id);
    await page.getByTestId('action-register').click();
    await expectDone(page, 'register');

    await context.clearCookies();
    await signIn(page, head);
    const assign = await waitTask(head, app.id);
    await openTask(page, app.number, assign.step.id);
    await page.getByTestId('action-assign').click();
    await page.getByTestId('assign-executor').selectOption({ index: 1 });
    const executorName = (await page.getByTestId('assign-executor').locator('option:checked').textContent())!;
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'assign');

    const executor = accounts!.find((a) => a.role === 'responsible-executor' && a.org?.id === org && executorName.startsWith(a.name.split(' ')[0]!));
    assert.ok(executor, `the assigned executor ${executorName} is a demo account`);
    await context.clearCookies();
    await signIn(page, executor);
    const decide = await waitTask(executor, app.id);
    await openTask(page, app.number, decide.step.id);
    const dueBefore = await page.getByTestId('task-app-due').textContent();
    await page.getByTestId('action-extend').click();
    await page.getByTestId('extend-reason').fill('Запрос в архив о записи акта.');
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'extend');
    await openTask(page, app.number, decide.step.id);
    assert.notEqual(await page.getByTestId('task-app-due').textContent(), dueBefore, 'the service deadline moved');
    // The extension used is not offered again (its option is disabled), and the server refuses it twice anyway.
    await page.getByTestId('action-extend').click();
    const usedId = ((await http('GET', `/api/v1/tasks/${decide.id}`, await token(executor))).json() as { extensions: Array<{ id: string; used: boolean }> }).extensions.find((x) => x.used)?.id;
    assert.ok(usedId, 'the task lists the extension as used');
    assert.equal(await page.getByTestId('extend-which').locator(`option[value="${usedId}"]`).isDisabled(), true);
    await page.getByTestId('action-cancel').click();
    await page.getByTestId('action-approve').click();
    await page.getByTestId('form-approve').waitFor();
    for (const input of await page.locator('[data-testid="form-approve"] [data-testid^="field-"]').all()) {
      const tag = await input.evaluate((e) => e.tagName);
      const type = await input.getAttribute('type');
      if (tag === 'SELECT') await input.selectOption({ index: 1 });
      else if (type === 'checkbox') await input.check();
      else if (type === 'date') await input.fill(new Date().toISOString().slice(0, 10));
      else if (type === 'number') await input.fill('1');
      else await input.fill('АЖ-2026-0001');
    }
    await page.getByTestId('action-submit').click();
    await expectDone(page, 'approve');

    await context.clearCookies();
    await signIn(page, head);
    const sign = await waitTask(head, app.id);
    await headSigns(page, head, app.number, sign.step.id);

    await context.clearCookies();
    await signIn(page, clerk);
    for (const action of ['dispatch', 'issue']) {
      const t = await waitTask(clerk, app.id);
      await openTask(page, app.number, t.step.id);
      await page.getByTestId(`action-${action}`).click();
      await expectDone(page, action);
    }

    await context.clearCookies();
    await signIn(page, citizen, '/cabinet');
    const seen = await citizenSees(page, app.id);
    assert.equal(seen.decision, 'approve');
    assert.equal(seen.step, null, 'the process has ended');
    const status = ((await http('GET', `/api/v1/applications/${app.id}`, await token(citizen))).json() as { status: string }).status;
    assert.equal(status, 'issued');
    await harness.shot(page, '09-citizen-birth-issued');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
