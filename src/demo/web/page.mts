/*
 * What the steps share: one sign-in's state, and the page that moves between steps. A new SignIn starts
 * with every sign-in, so nothing of one sign-in (a token, a pending code, a countdown) can reach the next.
 */
import type { Answer, CodeSent, Tokens } from './api.mjs';

export interface PendingCode {
  /** `otp-enrollment`: a new authenticator app, confirmed with the code it shows. */
  kind: 'enrollment' | 'challenge' | 'otp' | 'otp-enrollment';
  oobCode?: string;
  /** Sends another code (a new enrollment or challenge), answering the new oob_code and timings. */
  resend?: () => Promise<Answer<CodeSent>>;
}

/** A push request under way: the user answers on their phone while the page waits for the outcome. */
export interface PendingPush {
  /** `enrollment`: the Guardian app scans the QR code; `challenge`: a notification to approve. */
  kind: 'enrollment' | 'challenge';
  /** Asks again: a new enrollment (a new QR code) or a new notification, with a new oob_code. */
  send: () => Promise<Answer<CodeSent>>;
}

/** One sign-in, from the password to the tokens. Tokens live here, in memory only. */
export class SignIn {
  mfaToken?: string;
  tokens?: Tokens;
  pending?: PendingCode;
  /** Countdown targets on the page's own clock (server times shifted by the server's `Date`). */
  resendAt = 0;
  expiresAt = 0;
  lockedUntil = 0;
  /** Where the page goes once the user says the recovery code on screen is kept. */
  afterRecoverySaved: () => void = () => undefined;
}

/** The moves the steps ask of each other, through the page rather than by importing one another. */
export interface Page {
  /** The sign-in under way. */
  readonly signIn: SignIn;
  /** Forgets everything and starts over at the first step, with a sentence saying why, if any. */
  restart(message?: string): void;
  /** With the mfa_token: the user's active factors decide between enrolling one and challenging one. */
  chooseFactor(options?: { keepMessages?: boolean }): Promise<void>;
  /** Asks for the code of `next` (just sent, or from the authenticator app). */
  startCode(next: PendingCode, answer: Answer<CodeSent> | undefined, info: string): void;
  /** Waits for the user to approve `next` on their phone (its QR code first, for an enrollment). */
  startPush(next: PendingPush, answer: Answer<CodeSent>, info: string): void;
  /** Shows a recovery code until the user says it is kept, then goes on with `next`. */
  showRecoveryCode(code: string, next: () => void): void;
  /** The sign-in succeeded: the tokens, after a replacement recovery code if there is one. */
  finish(tokens: Tokens): void;
  /** Points the inbox panel (emulator mode) at where codes go, and reads it. */
  setInboxAddress(value: string, options?: { onlyIfEmpty?: boolean }): void;
  /** Reads the inbox panel again: its messages and its virtual phone. */
  refreshInbox(): Promise<void>;
  /** Makes the inbox's virtual phone (emulator mode) the phone of the user signing in. */
  setPhoneOwner(email: string): void;
  /** A push enrollment's QR code is on screen (or no longer, when undefined): the phone can scan it. */
  offerScan(barcodeUri: string | undefined): void;
}
