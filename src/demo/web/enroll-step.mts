/* Step 2a, no factor yet: enroll e-mail, SMS, voice, an authenticator app or push (Auth0 Guardian). */
import { api, ApiError, type Answer, newIdempotencyKey, type Schemas } from './api.mjs';
import { el, onSubmit, showError } from './dom.mjs';
import type { Page } from './page.mjs';
import { sentenceFor } from './sentences.mjs';

export const enrollForm = el<HTMLFormElement>('enroll-form');

const CHANNEL_WORDS: Record<string, string> = {
  sms: 'by text message',
  voice: 'by voice call',
  email: 'by e-mail',
};

type Channel = 'sms' | 'voice' | 'email' | 'otp' | 'push';
const CHANNELS: readonly string[] = ['sms', 'voice', 'email', 'otp', 'push'] satisfies Channel[];

function selectedChannel(): Channel {
  const checked = enrollForm.querySelector<HTMLInputElement>('input[name=channel]:checked');
  const value = checked?.value ?? 'sms';
  return CHANNELS.includes(value) ? (value as Channel) : 'sms';
}

/** Shows the field the chosen channel needs: a phone number, an e-mail address, or none (an app). */
export function syncChannelFields(): void {
  const channel = selectedChannel();
  const phone = channel === 'sms' || channel === 'voice';
  el('enroll-phone-field').hidden = !phone;
  el('enroll-email-field').hidden = channel !== 'email';
  el<HTMLInputElement>('enroll-phone').required = phone;
  el<HTMLInputElement>('enroll-email').required = channel === 'email';
}

export function registerEnrollment(page: Page): void {
  enrollForm.addEventListener('change', syncChannelFields);
  syncChannelFields();

  onSubmit(enrollForm, async () => {
    const type = selectedChannel();
    const destination = el<HTMLInputElement>(
      type === 'email' ? 'enroll-email' : 'enroll-phone',
    ).value.trim();
    const body =
      type === 'otp' || type === 'push'
        ? { type }
        : type === 'email'
          ? { type, email: destination }
          : { type, phone_number: destination };
    const token = page.signIn.mfaToken;
    const send = (): Promise<Answer<Schemas['EnrollmentDto']>> =>
      api('post', '/v1/enrollments', { body, token, idempotencyKey: newIdempotencyKey() });
    try {
      const answer = await send();
      if (type !== 'otp' && type !== 'push') page.setInboxAddress(destination);
      const enterCode = (): void => {
        if (type === 'push') {
          page.startPush(
            { kind: 'enrollment', send },
            answer,
            'Scan the QR code with the Auth0 Guardian app on your phone.',
          );
        } else if (type === 'otp') {
          page.startCode(
            { kind: 'otp-enrollment' },
            answer,
            'Scan the QR code with your authenticator app, then enter the 6-digit code it shows.',
          );
        } else {
          page.startCode(
            { kind: 'enrollment', resend: send },
            answer,
            `We sent a 6-digit code ${CHANNEL_WORDS[type]}.`,
          );
        }
      };
      // Auth0 hands the recovery code out once in a user's life, with the first enrollment: it is
      // shown now, before the code is even entered, so that abandoning this enrollment cannot lose it.
      const recovery = answer.body.recovery_codes?.[0];
      if (recovery) page.showRecoveryCode(recovery, enterCode);
      else enterCode();
    } catch (error) {
      if (error instanceof ApiError && error.problem.code === 'already_enrolled') {
        showError(sentenceFor(error));
        await page.chooseFactor({ keepMessages: true });
        return;
      }
      throw error;
    }
  });
}
