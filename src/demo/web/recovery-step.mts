/* The recovery code, both ways: signing in with one, and keeping one on screen until it is saved. */
import { api, ApiError, type Tokens } from './api.mjs';
import { announce, el, onSubmit, showStep } from './dom.mjs';
import { duration, SIGN_IN_AGAIN, sentenceFor } from './sentences.mjs';
import type { Page } from './page.mjs';
import { showFactors } from './factors-panel.mjs';

export function registerRecovery(page: Page): void {
  // Lost the factor: a recovery code (its answer carries the replacement code, shown once).
  const recoveryForm = el<HTMLFormElement>('recovery-form');
  onSubmit(recoveryForm, async () => {
    const input = el<HTMLInputElement>('recovery-input');
    try {
      const answer = await api('post', '/v1/token/recovery-code', {
        body: { recovery_code: input.value.trim() },
        token: page.signIn.mfaToken,
      });
      input.value = '';
      page.finish(answer.body);
    } catch (error) {
      if (error instanceof ApiError && SIGN_IN_AGAIN.has(error.problem.code)) {
        return page.restart(sentenceFor(error));
      }
      input.focus();
      throw error;
    }
  });
  el('recovery-back').addEventListener('click', () => showStep('factor'));

  onSubmit(el<HTMLFormElement>('save-recovery-form'), () => {
    // Gone from the page as soon as the user says it is kept.
    el('recovery-code').textContent = '';
    const next = page.signIn.afterRecoverySaved;
    page.signIn.afterRecoverySaved = () => undefined;
    next();
    return Promise.resolve();
  });

  el('sign-out').addEventListener('click', () => page.restart());
}

export function showRecoveryCode(page: Page, code: string, next: () => void): void {
  el('recovery-code').textContent = code;
  el<HTMLInputElement>('recovery-saved').checked = false;
  page.signIn.afterRecoverySaved = next;
  showStep('save-recovery');
}

/** Signed in: the tokens, after a replacement recovery code (from the recovery grant) if there is one. */
export function finish(page: Page, tokens: Tokens): void {
  page.signIn.tokens = tokens;
  page.signIn.mfaToken = undefined;
  if (tokens.recovery_code) showRecoveryCode(page, tokens.recovery_code, () => showDone(page));
  else showDone(page);
}

function showDone(page: Page): void {
  const tokens = page.signIn.tokens;
  if (!tokens) return page.restart();
  el('done-type').textContent = tokens.token_type;
  el('done-expires').textContent = `in ${duration(tokens.expires_in)}`;
  el('done-scope').textContent = tokens.scope ?? '(default)';
  el('done-refresh').textContent = tokens.refresh_token ? 'yes' : 'no';
  showStep('done');
  announce('You are signed in.');
  void showFactors(tokens.access_token);
}
