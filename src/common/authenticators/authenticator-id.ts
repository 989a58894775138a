/**
 * Authenticator ids as Auth0 issues them and the API passes them on: `<kind>|dev_<16 characters>`, the
 * kind being `sms`, `voice`, `email`, `totp`, `push` or `recovery-code`. The one place that reads them.
 */
export const AUTHENTICATOR_ID = /^[a-z][a-z0-9-]{0,31}\|[\w-]{1,64}$/;

/** Kinds are short lower-case words (`sms`, `recovery-code`); anything else is odd. */
const KIND = /^[a-z][a-z0-9-]{0,23}$/;

/** `sms|dev_abc` → `sms`: the kind of factor, never the id itself; `unknown` for anything odd. */
export function kindOf(authenticatorId: string): string {
  const bar = authenticatorId.indexOf('|');
  const prefix = bar > 0 ? authenticatorId.slice(0, bar) : '';
  return KIND.test(prefix) ? prefix : 'unknown';
}

/** Which challenge each kind of authenticator answers. */
const CHALLENGE_BY_KIND: Record<string, 'oob' | 'otp'> = {
  sms: 'oob',
  voice: 'oob',
  email: 'oob',
  push: 'oob',
  totp: 'otp',
};

export function challengeTypeOf(authenticatorId: string): 'oob' | 'otp' | undefined {
  return CHALLENGE_BY_KIND[kindOf(authenticatorId)];
}
