import { AxiosError } from 'axios';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError, GatewayErrorOptions } from '../common/errors/gateway-error';
import { UpstreamFailure } from '../common/errors/upstream-failure';
import { Auth0Answer, header, isRecord, readJson } from './auth0-answer';
import type { Auth0Call, Auth0Endpoint, Auth0ErrorBody, TokenGrant } from './auth0.types';
import { PROXY_AUTH_REQUIRED, PROXY_CLOSED, PROXY_REFUSED } from './egress-dispatcher';
import { PHASE_TIMEOUTS, WHOLE_CALL_TIMEOUT } from './undici-axios.adapter';

/** The failure facts of an Auth0 call: which endpoint and grant, besides what every upstream failure says. */
export interface Auth0FailureCause extends UpstreamFailure {
  endpoint: Auth0Endpoint;
  grant?: TokenGrant;
  kind: 'client' | 'server' | 'transport';
}

/** When Auth0's 429 has no usable `Retry-After`. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/**
 * What Auth0's own buckets refill at, for when it sends no `Retry-After`: the failed-code bucket gives one
 * attempt back every 6 minutes; past its first ten messages a user gets one SMS or voice call an hour and
 * one e-mail a minute (docs/auth0-wire.md, "The limits Auth0 applies").
 */
export const AUTH0_REFILL_SECONDS = { failedCode: 6 * 60, phoneSend: 60 * 60, emailSend: 60 };

interface ErrorFacts {
  call: Auth0Call;
  status: number;
  body: Auth0ErrorBody;
  cause: Auth0FailureCause;
  /** Auth0's `Retry-After`, when it sent a readable one. */
  retryAfter?: number;
}

interface ErrorRow {
  /** Absent: any endpoint. */
  endpoints?: readonly Auth0Endpoint[];
  /** Absent: any grant (or no grant). */
  grants?: readonly TokenGrant[];
  statuses?: readonly number[];
  /** Auth0's `error`; absent: any. */
  error?: string;
  /**
   * Prefixes of `error_description`, compared case-insensitively without the final full stop, so that a
   * small change of wording at Auth0 ("Invalid otp_code" → "Invalid otp_code provided") still matches
   * and a bigger one falls through to the pass-through, never to a 500.
   */
  descriptions?: readonly string[];
  to: (facts: ErrorFacts) => GatewayError;
}

const BEARER_ENDPOINTS = ['associate', 'list_authenticators', 'delete_authenticator'] as const;
/** The endpoints where the gateway authenticates as the application (client id and secret). */
const CLIENT_AUTHENTICATED = ['token', 'challenge'] as const;

const plain =
  (code: ErrorCode) =>
  ({ cause }: ErrorFacts): GatewayError =>
    new GatewayError(code, { cause });

const misconfigured = plain(ErrorCode.UpstreamMisconfigured);

/** A 429 of Auth0's own buckets: its `Retry-After` when it sent one, else the bucket's refill time. */
const limited =
  (code: ErrorCode, refillSeconds: number) =>
  ({ cause, retryAfter }: ErrorFacts): GatewayError =>
    new GatewayError(code, { cause, retryAfter: retryAfter ?? refillSeconds });

/** First match wins; more specific rows come first. */
const ERROR_TABLE: readonly ErrorRow[] = [
  // Auth0's per-user buckets, recognised by their wording wherever they appear: the real service's status
  // and `error` for them were never captured (the emulator's are chosen), so neither is relied on.
  {
    descriptions: ['too many failed codes'],
    to: limited(ErrorCode.TooManyAttempts, AUTH0_REFILL_SECONDS.failedCode),
  },
  {
    descriptions: ['too many sms sent by the user'],
    to: limited(ErrorCode.SendQuotaExceeded, AUTH0_REFILL_SECONDS.phoneSend),
  },
  {
    descriptions: ['too many emails sent by the user'],
    to: limited(ErrorCode.SendQuotaExceeded, AUTH0_REFILL_SECONDS.emailSend),
  },
  {
    error: 'too_many_attempts',
    to: limited(ErrorCode.TooManyAttempts, DEFAULT_RETRY_AFTER_SECONDS),
  },

  // Auth0 rejects the gateway itself: an operator's problem, never the caller's 401/403. A wrong or
  // missing client secret is `401 access_denied` / `Unauthorized` on the client-authenticated endpoints
  // (captured from live tenants); refusals about the user are 403s and stay the caller's.
  { endpoints: CLIENT_AUTHENTICATED, statuses: [401], error: 'access_denied', to: misconfigured },
  { error: 'invalid_client', to: misconfigured },
  { error: 'unauthorized_client', to: misconfigured },

  // The mfa_token itself, wherever it travels.
  { descriptions: ['malformed mfa_token'], to: plain(ErrorCode.InvalidToken) },
  { descriptions: ['mfa_token not issued to this client'], to: plain(ErrorCode.InvalidToken) },
  {
    error: 'expired_token',
    descriptions: ['mfa_token is expired'],
    to: plain(ErrorCode.MfaTokenExpired),
  },

  // /oauth/token
  {
    endpoints: ['token'],
    error: 'mfa_required',
    to: ({ body, cause }) =>
      typeof body.mfa_token === 'string'
        ? new GatewayError(ErrorCode.MfaRequired, {
            cause,
            // The one secret an error body carries on purpose: the caller needs it to continue.
            extensions: {
              mfa_token: body.mfa_token,
              ...(isRecord(body.mfa_requirements)
                ? { mfa_requirements: body.mfa_requirements }
                : {}),
            },
          })
        : new GatewayError(ErrorCode.UpstreamError, { cause: asServerFault(cause) }),
  },
  {
    endpoints: ['token'],
    error: 'invalid_grant',
    descriptions: ['invalid binding_code'],
    to: plain(ErrorCode.InvalidBindingCode),
  },
  {
    endpoints: ['token'],
    error: 'invalid_grant',
    descriptions: ['malformed oob_code', 'invalid oob_code'],
    to: plain(ErrorCode.InvalidOobCode),
  },
  {
    endpoints: ['token'],
    error: 'expired_token',
    descriptions: ['oob_code is expired'],
    to: plain(ErrorCode.OobCodeExpired),
  },
  {
    endpoints: ['token'],
    error: 'invalid_grant',
    descriptions: ['invalid otp_code', 'invalid otp'],
    to: plain(ErrorCode.InvalidOtp),
  },
  {
    endpoints: ['token'],
    grants: ['mfa-recovery-code'],
    error: 'invalid_grant',
    descriptions: ['mfa authorization rejected', 'invalid recovery_code'],
    to: plain(ErrorCode.InvalidRecoveryCode),
  },
  {
    endpoints: ['token'],
    error: 'invalid_grant',
    descriptions: ['wrong email or password', 'wrong username or password'],
    to: plain(ErrorCode.InvalidCredentials),
  },
  {
    endpoints: ['token'],
    error: 'invalid_grant',
    descriptions: ['unknown or invalid refresh token'],
    to: plain(ErrorCode.InvalidToken),
  },
  {
    endpoints: ['token'],
    error: 'authorization_pending',
    to: plain(ErrorCode.AuthorizationPending),
  },
  { endpoints: ['token'], error: 'slow_down', to: plain(ErrorCode.SlowDown) },
  {
    endpoints: ['token', 'challenge'],
    error: 'unsupported_challenge_type',
    to: plain(ErrorCode.UnsupportedChallengeType),
  },

  // /mfa/challenge
  {
    endpoints: ['challenge'],
    statuses: [404],
    error: 'invalid_request',
    descriptions: ['authenticator not found'],
    to: plain(ErrorCode.AuthenticatorNotFound),
  },

  // /mfa/associate, /mfa/authenticators
  {
    endpoints: ['associate'],
    error: 'access_denied',
    descriptions: ['user is already enrolled'],
    to: plain(ErrorCode.AlreadyEnrolled),
  },
  {
    endpoints: ['associate'],
    error: 'invalid_request',
    descriptions: ['maximum number of authenticators reached'],
    to: plain(ErrorCode.TooManyAuthenticators),
  },
  {
    endpoints: ['associate'],
    error: 'invalid_request',
    descriptions: ['the phone number is invalid'],
    to: ({ cause }) =>
      new GatewayError(ErrorCode.ValidationFailed, {
        cause,
        errors: [{ field: 'phone_number', message: 'Auth0 does not accept this phone number.' }],
      }),
  },
  {
    endpoints: BEARER_ENDPOINTS,
    statuses: [401],
    error: 'invalid_grant',
    to: plain(ErrorCode.InvalidToken),
  },
  {
    endpoints: BEARER_ENDPOINTS,
    statuses: [401],
    error: 'expired_token',
    to: plain(ErrorCode.MfaTokenExpired),
  },
  {
    endpoints: BEARER_ENDPOINTS,
    error: 'insufficient_scope',
    to: plain(ErrorCode.InsufficientScope),
  },
  {
    endpoints: ['list_authenticators', 'delete_authenticator'],
    statuses: [404],
    to: plain(ErrorCode.AuthenticatorNotFound),
  },
];

/** Auth0's `error` values are snake_case words; anything else is not passed on as a `code`. */
const SAFE_ERROR_VALUE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Turns a non-2xx answer from Auth0 into the gateway's error. Every 4xx with a readable Auth0 error body
 * becomes either a row of the table or a pass-through; everything else is a 502.
 */
export function auth0Failure(call: Auth0Call, answer: Auth0Answer): GatewayError {
  const { status } = answer;
  const parsed = readJson(answer);
  const error = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : undefined;
  const cause = failureCause(call, status, error);
  const retryAfter = retryAfterSeconds(header(answer, 'retry-after'));

  if (status >= 400 && status < 500 && isRecord(parsed) && error !== undefined) {
    const body: Auth0ErrorBody = Object.assign({}, parsed, {
      error,
      error_description:
        typeof parsed.error_description === 'string' ? parsed.error_description : undefined,
    });
    const facts: ErrorFacts = { call, status, body, cause, retryAfter };
    const row = ERROR_TABLE.find((candidate) => matches(candidate, facts));
    if (row) return row.to(facts);
    if (status !== 429) return passThrough(facts);
  }
  // Auth0's tenant-wide limit, or a 429 from anything in front of it: a rate limit either way.
  if (status === 429) {
    return new GatewayError(ErrorCode.RateLimited, {
      cause,
      retryAfter: retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS,
    });
  }
  return new GatewayError(ErrorCode.UpstreamError, {
    cause: asServerFault(cause, { code: cause.code ?? 'unreadable' }),
  });
}

function matches(row: ErrorRow, { call, status, body }: ErrorFacts): boolean {
  if (row.endpoints && !row.endpoints.includes(call.endpoint)) return false;
  if (row.grants && !(call.grant && row.grants.includes(call.grant))) return false;
  if (row.statuses && !row.statuses.includes(status)) return false;
  if (row.error !== undefined && row.error !== body.error) return false;
  if (row.descriptions) {
    const description = normalize(body.error_description);
    return row.descriptions.some((prefix) => description.startsWith(prefix));
  }
  return true;
}

function normalize(description: string | undefined): string {
  return (description ?? '').trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
}

/**
 * Auth0's own status and `error`, with a sentence of ours: Auth0's description can echo the caller's
 * input (a field name, a value), so it is never repeated.
 */
function passThrough({ status, body, cause }: ErrorFacts): GatewayError {
  if (!SAFE_ERROR_VALUE.test(body.error)) {
    return new GatewayError(ErrorCode.UpstreamError, { cause: asServerFault(cause) });
  }
  const options: GatewayErrorOptions = {
    cause,
    status,
    passThroughCode: body.error,
    title: 'Rejected by Auth0',
    detail: `Auth0 rejected the request (${body.error}).`,
  };
  return new GatewayError(ErrorCode.UpstreamError, options);
}

function failureCause(call: Auth0Call, status: number, error?: string): Auth0FailureCause {
  return {
    endpoint: call.endpoint,
    ...(call.grant ? { grant: call.grant } : {}),
    kind: status >= 400 && status < 500 ? 'client' : 'server',
    status,
    ...(error !== undefined && SAFE_ERROR_VALUE.test(error) ? { code: error } : {}),
    requestSent: true,
  };
}

/** The same facts with the fault on Auth0's side (the breaker counts it). */
function asServerFault(
  cause: Auth0FailureCause,
  more: Partial<Auth0FailureCause> = {},
): Auth0FailureCause {
  return Object.assign({}, cause, { kind: 'server' as const }, more);
}

/** A 2xx that is not what the endpoint answers (HTML from a proxy, truncated JSON, a wrong shape). */
export function unreadableAnswer(call: Auth0Call, answer: Auth0Answer): GatewayError {
  const cause = asServerFault(failureCause(call, answer.status), { code: 'unreadable' });
  return new GatewayError(ErrorCode.UpstreamError, { cause });
}

/**
 * Delta-seconds or an HTTP date, as RFC 9110 §10.2.3 allows; at least one second. Undefined when absent
 * or unreadable, so that each caller picks the default that fits the limit.
 */
export function retryAfterSeconds(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = value?.trim();
  if (raw) {
    if (/^\d+$/.test(raw)) return clampRetryAfter(Number(raw));
    const at = /^[a-z]{3,9},? /i.test(raw) ? Date.parse(raw) : NaN;
    if (Number.isFinite(at)) return clampRetryAfter(Math.ceil((at - now) / 1000));
  }
  return undefined;
}

function clampRetryAfter(seconds: number): number {
  return Math.min(Math.max(seconds, 1), MAX_RETRY_AFTER_SECONDS);
}

/** Failures before any Auth0 answer: nothing can have reached Auth0 when these happen. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  // The egress proxy refused to carry the call: it never left for Auth0.
  PROXY_CLOSED,
  PROXY_AUTH_REQUIRED,
  PROXY_REFUSED,
  AxiosError.ERR_BAD_REQUEST,
]);

/**
 * Converts whatever the HTTP stack threw into a GatewayError. This is the adapter's edge: the axios
 * error (request config, Authorization header, form body with the client secret) stops here; only its
 * code travels on.
 */
export function transportFailure(call: Auth0Call, err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = err instanceof AxiosError && err.code ? err.code : 'UNKNOWN';
  const cause: Auth0FailureCause = {
    endpoint: call.endpoint,
    ...(call.grant ? { grant: call.grant } : {}),
    kind: 'transport',
    code,
    ...(err instanceof AxiosError && err.status !== undefined ? { status: err.status } : {}),
    requestSent: !NOT_SENT_CODES.has(code),
  };
  if (code === PROXY_AUTH_REQUIRED) {
    // The gateway's own credentials refused on the way to Auth0, as a wrong client secret is by Auth0:
    // only an operator can fix it, and a caller who retried later would meet the same 407. It stays a
    // transport failure (Auth0 never answered): the breaker counts it as it counts any broken way out,
    // and no idempotency record keeps it past the operator's fix.
    return new GatewayError(ErrorCode.UpstreamMisconfigured, { cause });
  }
  if (code === WHOLE_CALL_TIMEOUT || code === 'ECONNABORTED' || PHASE_TIMEOUTS.has(code)) {
    return new GatewayError(ErrorCode.UpstreamTimeout, { cause });
  }
  if (code === AxiosError.ERR_BAD_RESPONSE) {
    // The answer was over the size cap: Auth0 answered, but nothing a gateway should read.
    return new GatewayError(ErrorCode.UpstreamError, { cause: asServerFault(cause) });
  }
  if (code === AxiosError.ERR_BAD_REQUEST || code === 'UNKNOWN') {
    // Our request could not be built or something unexpected was thrown: a bug on this side.
    return new GatewayError(ErrorCode.InternalError, { cause });
  }
  return new GatewayError(ErrorCode.UpstreamUnavailable, { cause });
}
