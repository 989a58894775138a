/* Signed in: the user's factors as a person thinks of them (one phone, not two authenticators). */
import { api, ApiError, type Factor, request } from './api.mjs';
import { announce, el, showError } from './dom.mjs';
import { sentenceFor } from './sentences.mjs';

const list = el('done-factors');

function describe(factor: Factor): string {
  const name = factor.name ? ` ${factor.name}` : '';
  switch (factor.type) {
    case 'phone': {
      const how = (factor.channels ?? []).map((c: string) =>
        c === 'sms' ? 'text message' : 'voice call',
      );
      return `Phone${name} (${how.join(' and ')})`;
    }
    case 'email':
      return `E-mail${name}`;
    case 'otp':
      return 'Authenticator app';
    case 'push-notification':
      return `Push notifications${name}`;
    case 'recovery-code':
      return 'Recovery code';
    default:
      return 'Sign-in method';
  }
}

/** Lists the factors with a Remove button each (the recovery code has none: it is not a device). */
export async function showFactors(accessToken: string): Promise<void> {
  const answer = await api('get', '/v1/factors', { token: accessToken });
  list.replaceChildren(
    ...answer.body.map((factor) => {
      const item = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = describe(factor);
      item.append(text);
      if (factor.type !== 'recovery-code') {
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'secondary';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', `Remove ${describe(factor)}`);
        remove.addEventListener('click', () => void removeFactor(accessToken, factor));
        item.append(remove);
      }
      return item;
    }),
  );
}

async function removeFactor(accessToken: string, factor: Factor): Promise<void> {
  try {
    await request('DELETE', `/v1/factors/${encodeURIComponent(factor.id)}`, { token: accessToken });
    announce(`${describe(factor)} removed.`);
    await showFactors(accessToken);
  } catch (error) {
    if (error instanceof ApiError) showError(sentenceFor(error));
    else throw error;
  }
}
