/*
 * Every error code of docs/api.md as one sentence for the person in front of the screen; the page's
 * end-to-end test checks that none is missing.
 */
import { ApiError, NetworkError } from './api.mjs';

/** `42` → "42 seconds", `130` → "3 minutes" (rounded up: never promise less than the real wait). */
export function duration(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function waitPhrase(seconds: number | undefined, fallback: string): string {
  return seconds === undefined ? fallback : `in ${duration(seconds)}`;
}

const FIELD_SENTENCES: Record<string, string> = {
  phone_number:
    'That does not look like a real phone number. Write it in international format, for example +1 415 555 0123.',
  email: 'That does not look like an e-mail address. Check it and try again.',
  username: 'Enter the e-mail address you sign in with.',
  password: 'Enter your password.',
  binding_code: 'The code is the 6 digits from the message we sent you.',
  otp: 'The code is the 6 digits your authenticator app shows.',
  recovery_code: 'Enter the recovery code exactly as you saved it.',
  authenticator_id: 'Choose one of your sign-in methods.',
};

type Sentence = (error: ApiError) => string;

const UNREADABLE_REQUEST =
  'The page sent something the gateway could not read. Reload the page and try again.';
const UNKNOWN_ROUTE =
  'The page asked the gateway for something it does not offer. Is the gateway up to date?';

/**
 * One sentence per docs/api.md error code. Keys are the codes exactly as the API sends them; the demo's
 * end-to-end test checks that no code of the gateway's error table is missing here.
 */
const SENTENCES: Record<string, Sentence> = {
  validation_failed: (e) => {
    const fields = (e.problem.errors ?? []).map((f) => FIELD_SENTENCES[f.field.split('.')[0]]);
    const known = [...new Set(fields.filter((s): s is string => s !== undefined))];
    return known.length > 0
      ? known.join(' ')
      : 'Some of what you entered is not valid. Check it and try again.';
  },
  malformed_json: () => UNREADABLE_REQUEST,
  unsupported_media_type: () => UNREADABLE_REQUEST,
  payload_too_large: () => 'What you entered is too long. Shorten it and try again.',
  request_headers_too_large: () => UNREADABLE_REQUEST,
  malformed_request: () => UNREADABLE_REQUEST,
  request_timeout: () => 'The connection was too slow. Check your network and try again.',
  missing_token: () => 'Your sign-in was interrupted. Please sign in again.',
  invalid_token: () => 'Your sign-in is no longer valid. Please sign in again.',
  mfa_token_expired: () =>
    'Your sign-in took too long and has expired, for your safety. Please sign in again.',
  invalid_api_key: () =>
    'This gateway only accepts calls from registered apps (API_KEYS is set), and this page is not one. Ask its operator.',
  mfa_required: () => 'Your account needs a second step to sign in.',
  invalid_credentials: () => 'The e-mail address or the password is wrong.',
  insufficient_scope: () => 'Your sign-in does not allow this. Sign in again and retry.',
  authenticator_not_found: () =>
    'That sign-in method no longer exists on your account. Choose another one.',
  not_found: () => UNKNOWN_ROUTE,
  method_not_allowed: () => UNKNOWN_ROUTE,
  push_rejected: () =>
    'The sign-in was rejected on your phone. If that was not you, change your password.',
  too_many_authenticators: () =>
    'This account has too many unfinished sign-up attempts. Remove unused factors, or ask your administrator to clear them.',
  already_enrolled: () =>
    'Your account already has a sign-in method, so a new one cannot be added here. Use the one you have.',
  invalid_binding_code: () =>
    'That code is not right, or it has already been used. Check the latest message and try again.',
  invalid_otp: () =>
    'That code from your authenticator app is not right. Enter the one it shows now.',
  invalid_recovery_code: () => 'That recovery code is not right, or it has already been used.',
  oob_code_expired: () =>
    'That code has expired. Ask for a new code and enter the one you receive.',
  invalid_oob_code: () => 'This code can no longer be used. Ask for a new code and try again.',
  authorization_pending: () => 'Waiting for you to approve the sign-in on your phone.',
  slow_down: () => 'Checking too often: waiting a few seconds before checking again.',
  unsupported_challenge_type: () =>
    'A code cannot be sent to that sign-in method. Choose another one.',
  factor_not_allowed: () => 'That kind of sign-in method is switched off here. Choose another one.',
  phone_country_not_allowed: () =>
    "We can't send codes to phone numbers in that country. Use another number, or e-mail.",
  phone_type_not_allowed: () =>
    "We can't send codes to that kind of number (premium-rate, shared-cost, or a landline for text messages). Use a mobile number.",
  idempotency_key_reused: () =>
    'The same request was sent twice with different content. Please try again.',
  too_many_attempts: (e) =>
    `Too many wrong codes. For your safety, you can try again ${waitPhrase(e.retryAfter, 'later')}.`,
  send_quota_exceeded: (e) =>
    `We have sent you as many codes as we can for now. Please try again ${waitPhrase(e.retryAfter, 'later')}.`,
  rate_limited: (e) =>
    `Too many requests in a short time. Please try again ${waitPhrase(e.retryAfter, 'in a moment')}.`,
  destination_suspended: (e) =>
    `New numbers in this country can't be added right now. Use another factor, or try again ${waitPhrase(e.retryAfter, 'later')}.`,
  upstream_error: () => 'The sign-in service answered with an error. Please try again in a moment.',
  upstream_misconfigured: () =>
    'The sign-in service is not set up correctly. Its operators have been told; please try later.',
  upstream_unavailable: (e) =>
    `The sign-in service cannot be reached right now. Please try again ${waitPhrase(e.retryAfter, 'in a moment')}.`,
  upstream_timeout: () => 'The sign-in service took too long to answer. Please try again.',
  internal_error: () => 'Something went wrong on our side. Please try again.',
};

export function sentenceFor(error: unknown): string {
  if (error instanceof NetworkError) {
    return 'The gateway cannot be reached. Check your connection and try again.';
  }
  if (!(error instanceof ApiError))
    return 'Something went wrong in this page. Reload it and try again.';
  const sentence = SENTENCES[error.problem.code];
  // An Auth0 error the gateway's table does not name passes through with Auth0's own wording.
  const text = sentence
    ? sentence(error)
    : (error.problem.detail ?? 'Something went wrong. Please try again.');
  const reference =
    error.problem.status >= 500 && error.problem.request_id
      ? ` (Reference: ${error.problem.request_id})`
      : '';
  return text + reference;
}

/** The answers after which the sign-in must start over. */
export const SIGN_IN_AGAIN = new Set(['missing_token', 'invalid_token', 'mfa_token_expired']);
