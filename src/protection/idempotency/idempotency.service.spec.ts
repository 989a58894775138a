import { ConfigService } from '@nestjs/config';
import { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { SecurityEvents } from '../../observability/security-events.service';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { MemorySharedState } from '../state/memory-shared-state';
import { StateKeys } from '../state/state-keys';
import { loadConfig } from '../../config/load-config';
import { RequestBatch } from '../admission/request-batch';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { IdempotencyScope } from './idempotency-scope.decorator';
import { Idempotency } from './idempotency.service';

/** Only what Idempotency and StateKeys read. */
const config = new ConfigService({
  idempotencyTtlSeconds: 600,
  auth0: { timeoutMs: 1000, clientSecret: 'unit-test-client-secret-0123456789' },
  rateLimits: loadConfig({}).rateLimits,
  challengeCooldownSeconds: 30,
}) as unknown as ConfigService<AppConfig, true>;

function scopeOf(
  body: Record<string, unknown>,
  key?: string,
): IdempotencyScope & { replayed: () => boolean } {
  const headers: Record<string, string> = { authorization: 'Bearer Fe26.2**unit-token' };
  if (key !== undefined) headers['idempotency-key'] = key;
  const set = new Map<string, string>();
  const request = {
    headers,
    body,
    method: 'POST',
    routeOptions: { url: '/v1/challenges' },
    ip: '203.0.113.9',
    id: 'req-1',
  } as unknown as FastifyRequest;
  const reply = {
    header: (name: string, value: string) => set.set(name, value),
  } as unknown as FastifyReply;
  return { request, reply, replayed: () => set.get('idempotent-replayed') === 'true' };
}

describe('Idempotency.run', () => {
  let state: MemorySharedState;
  let replays: number;
  let idempotency: Idempotency;
  let limiter: RateLimiter;
  beforeEach(() => {
    state = new MemorySharedState();
    replays = 0;
    const events = { idempotentReplay: () => replays++ } as unknown as SecurityEvents;
    const keys = new StateKeys(config);
    idempotency = new Idempotency(state, keys, events, config);
    limiter = new RateLimiter(state, keys, events, config);
  });

  /** Runs `work` as a batched route does: through the limiter's admission, which puts the claim. */
  const run = <T>(scope: IdempotencyScope, work: () => Promise<T>): Promise<T> => {
    const ctx = { stateBatch: new RequestBatch([]) };
    return idempotency.run(scope, ctx, () => limiter.charged(ctx, [], work));
  };

  it('runs the work every time when the request has no key, and stores nothing', async () => {
    const work = jest.fn(() => Promise.resolve({ sent: true }));
    const claims = jest.spyOn(state, 'putIfAbsent');
    const reads = jest.spyOn(state, 'get');
    await run(scopeOf({ id: 'a' }), work);
    await run(scopeOf({ id: 'a' }), work);
    expect(work).toHaveBeenCalledTimes(2);
    expect(claims).not.toHaveBeenCalled();
    expect(reads).not.toHaveBeenCalled();
  });

  it('replays the first answer for the same key and body without running the work again', async () => {
    let sends = 0;
    const work = (): Promise<{ n: number }> => Promise.resolve({ n: ++sends });
    const first = scopeOf({ id: 'a' }, 'k-1');
    const again = scopeOf({ id: 'a' }, 'k-1');
    await expect(run(first, work)).resolves.toEqual({ n: 1 });
    await expect(run(again, work)).resolves.toEqual({ n: 1 });
    expect(sends).toBe(1);
    expect(first.replayed()).toBe(false);
    expect(again.replayed()).toBe(true);
    expect(replays).toBe(1);
  });

  it('refuses the same key with another body', async () => {
    const work = jest.fn(() => Promise.resolve({}));
    await run(scopeOf({ id: 'a' }, 'k-2'), work);
    await expect(run(scopeOf({ id: 'b' }, 'k-2'), work)).rejects.toMatchObject({
      kind: ErrorCode.IdempotencyKeyReused,
    });
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('replays a refusal Auth0 gave, but really retries after a failure that was not its verdict', async () => {
    const verdict = new GatewayError(ErrorCode.InvalidToken, {
      cause: { endpoint: 'challenge', kind: 'client', status: 401, requestSent: true },
    });
    const refused = jest.fn(() => Promise.reject(verdict));
    await expect(run(scopeOf({ id: 'a' }, 'k-3'), refused)).rejects.toBe(verdict);
    await expect(run(scopeOf({ id: 'a' }, 'k-3'), refused)).rejects.toMatchObject({
      kind: ErrorCode.InvalidToken,
    });
    expect(refused).toHaveBeenCalledTimes(1);

    const outage = new GatewayError(ErrorCode.UpstreamUnavailable, {
      cause: { endpoint: 'challenge', kind: 'transport', requestSent: false },
    });
    const flaky = jest
      .fn<Promise<unknown>, []>()
      .mockRejectedValueOnce(outage)
      .mockResolvedValueOnce({ sent: true });
    await expect(run(scopeOf({ id: 'a' }, 'k-4'), flaky)).rejects.toBe(outage);
    await expect(run(scopeOf({ id: 'a' }, 'k-4'), flaky)).resolves.toEqual({
      sent: true,
    });
    expect(flaky).toHaveBeenCalledTimes(2);
  });

  it('refuses a key that is not 1 to 255 printable characters before running anything', async () => {
    const work = jest.fn(() => Promise.resolve({}));
    await expect(run(scopeOf({}, 'has space'), work)).rejects.toMatchObject({
      kind: ErrorCode.ValidationFailed,
    });
    expect(work).not.toHaveBeenCalled();
  });
});
