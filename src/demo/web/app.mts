/*
 * The reference MFA page: the whole flow on the gateway's public /v1 API, in plain TypeScript modules
 * the browser loads as they are (no bundler).
 *
 * Read it as a recipe: sign in → (no factor) enroll e-mail, SMS or voice, keep the recovery code, confirm
 * the code → signed in; (a factor) challenge it and verify the code → signed in.
 *  - api.mts: calling /v1, typed by the OpenAPI document;   sentences.mts: every error code as a sentence;
 *  - sign-in-step, enroll-step, code-step, recovery-step: the steps;   inbox.mts: the emulator's inbox;
 *  - page.mts: one sign-in's state (SignIn), new at every sign-in, and what the steps ask of the page.
 *
 * Rules it follows, worth copying:
 *  - tokens live in memory only (a SignIn object): never localStorage, sessionStorage or cookies;
 *  - every error `code` becomes one sentence a person understands;
 *  - 429 answers carry `Retry-After`: the wait is shown, and the button stays off until it is over;
 *  - `resend_available_at` / `expires_at` drive visible countdowns, measured against the server's clock;
 *  - every step is a real <form> with labels, and focus moves to the new step's first field.
 */
import type { Answer, CodeSent, Tokens } from './api.mjs';
import { CodeStep } from './code-step.mjs';
import { el, showError, showStep } from './dom.mjs';
import { enrollForm, registerEnrollment, syncChannelFields } from './enroll-step.mjs';
import { Inbox } from './inbox.mjs';
import { type Page, type PendingCode, SignIn } from './page.mjs';
import { finish, registerRecovery, showRecoveryCode } from './recovery-step.mjs';
import { chooseFactor, registerSignIn } from './sign-in-step.mjs';

class ReferencePage implements Page {
  signIn = new SignIn();
  private readonly inbox = new Inbox(document.body.dataset.inbox === 'on');
  private readonly codeStep = new CodeStep(this);

  constructor() {
    registerSignIn(this);
    registerEnrollment(this);
    registerRecovery(this);
  }

  restart(message?: string): void {
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
}

new ReferencePage();
// The script runs: the "script did not load" notice can go, and the first step starts.
el('no-script').hidden = true;
el('app').hidden = false;
showStep('password');
