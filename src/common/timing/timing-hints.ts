/** Auth0's oob codes live five minutes (docs/auth0-wire.md). */
export const OOB_CODE_LIFETIME_SECONDS = 300;

export interface TimingHints {
  expires_at: string;
  resend_available_at: string;
}

/**
 * When a just-sent code stops working and when the gateway will let it be sent again, so a UI can show a
 * countdown instead of guessing.
 */
export function timingHints(cooldownSeconds: number, now = Date.now()): TimingHints {
  return {
    expires_at: new Date(now + OOB_CODE_LIFETIME_SECONDS * 1000).toISOString(),
    resend_available_at: new Date(now + cooldownSeconds * 1000).toISOString(),
  };
}
