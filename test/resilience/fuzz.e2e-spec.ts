import fc from 'fast-check';
import { enrolledEmailUser, mfaTokenFor } from '../support/flows';
import {
  authorization,
  contentType,
  extraHeaders,
  malformedBody,
  objectBody,
  pathSegment,
} from '../support/fuzz-arbitraries';
import { startGateway, TestGateway } from '../support/gateway';
import { call, JsonResponse } from '../support/http';

/** Every limit off, so that validation and Auth0 (the emulator) answer, not the limiter. */
const NO_LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: '0',
  RATE_LIMIT_BEARER_PER_MINUTE: '0',
  RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '0',
  RATE_LIMIT_PASSWORD_USER_PER_MINUTE: '0',
  RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: '0',
  RATE_LIMIT_ENROLL_PREFIX_PER_HOUR: '0',
  RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR: '0',
  RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR: '0',
  CHALLENGE_COOLDOWN_SECONDS: '0',
};

const BODY_ENDPOINTS = [
  '/v1/token/password',
  '/v1/token/oob',
  '/v1/token/otp',
  '/v1/token/recovery-code',
  '/v1/token/refresh',
  '/v1/enrollments',
  '/v1/enrollments/confirm',
  '/v1/challenges',
] as const;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

describe('fuzz: hostile requests to every /v1 endpoint get a 4xx problem, never a 5xx', () => {
  jest.setTimeout(120_000);
  let gw: TestGateway;
  let token: string;
  const codes = new Map<string, number>();

  beforeAll(async () => {
    gw = await startGateway({ env: NO_LIMITS });
    const { user } = await enrolledEmailUser(gw.url, gw.emulator!.url);
    token = await mfaTokenFor(gw.url, user);
  });
  afterAll(() => gw.close());

  /** The whole contract for an answer to junk: no 5xx, and every refusal a clean problem body. */
  function expectWellFormed(response: JsonResponse, method: string): void {
    const { status } = response;
    if (status >= 500 || status < 200 || (status >= 300 && status < 400)) {
      throw new Error(`unexpected ${status}: ${response.text.slice(0, 300)}`);
    }
    expect(response.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|stack|Error:/);
    if (status < 400 || method === 'HEAD') return;
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const code = response.body?.code;
    expect(typeof code).toBe('string');
    expect(response.body.status).toBe(status);
    codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
  }

  function headersOf(
    type: string | undefined,
    auth: string | undefined,
    extra: Record<string, string>,
  ): Record<string, string> {
    return {
      ...extra,
      ...(type !== undefined ? { 'content-type': type } : {}),
      ...(auth !== undefined ? { authorization: auth } : {}),
    };
  }

  it('bodies: wrong types, huge and unicode strings, prototype keys, deep nesting, bad JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BODY_ENDPOINTS),
        fc.oneof({ weight: 4, arbitrary: objectBody }, { weight: 1, arbitrary: malformedBody }),
        contentType,
        authorization(token),
        extraHeaders,
        async (path, raw, type, auth, extra) => {
          const response = await call(gw.url, 'POST', path, {
            raw,
            headers: headersOf(type, auth, extra),
          });
          expectWellFormed(response, 'POST');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('paths and methods: unknown routes, encoded and oversized segments, odd verbs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.oneof(
          fc.constantFrom('/v1/authenticators', '/v1/enrollments', ...BODY_ENDPOINTS),
          fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((s) => `/v1/${s.join('/')}`),
          pathSegment.map((id) => `/v1/authenticators/${id}`),
        ),
        fc.option(pathSegment, { nil: undefined }),
        authorization(token),
        async (method, path, query, auth) => {
          const url = query === undefined ? path : `${path}?${query}=${query}`;
          const response = await call(gw.url, method, url, {
            headers: headersOf(undefined, auth, {}),
          });
          expectWellFormed(response, method);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('headers: the read and delete endpoints with fuzzed Authorization and extra headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET /v1/authenticators', 'DELETE /v1/authenticators/sms%7Cdev_x'),
        authorization(token),
        extraHeaders,
        async (route, auth, extra) => {
          const [method, path] = route.split(' ');
          const response = await call(gw.url, method, path, {
            headers: headersOf(undefined, auth, extra),
          });
          expectWellFormed(response, method);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves the process up, without an unhandled bug, having reached past the parser', async () => {
    // The process is still up and serving, and nothing was an unhandled bug.
    expect((await call(gw.url, 'GET', '/health/live')).status).toBe(200);
    expect(gw.logs.text()).not.toContain('Unhandled error');
    // The fuzz reached past the parser: validation, Auth0's own refusals and more all answered.
    expect(codes.get('validation_failed')).toBeGreaterThan(0);
    expect(codes.get('malformed_json')).toBeGreaterThan(0);
    expect(codes.size).toBeGreaterThanOrEqual(6);
  });
});
