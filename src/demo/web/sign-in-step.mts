/* Step 1, e-mail and password; step 2b, a factor already: pick one and receive a code. */
import {
  api,
  ApiError,
  Answer,
  type CodeSent,
  type Factor,
  isMfaRequired,
  newIdempotencyKey,
} from './api.mjs';
import { el, onSubmit, showStep } from './dom.mjs';
import type { Page } from './page.mjs';

const MANAGE_FACTORS = 'openid profile enroll read:authenticators remove:authenticators';

const passwordForm = el<HTMLFormElement>('password-form');
const factorForm = el<HTMLFormElement>('factor-form');
const factorList = el('factor-list');

export function registerSignIn(page: Page): void {
  onSubmit(passwordForm, async () => {
    const username = el<HTMLInputElement>('email').value.trim();
    const password = el<HTMLInputElement>('password').value;
    try {
      // The MFA audience, so that the signed-in page can list and remove the user's factors.
      const answer = await api('post', '/v1/token/password', {
        body: { username, password, audience: 'mfa', scope: MANAGE_FACTORS },
      });
      page.finish(answer.body);
    } catch (error) {
      if (error instanceof ApiError && isMfaRequired(error.problem)) {
        page.signIn.mfaToken = error.problem.mfa_token;
        el<HTMLInputElement>('password').value = '';
        page.setInboxAddress(username, { onlyIfEmpty: true });
        page.setPhoneOwner(username);
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
    if (chosen.dataset.type === 'push') {
      page.startPush(
        { kind: 'challenge', send },
        answer,
        `We sent a notification: ${label}. Approve it in the Guardian app.`,
      );
      return;
    }
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
  const answer = await api('get', '/v1/factors', { token: page.signIn.mfaToken });
  const choices = answer.body.flatMap(choicesOf);
  if (choices.length === 0) {
    showStep('enroll', options);
    return;
  }
  renderChoices(choices);
  showStep('factor', options);
}

/** One way to receive a code (or a push request): a phone factor gives one per channel. */
interface Choice {
  authenticatorId: string;
  type: 'oob' | 'otp' | 'push';
  label: string;
}

function choicesOf(factor: Factor): Choice[] {
  const ids = factor.authenticator_ids;
  const to = factor.name ? ` to ${factor.name}` : '';
  switch (factor.type) {
    case 'otp':
      return ids.otp ? [{ authenticatorId: ids.otp, type: 'otp', label: 'Authenticator app' }] : [];
    case 'email':
      return ids.email ? [{ authenticatorId: ids.email, type: 'oob', label: `E-mail${to}` }] : [];
    case 'push-notification':
      return ids.push
        ? [{ authenticatorId: ids.push, type: 'push', label: `Push notification${to}` }]
        : [];
    case 'phone':
      return [
        ...(ids.sms
          ? [{ authenticatorId: ids.sms, type: 'oob' as const, label: `Text message${to}` }]
          : []),
        ...(ids.voice
          ? [{ authenticatorId: ids.voice, type: 'oob' as const, label: `Voice call${to}` }]
          : []),
      ];
    default:
      return [];
  }
}

function renderChoices(choices: Choice[]): void {
  factorList.replaceChildren(
    ...choices.map((choice, index) => {
      const id = `factor-${index}`;
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'authenticator';
      input.id = id;
      input.value = choice.authenticatorId;
      input.dataset.type = choice.type;
      input.dataset.label = choice.label;
      input.checked = index === 0;
      input.required = true;
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = choice.label;
      const row = document.createElement('div');
      row.className = 'choice';
      row.append(input, label);
      return row;
    }),
  );
}
