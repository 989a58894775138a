/*
 * The reference MFA page: the whole flow on the gateway's public /v1 API, in plain TypeScript.
 *
 * Read it top to bottom as a recipe: sign in → (no factor) enroll e-mail, SMS or voice and confirm the
 * code, keep the recovery code → signed in; (a factor) challenge it and verify the code → signed in.
 *
 * Rules it follows, worth copying:
 *  - tokens live in this module's variables only: never localStorage, sessionStorage or cookies;
 *  - every error `code` of docs/api.md becomes one sentence a person understands (SENTENCES below);
 *  - 429 answers carry `Retry-After`: the wait is shown, and the button stays off until it is over;
 *  - `resend_available_at` / `expires_at` drive visible countdowns, measured against the server's clock;
 *  - every step is a real <form> with labels, and focus moves to the new step's first field.
 */

// ---------------------------------------------------------------------------------------------------
// The API's shapes: generated from the gateway's OpenAPI document (npm run client), never copied by hand,
// so a change of the contract that breaks this page breaks its build.

import type { components, paths } from '../../../clients/typescript/schema';

type Schemas = components['schemas'];
type Tokens = Schemas['TokenSetDto'] &
  Partial<Pick<Schemas['RecoveryTokenSetDto'], 'recovery_code'>>;
type Authenticator = Schemas['AuthenticatorDto'];
type CodeSent = Schemas['EnrollmentDto'] | Schemas['ChallengeDto'];
type Problem = Schemas['ProblemDto'];

/** The sign-in's `403 mfa_required`: the one problem that carries a token, the mfa_token. */
function isMfaRequired(problem: Problem): problem is Schemas['MfaRequiredProblemDto'] {
  return (
    problem.code === 'mfa_required' &&
    typeof (problem as { mfa_token?: unknown }).mfa_token === 'string'
  );
}

/** The operation of `path` with `method`, as the document types it. */
type Operation<P extends keyof paths, M extends 'get' | 'post'> =
  paths[P] extends Record<M, infer O> ? O : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
/** The JSON of the operation's successful answer. */
type AnswerOf<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201
        ? R[S] extends { content: { 'application/json': infer B } }
          ? B
          : never
        : never;
    }[keyof R]
  : never;

interface Answer<T> {
  body: T;
  /** The server's clock when it answered (the `Date` header), to measure countdowns without skew. */
  serverNow: number;
}

/** A problem+json answer, with the `Retry-After` seconds when there was one. */
class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfter: number | undefined,
  ) {
    super(problem.code);
  }
}

/** The gateway could not be reached at all. */
class NetworkError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Calling /v1

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; token?: string; idempotencyKey?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new NetworkError('network');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object' && typeof (parsed as Problem).code === 'string'
        ? (parsed as Problem)
        : ({ status: response.status, code: `http_${response.status}` } as Problem);
    throw new ApiError(problem, retryAfterSeconds(response));
  }
  const now = Date.now();
  const date = Date.parse(response.headers.get('date') ?? '');
  // `Date` has whole seconds: trusting it within a second would add up to a second to every countdown.
  const skewed = !Number.isNaN(date) && Math.abs(date - now) >= 2000;
  return { body: parsed as T, serverNow: skewed ? date : now };
}

/** A `/v1` call, typed by the document: its body, and the answer it gives. */
function api<P extends keyof paths, M extends 'get' | 'post'>(
  method: M,
  path: P,
  options: { body?: BodyOf<Operation<P, M>>; token?: string; idempotencyKey?: string } = {},
): Promise<Answer<AnswerOf<Operation<P, M>>>> {
  return request(method === 'get' ? 'GET' : 'POST', path, options);
}

// ---------------------------------------------------------------------------------------------------
// Every error code of docs/api.md, as a sentence for the person in front of the screen

/** `42` → "42 seconds", `130` → "3 minutes" (rounded up: never promise less than the real wait). */
function duration(seconds: number): string {
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
  upstream_error: () => 'The sign-in service answered with an error. Please try again in a moment.',
  upstream_misconfigured: () =>
    'The sign-in service is not set up correctly. Its operators have been told; please try later.',
  upstream_unavailable: (e) =>
    `The sign-in service cannot be reached right now. Please try again ${waitPhrase(e.retryAfter, 'in a moment')}.`,
  upstream_timeout: () => 'The sign-in service took too long to answer. Please try again.',
  internal_error: () => 'Something went wrong on our side. Please try again.',
};

function sentenceFor(error: unknown): string {
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

const SIGN_IN_AGAIN = new Set(['missing_token', 'invalid_token', 'mfa_token_expired']);

// ---------------------------------------------------------------------------------------------------
// The DOM

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found as T;
}

const STEPS = [
  'password',
  'enroll',
  'factor',
  'code',
  'recovery',
  'save-recovery',
  'done',
] as const;
type Step = (typeof STEPS)[number];

const errorBox = el('error');
const statusBox = el('status');

function showError(message: string): void {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function clearMessages(): void {
  errorBox.textContent = '';
  errorBox.hidden = true;
  statusBox.textContent = '';
}

function announce(message: string): void {
  statusBox.textContent = message;
}

/** Shows one step and moves focus to its first field (or its heading), so keyboard users follow. */
function showStep(step: Step, options: { keepMessages?: boolean } = {}): void {
  if (!options.keepMessages) clearMessages();
  for (const name of STEPS) el(`step-${name}`).hidden = name !== step;
  const section = el(`step-${step}`);
  const first = section.querySelector<HTMLElement>(
    'input:not([type=hidden]):not([disabled]), select, textarea, [data-focus-first]',
  );
  const target = first ?? section.querySelector<HTMLElement>('h2');
  if (target) {
    if (!first) target.tabIndex = -1;
    target.focus();
  }
  document.body.dataset.step = step;
}

/**
 * Runs a user's action with `busy` marked aria-busy and the messages cleared; a failure shows its
 * sentence. `after` runs once `busy` is no longer marked, told whether the action failed.
 */
function runBusy(
  busy: HTMLElement,
  action: () => Promise<void>,
  after: (failed: boolean) => void,
): void {
  busy.setAttribute('aria-busy', 'true');
  clearMessages();
  let failed = false;
  action()
    .catch((error: unknown) => {
      failed = true;
      showError(sentenceFor(error));
    })
    .finally(() => {
      busy.removeAttribute('aria-busy');
      after(failed);
    });
}

/** Runs a form's action with its submit button off, so a double press sends one request. */
function onSubmit(form: HTMLFormElement, action: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>('button[type=submit]'));
    const wereDisabled = buttons.map((b) => b.disabled);
    buttons.forEach((b) => (b.disabled = true));
    runBusy(form, action, (failed) => {
      buttons.forEach((b, i) => (b.disabled = wereDisabled[i] || b.dataset.locked === 'true'));
      // The pressed button was disabled meanwhile, which can drop focus to <body>: bring a keyboard
      // user back to the form that failed rather than to the top of the page.
      if (failed && !form.closest('[hidden]') && !form.contains(document.activeElement)) {
        form.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled])')?.focus();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// State: in memory only

let mfaToken: string | undefined;
let signedIn: Tokens | undefined;
/** Where the page goes once the user says the recovery code on screen is kept. */
let afterRecoverySaved: () => void = () => undefined;

interface PendingCode {
  kind: 'enrollment' | 'challenge' | 'otp';
  oobCode?: string;
  /** Sends another code (a new enrollment or challenge), answering the new oob_code and timings. */
  resend?: () => Promise<Answer<CodeSent>>;
}
let pending: PendingCode | undefined;

/** Countdown targets on the page's own clock (server times shifted by the server's `Date`). */
let resendAt = 0;
let expiresAt = 0;
let lockedUntil = 0;

const inboxEnabled = document.body.dataset.inbox === 'on';

function localTime(iso: string | undefined, serverNow: number): number {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(at) ? 0 : Date.now() + (at - serverNow);
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------
// Step 1: e-mail and password

const passwordForm = el<HTMLFormElement>('password-form');
onSubmit(passwordForm, async () => {
  const username = el<HTMLInputElement>('email').value.trim();
  const password = el<HTMLInputElement>('password').value;
  try {
    const answer = await api('post', '/v1/token/password', {
      body: { username, password },
    });
    finish(answer.body);
  } catch (error) {
    if (error instanceof ApiError && isMfaRequired(error.problem)) {
      mfaToken = error.problem.mfa_token;
      el<HTMLInputElement>('password').value = '';
      setInboxAddress(username, { onlyIfEmpty: true });
      await chooseFactor();
      return;
    }
    throw error;
  }
});

/** With the mfa_token: the user's active factors decide between enrolling one and challenging one. */
async function chooseFactor(options: { keepMessages?: boolean } = {}): Promise<void> {
  const answer = await api('get', '/v1/authenticators', { token: mfaToken });
  const usable = answer.body.filter(
    (a) => a.active && (a.authenticator_type === 'oob' || a.authenticator_type === 'otp'),
  );
  if (usable.length === 0) {
    showStep('enroll', options);
    return;
  }
  renderFactors(usable);
  showStep('factor', options);
}

// ---------------------------------------------------------------------------------------------------
// Step 2a: no factor yet: enroll e-mail, SMS or voice

const enrollForm = el<HTMLFormElement>('enroll-form');
const CHANNEL_WORDS: Record<string, string> = {
  sms: 'by text message',
  voice: 'by voice call',
  email: 'by e-mail',
};

function selectedChannel(): 'sms' | 'voice' | 'email' {
  const checked = enrollForm.querySelector<HTMLInputElement>('input[name=channel]:checked');
  const value = checked?.value;
  return value === 'voice' || value === 'email' ? value : 'sms';
}

function syncChannelFields(): void {
  const email = selectedChannel() === 'email';
  el('enroll-phone-field').hidden = email;
  el('enroll-email-field').hidden = !email;
  el<HTMLInputElement>('enroll-phone').required = !email;
  el<HTMLInputElement>('enroll-email').required = email;
}
enrollForm.addEventListener('change', syncChannelFields);
syncChannelFields();

onSubmit(enrollForm, async () => {
  const type = selectedChannel();
  const destination = el<HTMLInputElement>(
    type === 'email' ? 'enroll-email' : 'enroll-phone',
  ).value.trim();
  const body =
    type === 'email' ? { type, email: destination } : { type, phone_number: destination };
  const send = (): Promise<Answer<Schemas['EnrollmentDto']>> =>
    api('post', '/v1/enrollments', {
      body,
      token: mfaToken,
      idempotencyKey: newIdempotencyKey(),
    });
  try {
    const answer = await send();
    setInboxAddress(destination);
    const enterCode = (): void =>
      startCode(
        { kind: 'enrollment', resend: send },
        answer,
        `We sent a 6-digit code ${CHANNEL_WORDS[type]}.`,
      );
    // Auth0 hands the recovery code out once in a user's life, with the first enrollment: it is shown
    // now, before the code is even entered, so that abandoning this enrollment cannot lose it.
    const recovery = answer.body.recovery_codes?.[0];
    if (recovery) showRecoveryCode(recovery, enterCode);
    else enterCode();
  } catch (error) {
    if (error instanceof ApiError && error.problem.code === 'already_enrolled') {
      showError(sentenceFor(error));
      await chooseFactor({ keepMessages: true });
      return;
    }
    throw error;
  }
});

// ---------------------------------------------------------------------------------------------------
// Step 2b: a factor already: pick one and receive a code

const factorForm = el<HTMLFormElement>('factor-form');
const factorList = el('factor-list');

function describeFactor(a: Authenticator): string {
  if (a.authenticator_type === 'otp') return 'Authenticator app';
  const how =
    a.oob_channel === 'sms' ? 'Text message' : a.oob_channel === 'voice' ? 'Voice call' : 'E-mail';
  return a.name ? `${how} to ${a.name}` : how;
}

function renderFactors(factors: Authenticator[]): void {
  factorList.replaceChildren(
    ...factors.map((factor, index) => {
      const id = `factor-${index}`;
      const description = describeFactor(factor);
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'authenticator';
      input.id = id;
      input.value = factor.id;
      input.dataset.type = factor.authenticator_type;
      input.dataset.label = description;
      input.checked = index === 0;
      input.required = true;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = description;
      const row = document.createElement('div');
      row.className = 'choice';
      row.append(input, label);
      return row;
    }),
  );
}

onSubmit(factorForm, async () => {
  const chosen = factorForm.querySelector<HTMLInputElement>('input[name=authenticator]:checked');
  if (!chosen) throw new Error('no factor chosen');
  const label = chosen.dataset.label ?? 'your sign-in method';
  if (chosen.dataset.type === 'otp') {
    startCode({ kind: 'otp' }, undefined, 'Enter the 6-digit code your authenticator app shows.');
    return;
  }
  const authenticatorId = chosen.value;
  const send = (): Promise<Answer<CodeSent>> =>
    api('post', '/v1/challenges', {
      body: { authenticator_id: authenticatorId },
      token: mfaToken,
      idempotencyKey: newIdempotencyKey(),
    });
  const answer = await send();
  startCode({ kind: 'challenge', resend: send }, answer, `We sent a 6-digit code: ${label}.`);
});

el('use-recovery').addEventListener('click', () => showStep('recovery'));

// ---------------------------------------------------------------------------------------------------
// Step 3: enter the code, with resend and expiry countdowns

const codeForm = el<HTMLFormElement>('code-form');
const codeInput = el<HTMLInputElement>('code');
const verifyButton = el<HTMLButtonElement>('verify');
const resendButton = el<HTMLButtonElement>('resend');
let ticker: number | undefined;

function startCode(next: PendingCode, answer: Answer<CodeSent> | undefined, info: string): void {
  pending = next;
  lockedUntil = 0;
  el('code-info').textContent = info;
  codeInput.value = '';
  codeInput.removeAttribute('aria-invalid');
  el('code-label').textContent =
    next.kind === 'otp' ? 'Code from your authenticator app' : '6-digit code';
  el('resend-row').hidden = !next.resend;
  applyCodeSent(answer);
  showStep('code');
  if (answer) announce(info);
  if (!ticker) ticker = window.setInterval(tick, 1000);
  tick();
  void refreshInbox();
}

function applyCodeSent(answer: Answer<CodeSent> | undefined): void {
  if (!pending || !answer) {
    resendAt = 0;
    expiresAt = 0;
    return;
  }
  pending.oobCode = answer.body.oob_code;
  resendAt = localTime(answer.body.resend_available_at, answer.serverNow);
  expiresAt = localTime(answer.body.expires_at, answer.serverNow);
}

/** Once a second: the resend button's cooldown, the code's expiry and any "too many attempts" wait. */
function tick(): void {
  if (document.body.dataset.step !== 'code') {
    if (ticker) window.clearInterval(ticker);
    ticker = undefined;
    return;
  }
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
  el('verify-wait').textContent = locked ? `You can try again in ${clock(lockedUntil - now)}.` : '';
}

resendButton.addEventListener('click', () => {
  const resend = pending?.resend;
  if (!resend || resendButton.disabled) return;
  resendButton.disabled = true;
  runBusy(
    resendButton,
    async () => {
      let answer: Answer<CodeSent>;
      try {
        answer = await resend();
      } catch (error) {
        if (error instanceof ApiError && error.retryAfter !== undefined) {
          resendAt = Date.now() + error.retryAfter * 1000;
        }
        throw error;
      }
      applyCodeSent(answer);
      codeInput.value = '';
      announce('A new code is on its way. The previous code no longer works.');
      codeInput.focus();
      void refreshInbox();
    },
    () => tick(),
  );
});

onSubmit(codeForm, async () => {
  const code = codeInput.value.replace(/\s+/g, '');
  const current = pending;
  if (!current) throw new Error('no code pending');
  try {
    let answer: Answer<Tokens>;
    if (current.kind === 'otp') {
      answer = await api('post', '/v1/token/otp', { body: { otp: code }, token: mfaToken });
    } else {
      const path = current.kind === 'enrollment' ? '/v1/enrollments/confirm' : '/v1/token/oob';
      answer = await api('post', path, {
        body: { oob_code: current.oobCode, binding_code: code },
        token: mfaToken,
      });
    }
    pending = undefined;
    finish(answer.body);
  } catch (error) {
    if (error instanceof ApiError) {
      if (SIGN_IN_AGAIN.has(error.problem.code)) return restart(sentenceFor(error));
      if (error.problem.code === 'too_many_attempts' && error.retryAfter !== undefined) {
        lockedUntil = Date.now() + error.retryAfter * 1000;
      }
    }
    codeInput.setAttribute('aria-invalid', 'true');
    codeInput.focus();
    codeInput.select();
    throw error;
  }
});

el('code-back').addEventListener('click', () => {
  pending = undefined;
  chooseFactor().catch((error: unknown) => showError(sentenceFor(error)));
});

// ---------------------------------------------------------------------------------------------------
// Lost the factor: a recovery code (its answer carries the replacement code, shown once)

const recoveryForm = el<HTMLFormElement>('recovery-form');
onSubmit(recoveryForm, async () => {
  const input = el<HTMLInputElement>('recovery-input');
  try {
    const answer = await api('post', '/v1/token/recovery-code', {
      body: { recovery_code: input.value.trim() },
      token: mfaToken,
    });
    input.value = '';
    finish(answer.body);
  } catch (error) {
    if (error instanceof ApiError && SIGN_IN_AGAIN.has(error.problem.code)) {
      return restart(sentenceFor(error));
    }
    input.focus();
    throw error;
  }
});
el('recovery-back').addEventListener('click', () => showStep('factor'));

// ---------------------------------------------------------------------------------------------------
// The recovery code, shown until the user says it is kept; then signed in

/** Shows a recovery code (the first enrollment's, or a recovery grant's replacement), then `next`. */
function showRecoveryCode(code: string, next: () => void): void {
  el('recovery-code').textContent = code;
  el<HTMLInputElement>('recovery-saved').checked = false;
  afterRecoverySaved = next;
  showStep('save-recovery');
}

function finish(tokens: Tokens): void {
  signedIn = tokens;
  mfaToken = undefined;
  if (tokens.recovery_code) showRecoveryCode(tokens.recovery_code, showDone);
  else showDone();
}

onSubmit(el<HTMLFormElement>('save-recovery-form'), () => {
  // Gone from the page as soon as the user says it is kept.
  el('recovery-code').textContent = '';
  const next = afterRecoverySaved;
  afterRecoverySaved = () => undefined;
  next();
  return Promise.resolve();
});

function showDone(): void {
  const tokens = signedIn;
  if (!tokens) return restart();
  el('done-type').textContent = tokens.token_type;
  el('done-expires').textContent = `in ${duration(tokens.expires_in)}`;
  el('done-scope').textContent = tokens.scope ?? '(default)';
  el('done-refresh').textContent = tokens.refresh_token ? 'yes' : 'no';
  showStep('done');
  announce('You are signed in.');
}

el('sign-out').addEventListener('click', () => restart());

/** Forgets every token and starts over at the first step (with a sentence saying why, if any). */
function restart(message?: string): void {
  mfaToken = undefined;
  signedIn = undefined;
  pending = undefined;
  afterRecoverySaved = () => undefined;
  passwordForm.reset();
  enrollForm.reset();
  syncChannelFields();
  showStep('password');
  if (message) showError(message);
}

// ---------------------------------------------------------------------------------------------------
// The emulator's inbox (emulator mode only): read through the gateway's /demo/inbox, never the emulator

interface InboxMessage {
  channel: string;
  to: string;
  code: string;
  sent_at: string;
}

// Outside emulator mode the panel is not in the page at all, so its elements are looked up only when on.
const inboxInput = inboxEnabled ? el<HTMLInputElement>('inbox-to') : undefined;

/**
 * Points the panel at where codes go. The sign-in name is only a first guess: it must not replace the
 * number enrolled earlier, since the factor list shows that number masked and the page cannot know it.
 */
function setInboxAddress(value: string, options: { onlyIfEmpty?: boolean } = {}): void {
  if (!inboxInput || !value || (options.onlyIfEmpty && inboxInput.value.trim())) return;
  inboxInput.value = value;
}

async function refreshInbox(): Promise<void> {
  const to = inboxInput?.value.trim();
  if (!to) return;
  const note = el('inbox-note');
  const inboxList = el('inbox-list');
  try {
    const answer = await request<InboxMessage[]>('GET', `/demo/inbox?to=${encodeURIComponent(to)}`);
    note.textContent = answer.body.length === 0 ? 'Nothing has been sent there yet.' : '';
    inboxList.replaceChildren(
      ...answer.body.map((message) => {
        const item = document.createElement('li');
        const meta = document.createElement('span');
        meta.className = 'meta';
        const time = new Date(message.sent_at).toLocaleTimeString();
        meta.textContent = `${message.channel.toUpperCase()} to ${message.to} · ${time}`;
        const code = document.createElement('strong');
        code.className = 'inbox-code';
        code.textContent = message.code;
        item.append(meta, code);
        return item;
      }),
    );
  } catch (error) {
    inboxList.replaceChildren();
    note.textContent =
      error instanceof ApiError && error.problem.code === 'validation_failed'
        ? 'Enter an e-mail address, or a phone number in international format (+1 415 555 0123).'
        : "The emulator's inbox cannot be read right now.";
  }
}

if (inboxEnabled) {
  el('inbox').hidden = false;
  // Not through onSubmit: reading the inbox must not wipe the error the user is looking at.
  el<HTMLFormElement>('inbox-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void refreshInbox();
  });
}

// The script runs: the "script did not load" notice can go, and the first step starts.
el('no-script').hidden = true;
el('app').hidden = false;
showStep('password');
