/* Step 3: enter the code, with resend and expiry countdowns measured against the server's clock. */
import {
  api,
  ApiError,
  type Answer,
  type CodeSent,
  reportingRetryAfter,
  type Tokens,
} from './api.mjs';
import {
  announce,
  clock,
  currentStep,
  el,
  localTime,
  onSubmit,
  runBusy,
  showError,
  showStep,
  svgImage,
} from './dom.mjs';
import type { Page, PendingCode } from './page.mjs';
import { SIGN_IN_AGAIN, sentenceFor } from './sentences.mjs';

const codeForm = el<HTMLFormElement>('code-form');
const codeInput = el<HTMLInputElement>('code');
const verifyButton = el<HTMLButtonElement>('verify');
const resendButton = el<HTMLButtonElement>('resend');

/**
 * A new authenticator app's QR code, as the gateway drew it (`barcode_svg`), shown as an image — never
 * inserted as markup — with the key for manual entry; hidden for every other code.
 */
function showQrCode(enrollment: CodeSent | undefined): void {
  const svg = enrollment && 'barcode_svg' in enrollment ? enrollment.barcode_svg : undefined;
  const secret = enrollment && 'secret' in enrollment ? enrollment.secret : undefined;
  el('code-qr').hidden = !svg;
  el<HTMLImageElement>('code-qr-image').src = svgImage(svg);
  el('code-secret').textContent = secret ?? '';
}

/** The code step of the page: its countdown runs while the step is on screen. */
export class CodeStep {
  private ticker: number | undefined;

  constructor(private readonly page: Page) {
    resendButton.addEventListener('click', () => this.resend());
    onSubmit(codeForm, () => this.verify());
    el('code-back').addEventListener('click', () => {
      page.signIn.pending = undefined;
      page.chooseFactor().catch((error: unknown) => showError(sentenceFor(error)));
    });
  }

  start(next: PendingCode, answer: Answer<CodeSent> | undefined, info: string): void {
    const signIn = this.page.signIn;
    signIn.pending = next;
    signIn.lockedUntil = 0;
    el('code-info').textContent = info;
    codeInput.value = '';
    codeInput.removeAttribute('aria-invalid');
    const app = next.kind === 'otp' || next.kind === 'otp-enrollment';
    el('code-label').textContent = app ? 'Code from your authenticator app' : '6-digit code';
    showQrCode(next.kind === 'otp-enrollment' ? answer?.body : undefined);
    el('resend-row').hidden = !next.resend;
    this.applyCodeSent(answer);
    showStep('code');
    if (answer) announce(info);
    this.ticker ??= window.setInterval(() => this.tick(), 1000);
    this.tick();
    void this.page.refreshInbox();
  }

  private applyCodeSent(answer: Answer<CodeSent> | undefined): void {
    const signIn = this.page.signIn;
    if (!signIn.pending || !answer) {
      signIn.resendAt = 0;
      signIn.expiresAt = 0;
      return;
    }
    signIn.pending.oobCode = answer.body.oob_code;
    signIn.resendAt = localTime(answer.body.resend_available_at, answer.serverNow);
    signIn.expiresAt = localTime(answer.body.expires_at, answer.serverNow);
  }

  /** Once a second: the resend button's cooldown, the code's expiry and any "too many attempts" wait. */
  private tick(): void {
    if (currentStep() !== 'code') {
      window.clearInterval(this.ticker);
      this.ticker = undefined;
      return;
    }
    const { resendAt, expiresAt, lockedUntil } = this.page.signIn;
    const now = Date.now();
    const resendWait = resendAt - now;
    const busy = resendButton.getAttribute('aria-busy') === 'true';
    resendButton.disabled = busy || resendWait > 0;
    el('resend-wait').textContent =
      resendWait > 0 ? `You can ask for a new code in ${clock(resendWait)}.` : '';
    el('code-expiry').textContent =
      expiresAt === 0
        ? ''
        : expiresAt > now
          ? `The code expires in ${clock(expiresAt - now)}.`
          : 'The code has expired: ask for a new one.';
    const locked = lockedUntil > now;
    verifyButton.dataset.locked = String(locked);
    if (codeForm.getAttribute('aria-busy') !== 'true') verifyButton.disabled = locked;
    el('verify-wait').textContent = locked
      ? `You can try again in ${clock(lockedUntil - now)}.`
      : '';
  }

  private resend(): void {
    const signIn = this.page.signIn;
    const resend = signIn.pending?.resend;
    if (!resend || resendButton.disabled) return;
    resendButton.disabled = true;
    runBusy(
      resendButton,
      async () => {
        const answer = await reportingRetryAfter(resend, (at) => (signIn.resendAt = at));
        this.applyCodeSent(answer);
        codeInput.value = '';
        announce('A new code is on its way. The previous code no longer works.');
        codeInput.focus();
        void this.page.refreshInbox();
      },
      () => this.tick(),
    );
  }

  private async verify(): Promise<void> {
    const signIn = this.page.signIn;
    const code = codeInput.value.replace(/\s+/g, '');
    const current = signIn.pending;
    if (!current) throw new Error('no code pending');
    try {
      let answer: Answer<Tokens>;
      if (current.kind === 'otp') {
        answer = await api('post', '/v1/token/otp', {
          body: { otp: code },
          token: signIn.mfaToken,
        });
      } else if (current.kind === 'otp-enrollment') {
        answer = await api('post', '/v1/enrollments/confirm', {
          body: { otp: code },
          token: signIn.mfaToken,
        });
      } else {
        const path = current.kind === 'enrollment' ? '/v1/enrollments/confirm' : '/v1/token/oob';
        answer = await api('post', path, {
          body: { oob_code: current.oobCode ?? '', binding_code: code },
          token: signIn.mfaToken,
        });
      }
      signIn.pending = undefined;
      this.page.finish(answer.body);
    } catch (error) {
      if (error instanceof ApiError) {
        if (SIGN_IN_AGAIN.has(error.problem.code)) return this.page.restart(sentenceFor(error));
        if (error.problem.code === 'too_many_attempts' && error.retryAfter !== undefined) {
          signIn.lockedUntil = Date.now() + error.retryAfter * 1000;
        }
      }
      codeInput.setAttribute('aria-invalid', 'true');
      codeInput.focus();
      codeInput.select();
      throw error;
    }
  }
}
