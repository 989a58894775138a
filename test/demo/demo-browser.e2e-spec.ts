import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium, qrCodeOf } from '../support/chromium';
import { totpNow } from '../support/totp';
import { createUser, wrongCode } from '../support/emulator';
import { startGateway, TestGateway } from '../support/gateway';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const PHONE = '+1 415 555 0123';

describeWithChromium('the /demo browser test')('reference page /demo in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  /** What the page itself got wrong: uncaught errors and console errors (a CSP refusal is one). */
  const pageProblems: string[] = [];
  let shot = 0;

  async function screenshot(name: string): Promise<void> {
    shot += 1;
    const file = `demo-${String(shot).padStart(2, '0')}-${name}.png`;
    // The body, not the viewport: the picture ends where the page does.
    await page.locator('body').screenshot({ path: join(ARTIFACTS, file) });
  }

  // Expressions run in the page; as strings, since this project's TypeScript has no DOM types.
  /** The id of the focused element: where a keyboard user is. */
  const focused = (): Promise<string> =>
    page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");

  async function inboxCode(): Promise<string> {
    const code = page.locator('#inbox-list li').first().locator('.inbox-code');
    await code.waitFor();
    return (await code.textContent()) ?? '';
  }

  async function signIn(user: { email: string; password: string }): Promise<void> {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await focused()).toBe('email');
    // Keyboard only: the first field has focus, Tab moves on, Enter submits.
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    gw = await startGateway();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every 4xx answer, and the flow expects some (403 mfa_required, a wrong code).
      const expected = message.text().startsWith('Failed to load resource: the server responded');
      if (message.type() === 'error' && !expected) pageProblems.push(`console: ${message.text()}`);
    });
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('enrolls SMS, shows the recovery code at once, then challenges the factor and explains a wrong code', async () => {
    const user = await createUser(gw.emulator!.url);
    await page.goto(`${gw.url}/demo`);
    await screenshot('sign-in');
    await signIn(user);

    // No factor yet: enroll one. SMS is preselected; focus is on the first choice.
    await page.getByRole('heading', { name: 'Add a second step to your sign-in' }).waitFor();
    expect(await focused()).toBe('channel-sms');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('enroll-phone');
    await page.keyboard.type(PHONE);
    await screenshot('enroll-sms');
    await page.keyboard.press('Enter');

    // The recovery code first: Auth0 hands it out with the first enrollment only, so it is shown
    // before the code is entered, and stays until the user says it is saved.
    await page.getByRole('heading', { name: 'Save your recovery code' }).waitFor();
    const recoveryCode = (await page.locator('#recovery-code').textContent()) ?? '';
    expect(recoveryCode).toMatch(/^[A-Z0-9]{16,}$/);
    await screenshot('recovery-code');
    expect(await focused()).toBe('recovery-code');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.getByLabel('I have saved my recovery code').isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await expect(page.locator('#recovery-code').textContent()).resolves.toBe('');
    expect(await focused()).toBe('code');
    await expect(page.locator('#code-info').textContent()).resolves.toBe(
      'We sent a 6-digit code by text message.',
    );
    await expect(page.locator('#inbox-to').inputValue()).resolves.toBe(PHONE);
    const enrollCode = await inboxCode();
    expect(enrollCode).toMatch(/^\d{6}$/);
    await expect(page.locator('#resend-wait').textContent()).resolves.toMatch(
      /^You can ask for a new code in \d:\d\d\.$/,
    );
    await expect(page.getByRole('button', { name: 'Send a new code' }).isDisabled()).resolves.toBe(
      true,
    );
    await screenshot('enroll-code-from-inbox');
    await page.keyboard.type(enrollCode);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
    await screenshot('signed-in-after-enrollment');

    // Tokens lived in memory only.
    const stored = await page.evaluate<unknown>(
      '[localStorage.length, sessionStorage.length, document.cookie]',
    );
    expect(stored).toEqual([0, 0, '']);

    // Second sign-in: the factor exists, so the page challenges it.
    expect(await focused()).toBe('sign-out');
    await page.keyboard.press('Enter');
    await signIn(user);
    await page.getByRole('heading', { name: "Verify it's you" }).waitFor();
    await expect(page.getByLabel('Text message to XXXXXXXX0123').isChecked()).resolves.toBe(true);
    await screenshot('choose-factor');
    // The factors are one radio group (one Tab stop): the next Tab reaches the button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await expect(page.locator('#code-info').textContent()).resolves.toBe(
      'We sent a 6-digit code: Text message to XXXXXXXX0123.',
    );
    // The panel still points at the enrolled number, so the newest message is this challenge's code.
    await page.locator('#inbox-list li').nth(1).waitFor();
    const challengeCode = await inboxCode();
    expect(challengeCode).toMatch(/^\d{6}$/);

    await page.keyboard.type(wrongCode(challengeCode));
    await page.keyboard.press('Enter');
    const error = page.getByRole('alert');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe(
      'That code is not right, or it has already been used. Check the latest message and try again.',
    );
    expect(await focused()).toBe('code');
    await expect(page.locator('#code').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot('wrong-code');

    // The focused field's text is selected: typing replaces it.
    await page.keyboard.type(challengeCode);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
    // The factors as a person thinks of them: one phone with both channels, not two authenticators.
    const phone = page.locator('#done-factors li', { hasText: 'Phone XXXXXXXX0123' });
    await phone.waitFor();
    await expect(phone.locator('span').textContent()).resolves.toBe(
      'Phone XXXXXXXX0123 (text message and voice call)',
    );
    await expect(page.locator('#done-factors li').count()).resolves.toBe(2);
    await screenshot('signed-in-after-challenge');
    await page
      .getByRole('button', { name: 'Remove Phone XXXXXXXX0123 (text message and voice call)' })
      .click();
    await phone.waitFor({ state: 'detached' });
    await expect(page.locator('#done-factors li span').allTextContents()).resolves.toEqual([
      'Recovery code',
    ]);

    expect(pageProblems).toEqual([]);
  }, 60000);

  it('enrolls an authenticator app from the QR code on the page, with a TOTP of the decoded secret', async () => {
    const user = await createUser(gw.emulator?.url ?? '');
    await page.goto(`${gw.url}/demo`);
    await signIn(user);
    await page.getByRole('heading', { name: 'Add a second step to your sign-in' }).waitFor();
    await page.getByLabel('Authenticator app (the strongest)').check();
    await expect(page.locator('#enroll-phone-field').isHidden()).resolves.toBe(true);
    await page.locator('#enroll-form button[type=submit]').click();
    await page.getByRole('heading', { name: 'Save your recovery code' }).waitFor();
    await page.getByLabel('I have saved my recovery code').check();
    await page.locator('#save-recovery-form button[type=submit]').click();

    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await page.locator('#code-qr-image').waitFor();
    await screenshot('enroll-authenticator-app');
    const uri = await qrCodeOf(page, '#code-qr-image');
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const secret = new URL(String(uri)).searchParams.get('secret') ?? '';
    // The key shown for manual entry is the one in the code.
    await expect(page.locator('#code-secret').textContent()).resolves.toBe(secret);
    await page.locator('#code').fill(await totpNow(gw.emulator?.url ?? '', secret));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
    // The factor list loads after the heading: wait for the entry, not for the list as it is now.
    await page.locator('#done-factors li', { hasText: 'Authenticator app' }).waitFor();
    expect(pageProblems).toEqual([]);
  }, 60000);
});
