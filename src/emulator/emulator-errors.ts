/** An answer in Auth0's error shape: `{error, error_description}` plus, for `mfa_required`, its extras. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }

  body(): Record<string, unknown> {
    return { error: this.error, error_description: this.description, ...this.extra };
  }
}

export const invalidRequest = (description: string, status = 400) =>
  new EmulatorError(status, 'invalid_request', description);

export const invalidGrant = (description: string, status = 403) =>
  new EmulatorError(status, 'invalid_grant', description);

export const expiredToken = (description: string, status = 403) =>
  new EmulatorError(status, 'expired_token', description);

export const tooMany = (error: string, description: string, retryAfterSeconds: number) =>
  new EmulatorError(429, error, description, {}, { 'retry-after': String(retryAfterSeconds) });

export const insufficientScope = (scope: string) =>
  new EmulatorError(403, 'insufficient_scope', `Insufficient scope, expected any of: ${scope}`);

export const unreadableBody = () =>
  invalidRequest('The request body could not be read: send JSON or form fields.');

export const MESSAGES = {
  malformedMfaToken: 'Malformed mfa_token',
  expiredMfaToken: 'mfa_token is expired',
  invalidBearer: 'The mfa_token provided is invalid. Try getting a new token.',
  malformedOobCode: 'Malformed oob_code',
  expiredOobCode: 'oob_code is expired',
  authenticatorNotFound: 'Authenticator not found.',
  notEnrolled:
    'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
  tooManyFailedCodes: 'Too many failed codes. Wait for some minutes before retrying.',
  tooManySms: 'Too many SMS sent by the user. Wait for some minutes before retrying.',
  tooManyEmails: 'Too many emails sent by the user. Wait for some minutes before retrying.',
  tooManyPushes:
    'Too many push notifications sent by the user. Wait for some minutes before retrying.',
  authorizationPending: 'Authorization pending: please repeat the request in a few seconds.',
  pushRejected: 'MFA Authorization rejected.',
  slowDown: 'You are polling faster than allowed. Try again in 5 seconds.',
} as const;

export const unsupportedChallengeType = (types: string) =>
  new EmulatorError(
    401,
    'unsupported_challenge_type',
    `User does not have any enrolled authenticator with the supported challenge type (${types})`,
  );
