import { afterEach, describe, expect, it } from '@jest/globals';
import type { ConfigService } from '@nestjs/config';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import type { AppConfig, BreakerConfig } from '../config/app-config';
import { MetricsService } from '../observability/metrics.service';
import type { Auth0Answer } from './auth0-answer';
import { Auth0Breaker, countsAsFailure, isFaultyAnswer } from './auth0-breaker';

const json = (status: number, body: unknown = {}): Auth0Answer => ({
  status,
  headers: { 'content-type': 'application/json' },
  text: JSON.stringify(body),
});
const html = (status: number): Auth0Answer => ({
  status,
  headers: { 'content-type': 'text/html' },
  text: '<html>oops</html>',
});
const transport = (code: string): GatewayError =>
  new GatewayError(ErrorCode.UpstreamUnavailable, {
    cause: { endpoint: 'challenge', kind: 'transport', code, requestSent: true },
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('what the breaker counts', () => {
  it.each([
    ['a 500', json(500, { error: 'server_error' }), true],
    ['a 503 HTML page', html(503), true],
    ['a 200 HTML page', html(200), true],
    ['a redirect', { status: 302, headers: {}, text: '' }, true],
    // A request-specific refusal, even from a proxy: counting it would let callers open the breaker.
    ['a 400 HTML page (a proxy, not Auth0)', html(400), false],
    ['an empty 403', { status: 403, headers: {}, text: '' }, false],
    ['a 200 answer', json(200, { ok: true }), false],
    ['a 204 without a body', { status: 204, headers: {}, text: '' }, false],
    ['a 403 Auth0 error', json(403, { error: 'invalid_grant' }), false],
    ['a 404 Auth0 error', json(404, { error: 'invalid_request' }), false],
    ['a 429, even an unreadable one', html(429), false],
  ])('%s: faulty=%s', (_label, answer, faulty) => {
    expect(isFaultyAnswer(answer)).toBe(faulty);
  });

  it('counts transport failures but neither 4xx errors nor this side’s own bugs', () => {
    expect(countsAsFailure(transport('ECONNRESET'))).toBe(true);
    const timeout = new GatewayError(ErrorCode.UpstreamTimeout, {
      cause: { endpoint: 'token', kind: 'transport', code: 'ETIMEDOUT', requestSent: true },
    });
    expect(countsAsFailure(timeout)).toBe(true);
    const client = new GatewayError(ErrorCode.InvalidOtp, {
      cause: { endpoint: 'token', kind: 'client', status: 403, requestSent: true },
    });
    expect(countsAsFailure(client)).toBe(false);
    const bug = new GatewayError(ErrorCode.InternalError, {
      cause: { endpoint: 'token', kind: 'transport', code: 'ERR_BAD_REQUEST', requestSent: false },
    });
    expect(countsAsFailure(bug)).toBe(false);
    expect(countsAsFailure(new Error('anything else'))).toBe(false);
  });
});

describe('Auth0Breaker', () => {
  let breaker: Auth0Breaker | undefined;
  let metrics: MetricsService;
  afterEach(() => breaker?.onApplicationShutdown());

  const create = (overrides: Partial<BreakerConfig> = {}): Auth0Breaker => {
    const settings: BreakerConfig = {
      volumeThreshold: 4,
      errorPercent: 50,
      resetMs: 300,
      windowMs: 10_000,
      ...overrides,
    };
    const config = {
      get: () => ({ breaker: settings }),
    } as unknown as ConfigService<AppConfig, true>;
    metrics = new MetricsService();
    breaker = new Auth0Breaker(metrics, config);
    return breaker;
  };

  const gauge = async (): Promise<number | undefined> =>
    (await metrics.registry.getSingleMetric('mfa_gateway_circuit_breaker_state')?.get())?.values[0]
      ?.value;

  /** Runs a call whose attempt answers `answer` (or throws it), counting how often it really ran. */
  const counted = () => {
    let calls = 0;
    return {
      get calls() {
        return calls;
      },
      run: (b: Auth0Breaker, outcome: Auth0Answer | Error) =>
        b.run(() => {
          calls++;
          return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
        }),
    };
  };

  it('passes answers through unchanged, faulty ones included, and stays closed below the volume', async () => {
    const b = create();
    const attempts = counted();
    await expect(attempts.run(b, json(200, { a: 1 }))).resolves.toEqual(json(200, { a: 1 }));
    await expect(attempts.run(b, json(500))).resolves.toEqual(json(500));
    const reset = transport('ECONNRESET');
    await expect(attempts.run(b, reset)).rejects.toBe(reset);
    expect(b.state()).toBe('closed');
    expect(attempts.calls).toBe(3);
  });

  it('never opens on 4xx answers, however many', async () => {
    const b = create({ volumeThreshold: 2 });
    const attempts = counted();
    for (let i = 0; i < 20; i++) await attempts.run(b, json(403, { error: 'invalid_grant' }));
    expect(b.state()).toBe('closed');
    expect(attempts.calls).toBe(20);
  });

  it('opens at the volume threshold, fails fast with Retry-After without running the attempt', async () => {
    const b = create({ volumeThreshold: 4, resetMs: 5_000 });
    const attempts = counted();
    for (let i = 0; i < 3; i++) await attempts.run(b, json(502));
    expect(b.state()).toBe('closed');
    await expect(attempts.run(b, transport('ECONNREFUSED'))).rejects.toBeInstanceOf(GatewayError);
    expect(b.state()).toBe('open');
    expect(await gauge()).toBe(2);

    const refused = await attempts.run(b, json(200)).catch((e: unknown) => e);
    expect(attempts.calls).toBe(4);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ status: 503, code: 'upstream_unavailable', retryAfter: 5 });
  });

  it('half-opens after resetTimeout, lets one probe through, and closes on its success', async () => {
    const b = create({ volumeThreshold: 2, resetMs: 200 });
    const attempts = counted();
    await attempts.run(b, json(500));
    await attempts.run(b, json(500));
    expect(b.state()).toBe('open');
    await sleep(260);
    expect(b.state()).toBe('half_open');
    expect(await gauge()).toBe(1);

    let release: (answer: Auth0Answer) => void = () => undefined;
    const probe = b.run(() => new Promise<Auth0Answer>((resolve) => (release = resolve)));
    // While the probe is out, everyone else still fails fast.
    await expect(attempts.run(b, json(200))).rejects.toMatchObject({ retryAfter: 1 });
    release(json(200, { ok: true }));
    await expect(probe).resolves.toEqual(json(200, { ok: true }));
    expect(b.state()).toBe('closed');
    expect(await gauge()).toBe(0);

    // The window was flushed on close: one failure after recovery does not reopen it.
    await attempts.run(b, json(500));
    expect(b.state()).toBe('closed');
  });

  it('opens again when the probe fails', async () => {
    const b = create({ volumeThreshold: 2, resetMs: 150 });
    const attempts = counted();
    await attempts.run(b, json(500));
    await attempts.run(b, json(500));
    await sleep(200);
    expect(b.state()).toBe('half_open');
    await attempts.run(b, transport('ECONNRESET')).catch(() => undefined);
    expect(b.state()).toBe('open');
  });

  it('a 4xx answer to the probe proves Auth0 is up and closes the breaker', async () => {
    const b = create({ volumeThreshold: 2, resetMs: 150 });
    const attempts = counted();
    await attempts.run(b, json(500));
    await attempts.run(b, json(500));
    await sleep(200);
    await attempts.run(b, json(400, { error: 'invalid_request' }));
    expect(b.state()).toBe('closed');
  });
});
