/**
 * The stable, machine-readable error codes of the gateway's API (docs/api.md). Clients switch on these, so a
 * value never changes meaning; the HTTP status of each lives in one table beside it.
 */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  MissingToken = 'missing_token',
  InvalidToken = 'invalid_token',
  MfaTokenExpired = 'mfa_token_expired',
  InvalidApiKey = 'invalid_api_key',
  MfaRequired = 'mfa_required',
  InvalidCredentials = 'invalid_credentials',
  InsufficientScope = 'insufficient_scope',
  AuthenticatorNotFound = 'authenticator_not_found',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  AlreadyEnrolled = 'already_enrolled',
  TooManyAuthenticators = 'too_many_authenticators',
  InvalidBindingCode = 'invalid_binding_code',
  InvalidOtp = 'invalid_otp',
  InvalidRecoveryCode = 'invalid_recovery_code',
  OobCodeExpired = 'oob_code_expired',
  InvalidOobCode = 'invalid_oob_code',
  AuthorizationPending = 'authorization_pending',
  PushRejected = 'push_rejected',
  SlowDown = 'slow_down',
  UnsupportedChallengeType = 'unsupported_challenge_type',
  PayloadTooLarge = 'payload_too_large',
  RequestHeadersTooLarge = 'request_headers_too_large',
  MalformedRequest = 'malformed_request',
  RequestTimeout = 'request_timeout',
  UnsupportedMediaType = 'unsupported_media_type',
  FactorNotAllowed = 'factor_not_allowed',
  PhoneCountryNotAllowed = 'phone_country_not_allowed',
  PhoneTypeNotAllowed = 'phone_type_not_allowed',
  IdempotencyKeyReused = 'idempotency_key_reused',
  TooManyAttempts = 'too_many_attempts',
  SendQuotaExceeded = 'send_quota_exceeded',
  RateLimited = 'rate_limited',
  DestinationSuspended = 'destination_suspended',
  UpstreamError = 'upstream_error',
  UpstreamMisconfigured = 'upstream_misconfigured',
  UpstreamUnavailable = 'upstream_unavailable',
  UpstreamTimeout = 'upstream_timeout',
  InternalError = 'internal_error',
}

export interface ErrorCodeInfo {
  status: number;
  title: string;
  /** The sentence shown to people when the thrower has nothing more specific to say. */
  detail: string;
}

/** Status, title and default detail of every code. `satisfies` makes a code without a row a compile error. */
export const ERROR_CODES = {
  [ErrorCode.ValidationFailed]: {
    status: 400,
    title: 'Validation failed',
    detail: 'The request does not match the schema.',
  },
  [ErrorCode.MalformedJson]: {
    status: 400,
    title: 'Malformed JSON',
    detail: 'The request body is not valid JSON.',
  },
  [ErrorCode.MissingToken]: {
    status: 401,
    title: 'Missing token',
    detail: 'This call needs an `Authorization: Bearer <token>` header.',
  },
  [ErrorCode.InvalidToken]: {
    status: 401,
    title: 'Invalid token',
    detail: 'The bearer token is malformed, unknown or of the wrong kind.',
  },
  [ErrorCode.MfaTokenExpired]: {
    status: 401,
    title: 'MFA token expired',
    detail: 'The MFA token has expired; sign in again to get a new one.',
  },
  [ErrorCode.InvalidApiKey]: {
    status: 401,
    title: 'Invalid API key',
    detail: 'The x-api-key header is missing or wrong.',
  },
  [ErrorCode.MfaRequired]: {
    status: 403,
    title: 'Multi-factor authentication required',
    detail: 'Complete a second factor with the mfa_token in this answer.',
  },
  [ErrorCode.InvalidCredentials]: {
    status: 403,
    title: 'Invalid credentials',
    detail: 'Wrong username or password.',
  },
  [ErrorCode.InsufficientScope]: {
    status: 403,
    title: 'Insufficient scope',
    detail: 'The token does not carry the scope this call needs.',
  },
  [ErrorCode.AuthenticatorNotFound]: {
    status: 404,
    title: 'Authenticator not found',
    detail: 'No authenticator with that id belongs to this user.',
  },
  [ErrorCode.NotFound]: { status: 404, title: 'Not found', detail: 'No such route.' },
  [ErrorCode.MethodNotAllowed]: {
    status: 405,
    title: 'Method not allowed',
    detail: 'The route exists but does not accept this method.',
  },
  [ErrorCode.AlreadyEnrolled]: {
    status: 409,
    title: 'Already enrolled',
    detail:
      'The user already has an active factor: challenge it first, or use an MFA-audience access token with the enroll scope.',
  },
  [ErrorCode.TooManyAuthenticators]: {
    status: 409,
    title: 'Too many authenticators',
    detail:
      "The user has reached Auth0's limit of 50 authenticators, mostly enrollments that were started and never confirmed. Enroll with an MFA-audience access token that has `remove:authenticators` (the gateway then removes the abandoned ones first), or remove unused factors with `DELETE /v1/factors/{id}`.",
  },
  [ErrorCode.InvalidBindingCode]: {
    status: 400,
    title: 'Invalid binding code',
    detail: 'The code is wrong or has been used.',
  },
  [ErrorCode.InvalidOtp]: {
    status: 400,
    title: 'Invalid one-time password',
    detail: 'The code from the authenticator app is wrong.',
  },
  [ErrorCode.InvalidRecoveryCode]: {
    status: 400,
    title: 'Invalid recovery code',
    detail: 'The recovery code is wrong or has been used.',
  },
  [ErrorCode.OobCodeExpired]: {
    status: 400,
    title: 'Code expired',
    detail: 'The oob_code has expired; start a new challenge.',
  },
  [ErrorCode.InvalidOobCode]: {
    status: 400,
    title: 'Invalid oob_code',
    detail: 'The oob_code is unknown, malformed or already used.',
  },
  [ErrorCode.AuthorizationPending]: {
    status: 400,
    title: 'Authorization pending',
    detail: 'The push notification has not been approved yet; poll again in a few seconds.',
  },
  [ErrorCode.PushRejected]: {
    status: 403,
    title: 'Push rejected',
    detail: 'The user rejected the push notification on their phone.',
  },
  [ErrorCode.SlowDown]: {
    status: 400,
    title: 'Slow down',
    detail: 'Polling too fast; wait at least 5 seconds between attempts.',
  },
  [ErrorCode.UnsupportedChallengeType]: {
    status: 400,
    title: 'Unsupported challenge type',
    detail: 'The user has no factor that can be challenged this way.',
  },
  [ErrorCode.PayloadTooLarge]: {
    status: 413,
    title: 'Payload too large',
    detail: 'The request body is over the size limit.',
  },
  [ErrorCode.RequestHeadersTooLarge]: {
    status: 431,
    title: 'Request headers too large',
    detail: 'The request line and headers are over the size limit.',
  },
  [ErrorCode.MalformedRequest]: {
    status: 400,
    title: 'Malformed request',
    detail: 'The request is not valid HTTP.',
  },
  [ErrorCode.RequestTimeout]: {
    status: 408,
    title: 'Request timeout',
    detail: 'The request did not arrive in time.',
  },
  [ErrorCode.UnsupportedMediaType]: {
    status: 415,
    title: 'Unsupported media type',
    detail: 'Send the body as application/json.',
  },
  [ErrorCode.FactorNotAllowed]: {
    status: 422,
    title: 'Factor not allowed',
    detail: 'This factor type is switched off on this gateway.',
  },
  [ErrorCode.PhoneCountryNotAllowed]: {
    status: 422,
    title: 'Phone country not allowed',
    detail: "Codes cannot be sent to this number's country.",
  },
  [ErrorCode.PhoneTypeNotAllowed]: {
    status: 422,
    title: 'Phone type not allowed',
    detail: 'Codes cannot be sent to this kind of number.',
  },
  [ErrorCode.IdempotencyKeyReused]: {
    status: 422,
    title: 'Idempotency key reused',
    detail: 'This Idempotency-Key was already used for a different request.',
  },
  [ErrorCode.TooManyAttempts]: {
    status: 429,
    title: 'Too many attempts',
    detail: 'Too many wrong codes; wait before trying again.',
  },
  [ErrorCode.SendQuotaExceeded]: {
    status: 429,
    title: 'Send quota exceeded',
    detail: 'Auth0 has sent this user as many codes as it allows for now; try again later.',
  },
  [ErrorCode.RateLimited]: {
    status: 429,
    title: 'Rate limited',
    detail: 'Too many requests; wait before trying again.',
  },
  [ErrorCode.DestinationSuspended]: {
    status: 429,
    title: 'Destination suspended',
    detail:
      'New enrollments to numbers in this country or range are paused: most codes sent there recently were never confirmed.',
  },
  [ErrorCode.UpstreamError]: {
    status: 502,
    title: 'Upstream error',
    detail: 'Auth0 answered with an error or something unreadable.',
  },
  [ErrorCode.UpstreamMisconfigured]: {
    status: 502,
    title: 'Upstream misconfigured',
    detail: 'Auth0 rejected the gateway itself; the operators have been told.',
  },
  [ErrorCode.UpstreamUnavailable]: {
    status: 503,
    title: 'Upstream unavailable',
    detail: 'Auth0 cannot be reached right now.',
  },
  [ErrorCode.UpstreamTimeout]: {
    status: 504,
    title: 'Upstream timeout',
    detail: 'Auth0 did not answer in time.',
  },
  [ErrorCode.InternalError]: {
    status: 500,
    title: 'Internal error',
    detail: 'Something went wrong on our side.',
  },
} as const satisfies Record<ErrorCode, ErrorCodeInfo>;
