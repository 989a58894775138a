/*
 * Step 3 for push: approve on the phone. The page asks for the outcome with `Prefer: wait`, so the
 * gateway holds each request until the user acts or the wait is over; while the answer is
 * authorization_pending, the page asks again once its `Retry-After` has passed. Rejection and expiry
 * end the wait, each with its own sentence and a way to try again.
 */
import { api, ApiError, type Answer, type CodeSent, reportingRetryAfter } from './api.mjs';
import {
  announce,
  clock,
  currentStep,
  el,
  localTime,
  runBusy,
  showError,
  showStep,
  svgImage,
} from './dom.mjs';
import type { Page, PendingPush } from './page.mjs';
import { SIGN_IN_AGAIN, sentenceFor } from './sentences.mjs';

/** How long the gateway may hold one request (it allows up to 25 s). */
const WAIT_SECONDS = 25;
/** When an answer says nothing of when to ask again. */
const DEFAULT_RETRY_SECONDS = 5;

type PushState = 'waiting' | 'rejected' | 'expired' | 'failed';

const stateLine = el('push-state');
const againButton = el<HTMLButtonElement>('push-again');

const STATE_TEXT: Record<PendingPush['kind'], Record<PushState, string>> = {
  enrollment: {
    waiting: 'Waiting for approval on your phone…',
    rejected: 'Rejected on your phone.',
    expired: 'The QR code expired before it was scanned.',
    failed: 'The page could not check for your approval.',
  },
  challenge: {
    waiting: 'Waiting for approval on your phone…',
    rejected: 'Rejected on your phone.',
    expired: 'The request expired before it was approved.',
    failed: 'The page could not check for your approval.',
  },
};

const AGAIN_TEXT: Record<PendingPush['kind'], string> = {
  enrollment: 'Show a new QR code',
  challenge: 'Send a new notification',
};

/** The expiry of a push request is its own: a code sentence would ask for a code nobody sent. */
const EXPIRED_SENTENCE: Record<PendingPush['kind'], string> = {
  enrollment: 'The QR code has expired. Show a new one and scan it with the Guardian app.',
  challenge: 'The sign-in request has expired. Send a new notification and approve it.',
};

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      resolve();
    });
  });
}

export class PushStep {
  private next: PendingPush | undefined;
  private oobCode = '';
  private state: PushState = 'waiting';
  /** Aborted when the wait ends or the user leaves: the held request ends with it. */
  private run: AbortController | undefined;
  private ticker: number | undefined;
  /** On the page's own clock, like the code step's countdowns. */
  private expiresAt = 0;
  private resendAt = 0;

  constructor(private readonly page: Page) {
    againButton.addEventListener('click', () => this.again());
    el('push-back').addEventListener('click', () => {
      this.stop();
      page.chooseFactor().catch((error: unknown) => showError(sentenceFor(error)));
    });
  }

  start(next: PendingPush, answer: Answer<CodeSent>, info: string): void {
    this.next = next;
    this.page.signIn.pending = undefined;
    el('push-info').textContent = info;
    againButton.textContent = AGAIN_TEXT[next.kind];
    // On screen first: the countdown stops the wait of a step that is not on screen.
    showStep('push');
    this.apply(answer);
    announce(info);
    void this.page.refreshInbox();
  }

  /** Ends the wait (the held request too) and takes the QR code away from the phone. */
  stop(): void {
    this.run?.abort();
    this.run = undefined;
    this.page.offerScan(undefined);
  }

  /** A new oob_code (the first, or one asked again): its QR code, its expiry, and a new wait. */
  private apply(answer: Answer<CodeSent>): void {
    this.stop();
    const body = answer.body;
    this.oobCode = body.oob_code ?? '';
    this.expiresAt = localTime(body.expires_at, answer.serverNow);
    this.resendAt = localTime(body.resend_available_at, answer.serverNow);
    const svg = 'barcode_svg' in body ? body.barcode_svg : undefined;
    el('push-qr').hidden = !svg;
    el<HTMLImageElement>('push-qr-image').src = svgImage(svg);
    if (this.next?.kind === 'enrollment' && 'barcode_uri' in body) {
      this.page.offerScan(body.barcode_uri);
    }
    this.setState('waiting');
    const run = new AbortController();
    this.run = run;
    this.ticker ??= window.setInterval(() => this.tick(), 1000);
    this.tick();
    void this.wait(run.signal);
  }

  private setState(state: PushState): void {
    this.state = state;
    stateLine.dataset.state = state;
    stateLine.textContent = this.next ? STATE_TEXT[this.next.kind][state] : '';
    againButton.hidden = state === 'waiting';
  }

  /** Asks for the outcome, held by the gateway, until there is one or the user leaves. */
  private async wait(signal: AbortSignal): Promise<void> {
    const path = this.next?.kind === 'enrollment' ? '/v1/enrollments/confirm' : '/v1/token/oob';
    const token = this.page.signIn.mfaToken;
    for (;;) {
      try {
        const answer = await api('post', path, {
          body: { oob_code: this.oobCode },
          token,
          waitSeconds: WAIT_SECONDS,
          signal,
        });
        if (signal.aborted) return;
        this.stop();
        this.page.finish(answer.body);
        return;
      } catch (error) {
        if (signal.aborted) return;
        const code = error instanceof ApiError ? error.problem.code : undefined;
        if (error instanceof ApiError && code === 'authorization_pending') {
          await pause((error.retryAfter ?? DEFAULT_RETRY_SECONDS) * 1000, signal);
          if (signal.aborted) return;
          continue;
        }
        this.stop();
        if (code !== undefined && SIGN_IN_AGAIN.has(code)) {
          return this.page.restart(sentenceFor(error));
        }
        this.ended(code, error);
        return;
      }
    }
  }

  private ended(code: string | undefined, error: unknown): void {
    const kind = this.next?.kind ?? 'challenge';
    if (code === 'push_rejected') {
      this.setState('rejected');
      showError(sentenceFor(error));
    } else if (code === 'oob_code_expired') {
      this.setState('expired');
      showError(EXPIRED_SENTENCE[kind]);
    } else {
      this.setState('failed');
      againButton.textContent = 'Check again';
      showError(sentenceFor(error));
    }
    this.tick();
    againButton.focus();
  }

  /** After a rejection or an expiry, a new request; after a failure, the same request checked again. */
  private again(): void {
    const next = this.next;
    if (!next || againButton.disabled) return;
    if (this.state === 'failed') {
      againButton.textContent = AGAIN_TEXT[next.kind];
      this.setState('waiting');
      const run = new AbortController();
      this.run = run;
      void this.wait(run.signal);
      return;
    }
    againButton.disabled = true;
    runBusy(
      againButton,
      async () => {
        const answer = await reportingRetryAfter(next.send, (at) => (this.resendAt = at));
        this.apply(answer);
        announce(
          next.kind === 'enrollment'
            ? 'A new QR code is on the page.'
            : 'A new notification is on its way.',
        );
        void this.page.refreshInbox();
      },
      () => this.tick(),
    );
  }

  /** Once a second: the request's expiry, and the wait before a new one may be sent. */
  private tick(): void {
    if (currentStep() !== 'push') {
      window.clearInterval(this.ticker);
      this.ticker = undefined;
      this.stop();
      return;
    }
    const now = Date.now();
    el('push-expiry').textContent =
      this.state !== 'waiting' || this.expiresAt === 0
        ? ''
        : this.expiresAt > now
          ? `The request expires in ${clock(this.expiresAt - now)}.`
          : 'The request has expired.';
    const resendWait = this.state === 'failed' ? 0 : this.resendAt - now;
    const busy = againButton.getAttribute('aria-busy') === 'true';
    againButton.disabled = busy || resendWait > 0;
    el('push-again-wait').textContent =
      !againButton.hidden && resendWait > 0 ? `You can ask again in ${clock(resendWait)}.` : '';
  }
}
