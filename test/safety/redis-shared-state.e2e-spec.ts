import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedPort } from '../support/stub-upstream';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createUser, outboxFor } from '../support/emulator';
import { mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import {
  hasRedisServerBinary,
  OwnRedis,
  redisSkipReason,
  SHARED_REDIS_URL,
  testKeyPrefix,
} from '../support/redis';

const skipReason = redisSkipReason();
// A visible skip: the reason is printed with the test run.
// eslint-disable-next-line no-console
if (skipReason) console.warn(skipReason);
const withRedis = skipReason ? describe.skip : describe;

withRedis('several instances on one Redis', () => {
  let emulator: RunningEmulator;
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, logDeliveries: false });
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  });
  afterAll(() => emulator.close());

  const twoInstances = async (env: Record<string, string>): Promise<[TestGateway, TestGateway]> => {
    const shared = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix(), ...env };
    const pair = await Promise.all([
      startGateway({ emulator, env: shared }),
      startGateway({ emulator, env: shared }),
    ]);
    gateways.push(...pair);
    return pair;
  };

  it('enforces one limit across both: the N+1th request is refused on either', async () => {
    const [a, b] = await twoInstances({ RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '4' });
    const attempt = (gateway: TestGateway) =>
      call(gateway.url, 'POST', '/v1/token/password', {
        body: { username: 'shared@example.com', password: 'wrong-password-1' },
      });
    const allowed = [await attempt(a), await attempt(b), await attempt(a), await attempt(b)];
    expect(allowed.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    for (const gateway of [a, b]) {
      const refused = await attempt(gateway);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'rate_limited' });
    }
  });

  it('replays an Idempotency-Key answer on the other instance, without a second code', async () => {
    const [a, b] = await twoInstances({});
    const user = await createUser(emulator.url);
    const mfaToken = await mfaTokenFor(a.url, user);
    const enroll = (gateway: TestGateway) =>
      call(gateway.url, 'POST', '/v1/enrollments', {
        token: mfaToken,
        body: { type: 'email', email: user.email },
        headers: { 'idempotency-key': 'across-instances' },
      });

    const first = await enroll(a);
    const replay = await enroll(b);
    expect(first.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await outboxFor(emulator.url, user.email)).toHaveLength(1);
  });

  it('keeps records sealed and keys opaque: Redis holds no code, token or address', async () => {
    const prefix = testKeyPrefix();
    const gateway = await startGateway({
      emulator,
      env: { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
    });
    gateways.push(gateway);
    const user = await createUser(emulator.url);
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const enrolled = await call(gateway.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'email', email: user.email },
      headers: { 'idempotency-key': 'sealed' },
    });
    expect(enrolled.status).toBe(201);

    const redis = new Redis(SHARED_REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.some((key) => key.startsWith(`${prefix}idem:`))).toBe(true);
      expect(keys.some((key) => key.startsWith(`${prefix}rl:`))).toBe(true);
      const stored = [...keys, ...(await Promise.all(keys.map((key) => redis.get(key))))].join(
        '\n',
      );
      const secrets = [
        enrolled.body.oob_code as string,
        (enrolled.body.recovery_codes as string[])[0],
        mfaToken,
        user.email,
        user.email.split('@')[0],
      ];
      for (const secret of secrets) expect(stored).not.toContain(secret);
      for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('reports Redis in the readiness body', async () => {
    const [a] = await twoInstances({});
    const ready = await call(a.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('"redis":{"status":"up","mode":"redis"}');
  });
});

const ownRedisSkip =
  !hasRedisServerBinary() && !process.env.CI
    ? 'redis-server is not installed: the Redis outage test is SKIPPED on this machine'
    : undefined;
// eslint-disable-next-line no-console
if (ownRedisSkip) console.warn(ownRedisSkip);

(ownRedisSkip ? describe.skip : describe)('when Redis goes away', () => {
  let redis: OwnRedis;
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    await redis.stop();
  });

  const degraded = async (): Promise<string | undefined> =>
    /^mfa_gateway_shared_state_degraded (\d)$/m.exec(
      (await call(gateway?.url ?? '', 'GET', '/metrics')).text,
    )?.[1];
  const ready = async () =>
    JSON.stringify((await call(gateway?.url ?? '', 'GET', '/health/ready')).body);
  const signIn = () =>
    call(gateway?.url ?? '', 'POST', '/v1/token/password', {
      body: { username: 'demo@example.com', password: 'Demo-password-1' },
    });

  it('keeps serving on memory, says so, and returns to Redis when it is back', async () => {
    redis = new OwnRedis(await closedPort());
    await redis.start();
    gateway = await startGateway({
      env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' },
    });
    expect((await signIn()).body).toMatchObject({ code: 'mfa_required' });
    expect(await degraded()).toBe('0');

    await redis.stop();
    expect((await signIn()).body).toMatchObject({ code: 'mfa_required' });
    expect(await degraded()).toBe('1');
    expect(await ready()).toContain('"redis":{"status":"down","mode":"memory-fallback"}');
    expect(gateway.logs.text()).toContain('Redis unreachable');

    await redis.start();
    for (let i = 0; i < 100 && (await degraded()) !== '0'; i++) {
      await sleep(100);
      await signIn();
    }
    expect(await degraded()).toBe('0');
    expect(await ready()).toContain('"redis":{"status":"up","mode":"redis"}');
    expect(gateway.logs.text()).toContain('Redis reachable again');
  });

  it('starts without Redis at all and serves from memory', async () => {
    redis = new OwnRedis(await closedPort());
    gateway = await startGateway({ env: { REDIS_URL: redis.url } });
    expect((await signIn()).body).toMatchObject({ code: 'mfa_required' });
    expect(await degraded()).toBe('1');
    expect(await ready()).toContain('"redis":{"status":"down"');
  });
});
