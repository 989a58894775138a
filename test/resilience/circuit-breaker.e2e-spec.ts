import { faultOn, faults, gatewayPerCase, healthy, hitsOn } from '../support/faults';
import { call, JsonResponse } from '../support/http';

const VOLUME = 3;
const RESET_MS = 1000;

const BREAKER_ENV = {
  AUTH0_TIMEOUT_MS: '500',
  AUTH0_BREAKER_VOLUME_THRESHOLD: String(VOLUME),
  AUTH0_BREAKER_ERROR_PERCENT: '50',
  AUTH0_BREAKER_RESET_MS: String(RESET_MS),
  AUTH0_BREAKER_WINDOW_MS: '60000',
  // One authenticator is challenged again and again: the resend cooldown would answer first.
  CHALLENGE_COOLDOWN_SECONDS: '0',
};

const challenge = (url: string): Promise<JsonResponse> =>
  call(url, 'POST', '/v1/challenges', {
    token: 'Fe26.2*stub*mfa-token',
    body: { authenticator_id: 'email|dev_NU1Ofuw3Cw0XCt5x' },
  });

/** Calls until `done` holds or the deadline passes; the breaker's probe timing is its own business. */
async function until(
  attempt: () => Promise<JsonResponse>,
  done: (r: JsonResponse) => boolean,
  deadlineMs: number,
): Promise<JsonResponse> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const response = await attempt();
    if (done(response) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the circuit breaker in front of Auth0', () => {
  const { upstream, gateway } = gatewayPerCase(BREAKER_ENV);

  async function tripBreaker(): Promise<void> {
    upstream.handler = faultOn('/mfa/challenge', faults.json(500, { error: 'server_error' }));
    for (let i = 0; i < VOLUME; i++) {
      expect((await challenge(gateway().url)).body.code).toBe('upstream_error');
    }
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(VOLUME);
  }

  it('after repeated failures answers 503 with Retry-After without calling Auth0, then recovers', async () => {
    await tripBreaker();

    for (let i = 0; i < 5; i++) {
      const open = await challenge(gateway().url);
      expect(open.status).toBe(503);
      expect(open.body.code).toBe('upstream_unavailable');
      expect(Number(open.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(VOLUME);
    const ready = await call(gateway().url, 'GET', '/health/ready');
    expect(ready.body).toMatchObject({ dependencies: { circuit_breaker: { state: 'open' } } });

    upstream.handler = faultOn('/mfa/challenge', healthy.challenge);
    const recovered = await until(
      () => challenge(gateway().url),
      (r) => r.status === 200,
      RESET_MS * 5,
    );
    expect(recovered.status).toBe(200);
    expect(recovered.body.challenge_type).toBe('oob');
    // The probe and this call both reach Auth0 again.
    expect((await challenge(gateway().url)).status).toBe(200);
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(VOLUME + 2);
  });

  it('a failing probe opens it again', async () => {
    await tripBreaker();
    upstream.handler = faultOn('/mfa/challenge', faults.reset());
    const probe = await until(
      () => challenge(gateway().url),
      (r) => r.body.code !== 'upstream_unavailable' || hitsOn(upstream, '/mfa/challenge') > VOLUME,
      RESET_MS * 5,
    );
    expect(probe.status).toBe(503);
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(VOLUME + 1);

    const again = await challenge(gateway().url);
    expect(again.status).toBe(503);
    expect(again.headers.get('retry-after')).not.toBeNull();
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(VOLUME + 1);
  });

  it('4xx answers are Auth0 judging the caller: they never open it', async () => {
    upstream.handler = faultOn(
      '/mfa/challenge',
      faults.json(404, { error: 'invalid_request', error_description: 'Authenticator not found.' }),
    );
    for (let i = 0; i < VOLUME * 3; i++) {
      expect((await challenge(gateway().url)).body.code).toBe('authenticator_not_found');
    }
    expect(hitsOn(upstream, '/mfa/challenge')).toBe(VOLUME * 3);
  });
});
