/**
 * Browser test (issue 8 item 15): the service passport asks the few facts that change the term
 * and shows the due date the server computes from them — the same computation as filing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowserHarness } from './helpers/browser.ts';

const harness = useBrowserHarness('deadline');

const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('.');
async function deadline(code: string, body: Record<string, unknown>) {
  const r = await fetch(`${harness.base}/api/v1/services/${code}/deadline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200);
  return (await r.json()) as { dueDate: string; termId: string };
}

test('divorce at a centre: the court-decision facts turn 1 working day into 2; the passport shows the server’s date', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await harness.openPage();
  await page.goto(`${harness.base}/services/divorce-registration`);
  await page.getByTestId('channel-centre').click();
  const readyBy = page.getByTestId('ready-by');
  const general = await deadline('divorce-registration', { channel: 'centre' });
  await page.locator(`[data-testid="ready-by"]:has-text("${ddmmyyyy(general.dueDate)}")`).waitFor();

  // Only the facts that matter: the court's territory is asked once the ground is a court decision.
  const facts = page.getByTestId('deadline-facts');
  await facts.waitFor();
  assert.equal(await facts.getByTestId('field-courtDecisionElsewhere').count(), 0);
  await facts.getByTestId('field-requestType').selectOption('registration');
  await facts.getByTestId('field-divorceGround').selectOption('court-decision');
  await facts.getByTestId('field-courtDecisionElsewhere').waitFor();
  const court = await deadline('divorce-registration', { channel: 'centre', form: { requestType: 'registration', divorceGround: 'court-decision', courtDecisionElsewhere: false } });
  assert.equal(court.termId, 'court-decision');
  await page.locator(`[data-testid="ready-by"]:has-text("${ddmmyyyy(court.dueDate)}")`).waitFor();
  // Fields that do not change the term are not asked.
  assert.equal(await facts.getByTestId('field-applicantIin').count(), 0);
  assert.ok((await readyBy.textContent())?.includes(ddmmyyyy(court.dueDate)));
  await harness.shot(page, 'divorce-court');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('birth on the portal: a birth more than 3 working days ago gives 15 calendar days', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await harness.openPage();
  await page.goto(`${harness.base}/services/birth-registration`);
  const facts = page.getByTestId('deadline-facts');
  await facts.waitFor();
  await facts.getByTestId('field-requestType').selectOption('registration');
  const born = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
  await facts.getByTestId('field-childBirthDate').fill(born);
  const late = await deadline('birth-registration', { channel: 'portal', form: { requestType: 'registration', childBirthDate: born } });
  assert.equal(late.termId, 'late-registration');
  await page.locator(`[data-testid="ready-by"]:has-text("${ddmmyyyy(late.dueDate)}")`).waitFor();
  assert.deepEqual(pageErrors, []);
  await context.close();
});
