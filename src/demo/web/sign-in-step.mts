/* Step 1, e-mail and password; step 2b, a factor already: pick one and receive a code. */
import {
  api,
  ApiError,
  Answer,
  type Authenticator,
  type CodeSent,
  isMfaRequired,
  newIdempotencyKey,
} from './api.mjs';
import { el, onSubmit, showStep } from './dom.mjs';
import type { Page } from './page.mjs';

const passwordForm = el<HTMLFormElement>('password-form');
const factorForm = el<HTMLFormElement>('factor-form');
const factorList = el('factor-list');

export function registerSignIn(page: Page): void {
  onSubmit(passwordForm, async () => {
    const username = el<HTMLInputElement>('email').value.trim();
    const password = el<HTMLInputElement>('password').value;
    try {
      const answer = await api('post', '/v1/token/password', { body: { username, password } });
      page.finish(answer.body);
    } catch (error) {
      if (error instanceof ApiError && isMfaRequired(error.problem)) {
        page.signIn.mfaToken = error.problem.mfa_token;
        el<HTMLInputElement>('password').value = '';
        page.setInboxAddress(username, { onlyIfEmpty: true });
        await page.chooseFactor();
        return;
      }
      throw error;
    }
  });

  onSubmit(factorForm, async () => {
    const chosen = factorForm.querySelector<HTMLInputElement>('input[name=authenticator]:checked');
    if (!chosen) throw new Error('no factor chosen');
    const label = chosen.dataset.label ?? 'your sign-in method';
    if (chosen.dataset.type === 'otp') {
      page.startCode(
        { kind: 'otp' },
        undefined,
        'Enter the 6-digit code your authenticator app shows.',
      );
      return;
    }
    const authenticatorId = chosen.value;
    const token = page.signIn.mfaToken;
    const send = (): Promise<Answer<CodeSent>> =>
      api('post', '/v1/challenges', {
        body: { authenticator_id: authenticatorId },
        token,
        idempotencyKey: newIdempotencyKey(),
      });
    const answer = await send();
    page.startCode(
      { kind: 'challenge', resend: send },
      answer,
      `We sent a 6-digit code: ${label}.`,
    );
  });

  el('use-recovery').addEventListener('click', () => showStep('recovery'));
}

export async function chooseFactor(
  page: Page,
  options: { keepMessages?: boolean } = {},
): Promise<void> {
  const answer = await api('get', '/v1/authenticators', { token: page.signIn.mfaToken });
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
