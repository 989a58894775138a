import { faultOn, faults, gatewayPerCase, firstFails, healthy, hitsOn } from '../support/faults';
import { startGateway } from '../support/gateway';
import { call, JsonResponse } from '../support/http';
import { closedPort, StubHandler } from '../support/stub-upstream';

/** Small, so a hang is answered quickly; the slow faults wait well past it. */
const TIMEOUT_MS = 500;
const LATE_MS = TIMEOUT_MS * 4;

/** Breaker far out of the way: these cases are about one call each, not about Auth0's health. */
const FAULT_ENV = {
  AUTH0_TIMEOUT_MS: String(TIMEOUT_MS),
  AUTH0_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
  AUTH0_BREAKER_VOLUME_THRESHOLD: '1000',
};

const MFA_TOKEN = 'Fe26.2*stub*mfa-token';

interface FaultCase {
  name: string;
  fault: StubHandler;
  status: number;
  code: string;
  retryAfter?: string;
}

const FAULTS: FaultCase[] = [
  { name: 'hangs', fault: faults.hang(), status: 504, code: 'upstream_timeout' },
  {
    name: 'sends its headers too late',
    fault: faults.slowHeaders(LATE_MS, healthy.challenge),
    status: 504,
    code: 'upstream_timeout',
  },
  {
    name: 'stalls in the middle of the body',
    fault: faults.stalledBody(),
    status: 504,
    code: 'upstream_timeout',
  },
  {
    name: 'resets the connection',
    fault: faults.reset(),
    status: 503,
    code: 'upstream_unavailable',
  },
  {
    name: 'answers 500',
    fault: faults.json(500, { error: 'server_error' }),
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'answers 503 with an HTML page',
    fault: faults.status(503, '<html>Service Unavailable</html>', { 'content-type': 'text/html' }),
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'answers 429 with Retry-After',
    fault: faults.json(429, { error: 'too_many_requests' }, { 'retry-after': '17' }),
    status: 429,
    code: 'rate_limited',
    retryAfter: '17',
  },
  {
    name: 'answers 200 with garbage',
    fault: faults.status(200, '{"challenge_type":"oob","oob_c', {
      'content-type': 'application/json',
    }),
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'answers 200 with an HTML page',
    fault: faults.status(200, '<!doctype html><title>Login</title>', {
      'content-type': 'text/html',
    }),
    status: 502,
    code: 'upstream_error',
  },
  {
    name: 'redirects',
    fault: faults.status(302, '', { location: 'https://elsewhere.example.com/' }),
    status: 502,
    code: 'upstream_error',
  },
];

/** The gateway calls whose Auth0 request may send a code or burn one: never repeated. */
const WRITES: { name: string; path: string; send: (url: string) => Promise<JsonResponse> }[] = [
  {
    name: 'POST /v1/challenges',
    path: '/mfa/challenge',
    send: (url) =>
      call(url, 'POST', '/v1/challenges', {
        token: MFA_TOKEN,
        body: { authenticator_id: 'sms|dev_NU1Ofuw3Cw0XCt5x' },
      }),
  },
  {
    name: 'POST /v1/token/oob',
    path: '/oauth/token',
    send: (url) =>
      call(url, 'POST', '/v1/token/oob', {
        token: MFA_TOKEN,
        body: { oob_code: 'Fe26.2*stub-oob-code', binding_code: '123456' },
      }),
  },
];

function expectProblem(response: JsonResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
}

describe('upstream faults: every misbehaviour of Auth0 has its status and code', () => {
  const { upstream, gateway } = gatewayPerCase(FAULT_ENV);

  describe.each(WRITES)('$name', ({ path, send }) => {
    it.each(FAULTS)(
      'when Auth0 $name: $status $code, and Auth0 saw the request exactly once',
      async ({ fault, status, code, retryAfter }) => {
        upstream.handler = faultOn(path, fault);
        const response = await send(gateway().url);
        expectProblem(response, status, code);
        if (retryAfter) expect(response.headers.get('retry-after')).toBe(retryAfter);
        expect(hitsOn(upstream, path)).toBe(1);
        expect(upstream.hits).toHaveLength(1);
      },
    );

    it('when nothing listens: 503 upstream_unavailable', async () => {
      const closedUrl = `http://127.0.0.1:${await closedPort()}`;
      const lonely = await startGateway({ upstream: closedUrl, env: FAULT_ENV });
      try {
        expectProblem(await send(lonely.url), 503, 'upstream_unavailable');
      } finally {
        await lonely.close();
      }
    });
  });

  describe('GET /v1/authenticators (a read, so it may be retried)', () => {
    const list = (url: string): Promise<JsonResponse> =>
      call(url, 'GET', '/v1/authenticators', { token: MFA_TOKEN });

    it.each([
      ['answers 500', faults.json(500, { error: 'server_error' })],
      ['resets the connection', faults.reset()],
    ])('when Auth0 %s once, the second attempt answers', async (_name, fault) => {
      upstream.handler = faultOn(
        '/mfa/authenticators',
        firstFails(1, fault, healthy.authenticators),
      );
      const response = await list(gateway().url);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([expect.objectContaining({ id: 'email|dev_stub' })]);
      expect(hitsOn(upstream, '/mfa/authenticators')).toBe(2);
    });

    it('when Auth0 keeps answering 500: 502 upstream_error after at most 3 attempts', async () => {
      upstream.handler = faultOn('/mfa/authenticators', faults.json(500, {}));
      expectProblem(await list(gateway().url), 502, 'upstream_error');
      const attempts = hitsOn(upstream, '/mfa/authenticators');
      expect(attempts).toBeGreaterThanOrEqual(1);
      expect(attempts).toBeLessThanOrEqual(3);
    });

    it('when Auth0 hangs: 504 upstream_timeout, the whole budget spent on one attempt', async () => {
      upstream.handler = faultOn('/mfa/authenticators', faults.hang());
      expectProblem(await list(gateway().url), 504, 'upstream_timeout');
      expect(hitsOn(upstream, '/mfa/authenticators')).toBe(1);
    });

    it('a 4xx is final: never retried', async () => {
      upstream.handler = faultOn(
        '/mfa/authenticators',
        faults.json(401, { error: 'invalid_grant', error_description: 'Malformed mfa_token' }),
      );
      expectProblem(await list(gateway().url), 401, 'invalid_token');
      expect(hitsOn(upstream, '/mfa/authenticators')).toBe(1);
    });
  });
});
