import { Logger } from '@nestjs/common';
import { AxiosError, AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { inspect } from 'node:util';
import type { TestingModule } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { GatewayError } from '../common/errors/gateway-error';
import { Auth0Client } from './auth0.client';
import { DEFAULT_RETRY_AFTER_SECONDS, retryAfterSeconds, transportFailure } from './auth0.errors';
import { CLIENT_SECRET, createAuth0Testing } from '../../test/support/auth0-testing';
import { StubUpstream, reply } from '../../test/support/stub-upstream';

const MFA_TOKEN = 'Fe26.2*CANARY-mfa-token';
const BEARER = 'CANARY-bearer-token';

type Call = (client: Auth0Client) => Promise<unknown>;

const calls = {
  password: (c) => c.passwordGrant({ username: 'u@example.com', password: 'CANARY-password' }),
  oob: (c) => c.oobGrant(MFA_TOKEN, { oob_code: 'Fe26.2*oob', binding_code: '987654' }),
  otp: (c) => c.otpGrant(MFA_TOKEN, { otp: '123456' }),
  recovery: (c) => c.recoveryCodeGrant(MFA_TOKEN, { recovery_code: 'N3BGPZZWJ85JLCNPZBDW6QXC' }),
  refresh: (c) => c.refreshGrant({ refresh_token: 'rt' }),
  associate: (c) =>
    c.associate(BEARER, {
      authenticator_types: ['oob'],
      oob_channels: ['sms'],
      phone_number: '+15555550100',
    }),
  challenge: (c) =>
    c.challenge(MFA_TOKEN, { authenticator_id: 'sms|dev_X', challenge_type: 'oob' }),
  list: (c) => c.listAuthenticators(BEARER),
  delete: (c) => c.deleteAuthenticator(BEARER, 'sms|dev_X'),
} satisfies Record<string, Call>;

interface Case {
  call: keyof typeof calls;
  status: number;
  error: string;
  description: string;
  expected: [status: number, code: string];
  headers?: Record<string, string>;
}

/** Every error row of docs/auth0-wire.md, answered by a real server, and the status + code of docs/api.md. */
// prettier-ignore
const WIRE_ERRORS: Case[] = [
  // POST /oauth/token
  { call: 'oob', status: 403, error: 'invalid_grant', description: 'Invalid binding_code.', expected: [400, 'invalid_binding_code'] },
  { call: 'oob', status: 403, error: 'invalid_grant', description: 'Malformed oob_code', expected: [400, 'invalid_oob_code'] },
  { call: 'oob', status: 400, error: 'invalid_request', description: 'binding_code is required', expected: [400, 'invalid_request'] },
  { call: 'otp', status: 403, error: 'invalid_grant', description: 'Invalid otp_code.', expected: [400, 'invalid_otp'] },
  { call: 'recovery', status: 403, error: 'invalid_grant', description: 'MFA Authorization rejected.', expected: [400, 'invalid_recovery_code'] },
  { call: 'recovery', status: 403, error: 'unsupported_challenge_type', description: 'User does not have a recovery-code.', expected: [400, 'unsupported_challenge_type'] },
  { call: 'otp', status: 403, error: 'invalid_grant', description: 'Malformed mfa_token', expected: [401, 'invalid_token'] },
  { call: 'oob', status: 403, error: 'expired_token', description: 'oob_code is expired', expected: [400, 'oob_code_expired'] },
  { call: 'otp', status: 403, error: 'expired_token', description: 'mfa_token is expired', expected: [401, 'mfa_token_expired'] },
  { call: 'otp', status: 403, error: 'invalid_request', description: 'mfa_token not issued to this client', expected: [401, 'invalid_token'] },
  { call: 'otp', status: 429, error: 'invalid_request', description: 'Too many failed codes. Wait for some minutes before retrying.', expected: [429, 'too_many_attempts'], headers: { 'retry-after': '300' } },
  { call: 'oob', status: 400, error: 'authorization_pending', description: 'Authorization pending: please repeat the request in a few seconds.', expected: [400, 'authorization_pending'] },
  { call: 'oob', status: 400, error: 'access_denied', description: 'MFA Authorization rejected.', expected: [400, 'access_denied'] },
  { call: 'oob', status: 400, error: 'slow_down', description: 'You are polling faster than allowed. Try again in 5 seconds.', expected: [400, 'slow_down'] },
  { call: 'password', status: 403, error: 'invalid_grant', description: 'Wrong email or password.', expected: [403, 'invalid_credentials'] },
  { call: 'refresh', status: 403, error: 'invalid_grant', description: 'Unknown or invalid refresh token.', expected: [401, 'invalid_token'] },
  { call: 'password', status: 401, error: 'access_denied', description: 'Unauthorized', expected: [502, 'upstream_misconfigured'] },
  { call: 'oob', status: 401, error: 'access_denied', description: 'Unauthorized', expected: [502, 'upstream_misconfigured'] },
  { call: 'otp', status: 401, error: 'invalid_client', description: 'Unauthorized', expected: [502, 'upstream_misconfigured'] },
  { call: 'otp', status: 403, error: 'unauthorized_client', description: "Grant type 'http://auth0.com/oauth/grant-type/mfa-otp' not allowed for the client.", expected: [502, 'upstream_misconfigured'] },
  { call: 'password', status: 403, error: 'access_denied', description: 'Your account is pending approval.', expected: [403, 'access_denied'] },
  { call: 'password', status: 403, error: 'invalid_grant', description: 'user is blocked', expected: [403, 'invalid_grant'] },
  // POST /mfa/associate
  { call: 'associate', status: 403, error: 'access_denied', description: 'User is already enrolled.', expected: [409, 'already_enrolled'] },
  { call: 'associate', status: 400, error: 'invalid_request', description: 'The phone number is invalid.', expected: [400, 'validation_failed'] },
  { call: 'associate', status: 400, error: 'invalid_request', description: 'Missing required property: oob_channels', expected: [400, 'invalid_request'] },
  { call: 'associate', status: 400, error: 'invalid_request', description: 'Maximum number of authenticators reached.', expected: [409, 'too_many_authenticators'] },
  { call: 'associate', status: 401, error: 'invalid_grant', description: 'The mfa_token provided is invalid. Try getting a new token.', expected: [401, 'invalid_token'] },
  { call: 'associate', status: 401, error: 'expired_token', description: 'mfa_token is expired', expected: [401, 'mfa_token_expired'] },
  // POST /mfa/challenge
  { call: 'challenge', status: 401, error: 'unsupported_challenge_type', description: 'User does not have any enrolled authenticator with the supported challenge type (oob)', expected: [400, 'unsupported_challenge_type'] },
  { call: 'challenge', status: 401, error: 'unsupported_challenge_type', description: 'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.', expected: [400, 'unsupported_challenge_type'] },
  { call: 'challenge', status: 404, error: 'invalid_request', description: 'Authenticator not found.', expected: [404, 'authenticator_not_found'] },
  { call: 'challenge', status: 429, error: 'invalid_request', description: 'Too many SMS sent by the user. Wait for some minutes before retrying.', expected: [429, 'send_quota_exceeded'], headers: { 'retry-after': '1800' } },
  { call: 'associate', status: 429, error: 'invalid_request', description: 'Too many SMS sent by the user. Wait for some minutes before retrying.', expected: [429, 'send_quota_exceeded'], headers: { 'retry-after': '1800' } },
  { call: 'challenge', status: 429, error: 'invalid_request', description: 'Too many emails sent by the user. Wait for some minutes before retrying.', expected: [429, 'send_quota_exceeded'], headers: { 'retry-after': '45' } },
  { call: 'challenge', status: 401, error: 'access_denied', description: 'Client authentication is required', expected: [502, 'upstream_misconfigured'] },
  { call: 'challenge', status: 401, error: 'access_denied', description: 'Unauthorized', expected: [502, 'upstream_misconfigured'] },
  { call: 'challenge', status: 403, error: 'invalid_grant', description: 'Malformed mfa_token', expected: [401, 'invalid_token'] },
  { call: 'challenge', status: 403, error: 'expired_token', description: 'mfa_token is expired', expected: [401, 'mfa_token_expired'] },
  { call: 'challenge', status: 401, error: 'access_denied', description: 'Client authentication is required', expected: [502, 'upstream_misconfigured'] },
  // GET / DELETE /mfa/authenticators
  { call: 'delete', status: 404, error: 'invalid_request', description: 'Authenticator not found.', expected: [404, 'authenticator_not_found'] },
  { call: 'delete', status: 403, error: 'insufficient_scope', description: 'Insufficient scope, expected any of: remove:authenticators', expected: [403, 'insufficient_scope'] },
  { call: 'list', status: 401, error: 'invalid_grant', description: 'The mfa_token provided is invalid. Try getting a new token.', expected: [401, 'invalid_token'] },
  { call: 'list', status: 403, error: 'insufficient_scope', description: 'Insufficient scope, expected any of: read:authenticators', expected: [403, 'insufficient_scope'] },
  { call: 'list', status: 429, error: 'too_many_requests', description: 'Rate limit exceeded.', expected: [429, 'rate_limited'], headers: { 'retry-after': '2', 'x-ratelimit-limit': '25' } },
];

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected the call to fail');
}

const FAILED = 'Too many failed codes. Wait for some minutes before retrying.';
const SMS = 'Too many SMS sent by the user. Wait for some minutes before retrying.';
const EMAILS = 'Too many emails sent by the user. Wait for some minutes before retrying.';
/** Auth0's own buckets, whatever status and `error` they come with: call, status, error, text, code, wait. */
// prettier-ignore
const AUTH0_BUCKETS: [keyof typeof calls, number, string, string, string, number][] = [
  ['otp', 400, 'invalid_request', FAILED, 'too_many_attempts', 360],
  ['oob', 403, 'invalid_grant', FAILED, 'too_many_attempts', 360],
  ['recovery', 429, 'too_many_attempts', FAILED, 'too_many_attempts', 360],
  ['challenge', 400, 'invalid_request', SMS, 'send_quota_exceeded', 3600],
  ['associate', 403, 'access_denied', SMS, 'send_quota_exceeded', 3600],
  ['challenge', 429, 'invalid_request', EMAILS, 'send_quota_exceeded', 60],
];

describe('Auth0 errors → gateway errors (the table)', () => {
  const server = new StubUpstream();
  let moduleRef: TestingModule;
  let client: Auth0Client;
  const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

  beforeAll(async () => {
    ({ moduleRef, client } = await createAuth0Testing(await server.start()));
  });
  afterEach(() => {
    server.reset();
    logged.mockClear();
  });
  afterAll(async () => {
    await moduleRef.close();
    await server.stop();
    logged.mockRestore();
  });

  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    server.handler = (_req, res) => reply(res, status, body, headers);
  };

  it.each(WIRE_ERRORS)(
    '$call: $status $error "$description" → $expected',
    async ({ call, status, error, description, expected, headers }) => {
      answer(status, { error, error_description: description }, headers);

      const err = await failure(calls[call](client));

      expect([err.status, err.code]).toEqual(expected);
      // Auth0's sentence is never repeated: it can echo what the caller sent.
      expect(err.detail).not.toContain(description);
      if (status === 429) expect(err.retryAfter).toBe(Number(headers?.['retry-after']));
    },
  );

  it('passes mfa_token and mfa_requirements on with mfa_required, and nothing else of the body', async () => {
    const requirements = { challenge: [{ type: 'otp' }, { type: 'phone' }] };
    answer(403, {
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_token: 'Fe26.2*issued',
      mfa_requirements: requirements,
      extra: 'not passed on',
    });

    const err = await failure(calls.password(client));

    expect([err.status, err.code]).toEqual([403, 'mfa_required']);
    expect(err.extensions).toEqual({ mfa_token: 'Fe26.2*issued', mfa_requirements: requirements });
  });

  it('passes mfa_required on without mfa_requirements when Auth0 sends none', async () => {
    answer(403, { error: 'mfa_required', mfa_token: 'Fe26.2*issued' });

    const err = await failure(calls.password(client));

    expect(err.extensions).toEqual({ mfa_token: 'Fe26.2*issued' });
  });

  it('turns invalid phone numbers into a field error', async () => {
    answer(400, { error: 'invalid_request', error_description: 'The phone number is invalid.' });

    const err = await failure(calls.associate(client));

    expect(err.errors).toEqual([{ field: 'phone_number', message: expect.any(String) }]);
  });

  it('still maps a reworded description that keeps its beginning, whatever the case', async () => {
    answer(403, { error: 'invalid_grant', error_description: 'INVALID OTP_CODE provided.' });

    const err = await failure(calls.otp(client));

    expect(err.code).toBe('invalid_otp');
  });

  it('maps "MFA Authorization rejected." to invalid_recovery_code only on the recovery grant', async () => {
    answer(403, { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' });

    expect((await failure(calls.recovery(client))).code).toBe('invalid_recovery_code');
    expect((await failure(calls.otp(client))).code).toBe('invalid_grant');
  });

  const unknownErrors: Array<[keyof typeof calls, number, string]> = [
    ['otp', 403, 'brand_new_error'],
    ['associate', 422, 'something_else'],
    ['challenge', 409, 'conflict'],
    ['delete', 400, 'invalid_request'],
  ];

  it.each(unknownErrors)(
    'passes an unknown %s %i %s through with its status and error',
    async (call, status, error) => {
      answer(status, { error, error_description: 'echo of CANARY-input-value' });

      const err = await failure(calls[call](client));

      expect([err.status, err.code]).toEqual([status, error]);
      expect(err.detail).not.toContain('CANARY');
      expect(err.title).not.toContain('CANARY');
    },
  );

  it('gives every 429 a Retry-After, defaulting when Auth0 sends none or nonsense', async () => {
    answer(429, { error: 'too_many_requests', error_description: 'Rate limit exceeded.' });
    expect((await failure(calls.list(client))).retryAfter).toBe(DEFAULT_RETRY_AFTER_SECONDS);

    answer(429, { error: 'too_many_attempts' }, { 'retry-after': 'soon' });
    expect((await failure(calls.otp(client))).retryAfter).toBe(DEFAULT_RETRY_AFTER_SECONDS);

    answer(429, '<html>slow down</html>', { 'retry-after': '7' });
    const unreadable = await failure(calls.challenge(client));
    expect([unreadable.status, unreadable.code, unreadable.retryAfter]).toEqual([
      429,
      'rate_limited',
      7,
    ]);
  });

  // The status and `error` of Auth0's own buckets were never captured: the wording decides, whatever
  // they are, and without a Retry-After the bucket's refill time is the honest wait.
  it.each(AUTH0_BUCKETS)(
    '%s: %s %s "%s" → 429 %s, Retry-After %s without a header',
    async (call, status, error, description, code, retryAfter) => {
      answer(status, { error, error_description: description });
      const err = await failure(calls[call](client));
      expect([err.status, err.code, err.retryAfter]).toEqual([429, code, retryAfter]);
    },
  );

  it('logs one error line naming the variables, with nothing secret, for a wrong client secret', async () => {
    answer(401, { error: 'access_denied', error_description: 'Unauthorized' });

    await failure(calls.oob(client));

    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.stringify(logged.mock.calls);
    expect(line).toContain('endpoint=token');
    expect(line).toContain('status=401');
    expect(line).toContain('error=access_denied');
    expect(line).toContain('AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET');
    for (const secret of [CLIENT_SECRET, MFA_TOKEN, '987654']) expect(line).not.toContain(secret);
  });

  it('logs one error line naming the grant types for a grant the application may not use', async () => {
    answer(403, {
      error: 'unauthorized_client',
      error_description:
        "Grant type 'http://auth0.com/oauth/grant-type/mfa-oob' not allowed for the client.",
    });

    await failure(calls.oob(client));

    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.stringify(logged.mock.calls);
    expect(line).toContain('grant=mfa-oob');
    expect(line).toContain('Grant Types');
  });

  it('logs status and content type, never the body, of an answer that is not Auth0 JSON', async () => {
    answer(403, '<html>CANARY-proxy-page</html>', { 'content-type': 'text/html; charset=utf-8' });

    const err = await failure(calls.otp(client));

    expect([err.status, err.code]).toEqual([502, 'upstream_error']);
    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.stringify(logged.mock.calls);
    expect(line).toContain('status=403');
    expect(line).toContain('content-type=text/html; charset=utf-8');
    expect(line).not.toContain('CANARY');
  });

  it('logs nothing for errors that are the caller’s', async () => {
    answer(403, { error: 'invalid_grant', error_description: 'Invalid otp_code.' });

    await failure(calls.otp(client));

    expect(logged).not.toHaveBeenCalled();
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP dates, never below one second', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('0', now)).toBe(1);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(1);
  });

  it('is undefined when absent or unreadable, so that each limit picks its own default', () => {
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds('-5', now)).toBeUndefined();
    expect(retryAfterSeconds('later', now)).toBeUndefined();
  });
});

describe("transportFailure (the adapter's edge)", () => {
  it('drops an axios error that carries the request config, keeping only its code', () => {
    // What axios's own adapters throw: the config holds the Authorization header and the form body.
    const config = {
      headers: new AxiosHeaders({ Authorization: `Bearer ${BEARER}` }),
      data: `client_secret=${CLIENT_SECRET}&mfa_token=${MFA_TOKEN}&binding_code=987654`,
    } as InternalAxiosRequestConfig;
    const axiosError = new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED', config, {});

    const err = transportFailure({ endpoint: 'token', grant: 'mfa-oob' }, axiosError);

    expect([err.status, err.code]).toEqual([503, 'upstream_unavailable']);
    expect(err.cause).toEqual({
      endpoint: 'token',
      grant: 'mfa-oob',
      kind: 'transport',
      code: 'ECONNREFUSED',
      requestSent: false,
    });
    for (const text of [JSON.stringify(err), inspect(err, { depth: null, showHidden: true })]) {
      for (const secret of [CLIENT_SECRET, MFA_TOKEN, BEARER, '987654']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('treats anything that is not an axios error as a bug on this side', () => {
    const err = transportFailure({ endpoint: 'associate' }, new TypeError(CLIENT_SECRET));

    expect([err.status, err.code]).toEqual([500, 'internal_error']);
    expect(inspect(err, { depth: null })).not.toContain(CLIENT_SECRET);
  });
});
