/**
 * Sign-in lockout and password recovery in a real browser against the real server (issue 8 item 14):
 * a wrong password says how many attempts are left and how long the lock then lasts (in the
 * chosen language); at the lock the page says until when and offers recovery; recovery with the
 * code from the (demo) SMS sets a new password, and the person signs in with it.
 * Screenshots go to test-results/browser-login-*.png. Needs Chromium (fails without it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useBrowserHarness } from './helpers/browser.ts';

interface DemoAccount {
  role: string;
  iin: string;
  password: string;
  name: string;
  phone?: string;
  mfaSms?: boolean;
}

const harness = useBrowserHarness('browser-login');
const { openPage, shot } = harness;

/** "14:35" in Kazakhstan time (UTC+5), as the page writes it. */
/** The lock's end as the page writes it in Kazakhstan time: "00:07" today, "08.12.2026 00:07" when it ends on another day. */
const kzClock = (iso: string) => {
  const kz = (ms: number) => new Date(ms + 5 * 3600_000).toISOString();
  const end = kz(Date.parse(iso));
  const time = end.slice(11, 16);
  if (end.slice(0, 10) === kz(Date.now()).slice(0, 10)) return time;
  return `${end.slice(8, 10)}\\.${end.slice(5, 7)}\\.${end.slice(0, 4)} ${time}`;
};

test('wrong passwords → attempts left and the lock length; the lock → until when, and recovery by SMS → sign in with the new password', { timeout: 240_000 }, async () => {
  const all = (await (await fetch(`${harness.base}/api/v1/demo/accounts`)).json()) as DemoAccount[];
  const who = all.find((a) => a.role === 'citizen' && !a.mfaSms && a.phone);
  assert.ok(who?.phone, 'a demo citizen with a phone and no second factor');
  const { context, page, pageErrors } = await openPage();

  await page.goto(`${harness.base}/login`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('iin').fill(who.iin);
  const attemptsLeft = page.getByTestId('attempts-left');
  for (let left = 4; left >= 1; left--) {
    await page.getByTestId('password').fill(`wrong-${left}`);
    await page.getByTestId('submit').click();
    await page.locator(`[data-testid="attempts-left"][data-left="${left}"]`).waitFor();
    const text = (await page.getByTestId('login-error').textContent()) ?? '';
    assert.match(text, /Wrong IIN or password/);
    if (left > 1) assert.match(text, new RegExp(`Attempts left: ${left}\\. After that, sign-in with this IIN is locked for 15 minutes\\.`), text);
    else assert.match(text, /This is the last attempt: after one more wrong password, sign-in with this IIN is locked for 15 minutes\./, text);
    if (left === 3) {
      // The same words in the other languages, from the same answer.
      await page.getByTestId('lang-ru').click();
      assert.match((await attemptsLeft.textContent()) ?? '', /Осталось попыток: 3\. После этого вход по этому ИИН блокируется; блокировка длится 15 минут\./);
      await page.getByTestId('lang-kk').click();
      assert.match((await attemptsLeft.textContent()) ?? '', /Қалған әрекет саны: 3\. Одан кейін бұл ЖСН бойынша кіру 15 минут бойы бұғатталады\./);
      await shot(page, '01-attempts-left-kk');
      await page.getByTestId('lang-en').click();
    }
  }
  await shot(page, '02-last-attempt-en');

  // The fifth wrong password locks.
  await page.getByTestId('password').fill('wrong-0');
  await page.getByTestId('submit').click();
  const locked = page.getByTestId('locked-until');
  await locked.waitFor();
  const until = (await locked.getAttribute('data-until')) ?? '';
  const lockMs = Date.parse(until) - Date.now();
  assert.ok(lockMs > 14 * 60_000 && lockMs <= 15 * 60_000 + 5_000, `locked for about 15 minutes: ${until}`);
  assert.match((await locked.textContent()) ?? '', new RegExp(`Sign-in with this IIN is locked until ${kzClock(until)}`));
  assert.match((await page.getByTestId('login-error').textContent()) ?? '', /set a new password with a code by SMS right now: that also lifts the lock/);
  await shot(page, '03-locked-en');
  // The right password is refused while locked.
  await page.getByTestId('password').fill(who.password);
  await page.getByTestId('submit').click();
  await page.getByTestId('locked-until').waitFor();
  assert.equal(page.url(), `${harness.base}/login`);

  // Recovery, offered right there.
  await page.getByTestId('locked-recover').click();
  await page.waitForURL(/\/login\/recovery\?iin=\d{12}/);
  assert.equal(await page.getByTestId('recovery-iin').inputValue(), who.iin, 'the IIN comes along');
  await page.getByTestId('recovery-send').click();
  const sent = page.getByTestId('recovery-sent');
  await sent.waitFor();
  assert.match((await sent.textContent()) ?? '', new RegExp(`If an account with IIN ${who.iin} has a phone number, a 6-digit code has been sent to it`));
  const sms = (await (await fetch(`${harness.base}/api/v1/demo/sms?phone=${encodeURIComponent(who.phone)}`)).json()) as { items: Array<{ body: string }> };
  const code = /код восстановления пароля (\d{6})/.exec(sms.items[0]?.body ?? '')?.[1];
  assert.ok(code, `the recovery SMS: ${sms.items[0]?.body}`);
  // The demo SMS is also shown on the page.
  await page.getByTestId('demo-sms').click();
  assert.match((await page.getByTestId('demo-sms-box').textContent()) ?? '', new RegExp(code));

  // The policy, checked before sending; then two different passwords.
  await page.getByTestId('sms-code').fill(code);
  await page.getByTestId('new-password').fill('short');
  await page.getByTestId('repeat-password').fill('short');
  await page.getByTestId('recovery-submit').click();
  const pwErr = page.getByTestId('new-password-error');
  await pwErr.waitFor();
  assert.match((await pwErr.textContent()) ?? '', /at least 8 characters.*both letters and digits/);
  await page.getByTestId('new-password').fill('Jana-Qupia-2026');
  await page.getByTestId('repeat-password').fill('Jana-Qupia-2027');
  await page.getByTestId('recovery-submit').click();
  await page.getByTestId('repeat-password-error').waitFor();
  // A wrong code: the server says so, with the attempts left.
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.getByTestId('sms-code').fill(wrong);
  await page.getByTestId('repeat-password').fill('Jana-Qupia-2026');
  await page.getByTestId('recovery-submit').click();
  const codeErr = page.getByTestId('code-error');
  await codeErr.waitFor();
  assert.match((await codeErr.textContent()) ?? '', /Wrong one-time code\. Attempts left: 4\./);
  await shot(page, '04-recovery-wrong-code');
  await page.getByTestId('sms-code').fill(code);
  await page.getByTestId('recovery-submit').click();
  const done = page.getByTestId('recovery-done');
  await done.waitFor();
  assert.match((await done.textContent()) ?? '', /The password has been changed.*Every earlier session of this account has been ended, and the sign-in lock, if there was one, is lifted/);
  await shot(page, '05-recovery-done');

  // Sign in with the new password (the lock is gone; the old password no longer works).
  await page.getByTestId('recovery-login').click();
  await page.waitForURL(/\/login\?iin=/);
  assert.equal(await page.getByTestId('iin').inputValue(), who.iin);
  await page.getByTestId('password').fill(who.password);
  await page.getByTestId('submit').click();
  await page.locator('[data-testid="attempts-left"][data-left="4"]').waitFor();
  await page.getByTestId('password').fill('Jana-Qupia-2026');
  await page.getByTestId('submit').click();
  await page.waitForURL(`${harness.base}/`);
  const me = await page.request.get(`${harness.base}/api/v1/me`);
  assert.equal(me.status(), 200);
  assert.equal(((await me.json()) as { iin: string }).iin, who.iin);
  await shot(page, '06-signed-in');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('an IIN without an account: the same neutral page, and no code works', { timeout: 120_000 }, async () => {
  const { context, page, pageErrors } = await openPage();
  await page.goto(`${harness.base}/login`);
  await page.getByTestId('lang-en').click();
  await page.getByTestId('forgot-password').click();
  await page.waitForURL(/\/login\/recovery$/);
  await page.getByTestId('recovery-iin').fill('900101300037');
  await page.getByTestId('recovery-send').click();
  await page.getByTestId('recovery-sent').waitFor();
  assert.match((await page.getByTestId('recovery-sent').textContent()) ?? '', /If an account with IIN 900101300037 has a phone number/);
  await page.getByTestId('sms-code').fill('123456');
  await page.getByTestId('new-password').fill('Jana-Qupia-2026');
  await page.getByTestId('repeat-password').fill('Jana-Qupia-2026');
  await page.getByTestId('recovery-submit').click();
  await page.getByTestId('code-error').waitFor();
  assert.match((await page.getByTestId('code-error').textContent()) ?? '', /Wrong one-time code\. Attempts left: 4\./);
  assert.deepEqual(pageErrors, []);
  await context.close();
});
