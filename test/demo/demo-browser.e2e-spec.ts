import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium, qrCodeOf } from '../support/chromium';
import { totpNow } from '../support/totp';
import { advanceClock, createUser, wrongCode } from '../support/emulator';
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

  const emulatorUrl = (): string => gw.emulator?.url ?? '';

  /**
   * The user has acted on the virtual phone: the emulator's clock moves past its 5 s poll pace, so the
   * gateway's next poll (within a second or two, for the page's held request) finds the outcome.
   */
  const userActed = (): Promise<void> => advanceClock(emulatorUrl(), 6);

  /** A fresh user signs in and starts enrolling the factor labelled `choice`, past the recovery code. */
  async function startEnrollment(choice: string): Promise<{ email: string; password: string }> {
    const user = await createUser(emulatorUrl());
    await page.goto(`${gw.url}/demo`);
    await signIn(user);
    await page.getByRole('heading', { name: 'Add a second step to your sign-in' }).waitFor();
    await page.getByLabel(choice).check();
    await page.locator('#enroll-form button[type=submit]').click();
    await page.getByRole('heading', { name: 'Save your recovery code' }).waitFor();
    await page.getByLabel('I have saved my recovery code').check();
    await page.locator('#save-recovery-form button[type=submit]').click();
    return user;
  }

  /** A fresh user with push enrolled through the page: the virtual phone scans the QR code on it. */
  async function enrollPushOnPage(): Promise<{ email: string; password: string }> {
    const user = await startEnrollment('Push notifications (the Auth0 Guardian app)');

    await page.getByRole('heading', { name: 'Approve on your phone' }).waitFor();
    await expect(page.locator('#push-state').textContent()).resolves.toBe(
      'Waiting for approval on your phone…',
    );
    const confirmed = page.waitForResponse(
      (r) => r.url().endsWith('/v1/enrollments/confirm') && r.status() === 200,
    );
    const uri = await qrCodeOf(page, '#push-qr-image');
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*[?&]enrollment_tx_id=/);
    await screenshot('enroll-push-qr');
    await page.getByRole('button', { name: 'Scan the QR code on the page' }).click();
    await page.locator('#phone-note', { hasText: 'QR code scanned' }).waitFor();
    await userActed();
    await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
    // The page waited by having the gateway hold its request (Prefer: wait), not by asking every second.
    const held = await confirmed;
    expect(held.request().headers().prefer).toBe('wait=25');
    expect(held.headers()['preference-applied']).toBe('wait=25');
    await page
      .locator('#done-factors li', { hasText: 'Push notifications Virtual phone' })
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    return user;
  }

  /** Signs in again and picks the push factor: a notification waits on the virtual phone. */
  async function challengePushOnPage(user: { email: string; password: string }): Promise<void> {
    await signIn(user);
    await page.getByRole('heading', { name: "Verify it's you" }).waitFor();
    await page.getByLabel('Push notification to Virtual phone').check();
    await page.locator('#factor-form button[type=submit]').click();
    await page.getByRole('heading', { name: 'Approve on your phone' }).waitFor();
    await expect(page.locator('#push-qr').isHidden()).resolves.toBe(true);
    await page.locator('#phone-list .push-request').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The gateway polls Auth0 for a push approval every second instead of every 5: the emulator's
    // slow_down then holds it off until a test moves the emulator's clock past its 5 s pace, so no test
    // waits for that pace (see pushApproved).
    gw = await startGateway({ env: { PUSH_POLL_INTERVAL_SECONDS: '1' } });
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

  it('enrolls push through the virtual phone, then signs in with an approval on it', async () => {
    const user = await enrollPushOnPage();
    await challengePushOnPage(user);
    await expect(page.locator('#push-state').textContent()).resolves.toBe(
      'Waiting for approval on your phone…',
    );
    await screenshot('push-waiting-for-approval');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('#phone-note', { hasText: 'Approved on the phone' }).waitFor();
    await userActed();
    await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
    // The answered request is gone from the phone.
    await expect(page.locator('#phone-list .push-request').count()).resolves.toBe(0);
    expect(pageProblems).toEqual([]);
  }, 60000);

  it('shows a push request rejected on the phone as rejected, and offers a new one', async () => {
    const user = await enrollPushOnPage();
    await challengePushOnPage(user);
    await page.getByRole('button', { name: 'Reject' }).click();
    await userActed();
    await page.locator('#push-state[data-state=rejected]').waitFor();
    await expect(page.locator('#push-state').textContent()).resolves.toBe(
      'Rejected on your phone.',
    );
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'The sign-in was rejected on your phone. If that was not you, change your password.',
    );
    await expect(
      page.getByRole('button', { name: 'Send a new notification' }).isVisible(),
    ).resolves.toBe(true);
    await screenshot('push-rejected');
    expect(pageProblems).toEqual([]);
  }, 60000);

  it("shows the authenticator app's current code on the virtual phone while enrolling it", async () => {
    await startEnrollment('Authenticator app (the strongest)');
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    const shown = page.locator('#phone-list .app-code');
    await shown.waitFor();
    await screenshot('authenticator-app-on-the-phone');
    const code = (await shown.textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const secret = (await page.locator('#code-secret').textContent()) ?? '';
    expect(secret).not.toBe('');
    // The code on the phone is the app's code for the secret on the page: it confirms the enrollment.
    await page.locator('#code').fill(code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
    expect(gw.logs.text()).not.toContain(secret);
    expect(pageProblems).toEqual([]);
  }, 60000);
});
