/*
 * The reference MFA page: the whole flow on the gateway's public /v1 API, in plain TypeScript modules
 * the browser loads as they are (no bundler).
 *
 * Read it as a recipe: sign in → (no factor) enroll e-mail, SMS, voice, an authenticator app or push, keep
 * the recovery code, confirm the code (or approve on the phone) → signed in; (a factor) challenge it and
 * verify the code (or wait for the approval) → signed in.
 *  - api.mts: calling /v1, typed by the OpenAPI document;   sentences.mts: every error code as a sentence;
 *  - sign-in-step, enroll-step, code-step, push-step, recovery-step: the steps;
 *  - inbox.mts, virtual-phone.mts: the emulator's inbox and virtual phone (emulator mode only);
 *  - page.mts: one sign-in's state (SignIn), new at every sign-in, and what the steps ask of the page.
 *
 * Rules it follows, worth copying:
 *  - tokens live in memory only (a SignIn object): never localStorage, sessionStorage or cookies;
 *  - every error `code` becomes one sentence a person understands;
 *  - 429 answers carry `Retry-After`: the wait is shown, and the button stays off until it is over;
 *  - `resend_available_at` / `expires_at` drive visible countdowns, measured against the server's clock;
 *  - a push approval is awaited with `Prefer: wait`, asking again after each `Retry-After`;
 *  - every step is a real <form> with labels, and focus moves to the new step's first field.
 */
import type { Answer, CodeSent, Tokens } from './api.mjs';
import { CodeStep } from './code-step.mjs';
import { el, showError, showStep } from './dom.mjs';
import { enrollForm, registerEnrollment, syncChannelFields } from './enroll-step.mjs';
import { Inbox } from './inbox.mjs';
import { type Page, type PendingCode, type PendingPush, SignIn } from './page.mjs';
import { PushStep } from './push-step.mjs';
import { finish, registerRecovery, showRecoveryCode } from './recovery-step.mjs';
import { chooseFactor, registerSignIn } from './sign-in-step.mjs';
import { VirtualPhone } from './virtual-phone.mjs';

class ReferencePage implements Page {
  signIn = new SignIn();
  private readonly phone = new VirtualPhone(document.body.dataset.inbox === 'on');
  private readonly inbox = new Inbox(document.body.dataset.inbox === 'on', this.phone);
  private readonly codeStep = new CodeStep(this);
  private readonly pushStep = new PushStep(this);

  constructor() {
    registerSignIn(this);
    registerEnrollment(this);
    registerRecovery(this);
  }

  restart(message?: string): void {
    this.pushStep.stop();
    this.signIn = new SignIn();
    el<HTMLFormElement>('password-form').reset();
    enrollForm.reset();
    syncChannelFields();
    showStep('password');
    if (message) showError(message);
  }

  chooseFactor(options?: { keepMessages?: boolean }): Promise<void> {
    return chooseFactor(this, options);
  }

  startCode(next: PendingCode, answer: Answer<CodeSent> | undefined, info: string): void {
    this.codeStep.start(next, answer, info);
  }

  startPush(next: PendingPush, answer: Answer<CodeSent>, info: string): void {
    this.pushStep.start(next, answer, info);
  }

  showRecoveryCode(code: string, next: () => void): void {
    showRecoveryCode(this, code, next);
  }

  finish(tokens: Tokens): void {
    finish(this, tokens);
  }

  setInboxAddress(value: string, options?: { onlyIfEmpty?: boolean }): void {
    this.inbox.setAddress(value, options);
  }

  refreshInbox(): Promise<void> {
    return this.inbox.refresh();
  }

  setPhoneOwner(email: string): void {
    this.phone.belongsTo(email);
  }

  offerScan(barcodeUri: string | undefined): void {
    this.phone.offerScan(barcodeUri);
  }
}

new ReferencePage();
// The script runs: the "script did not load" notice can go, and the first step starts.
el('no-script').hidden = true;
el('app').hidden = false;
showStep('password');
