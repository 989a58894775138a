import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedPort } from '../support/stub-upstream';
import { RedisSharedState } from '../../src/protection/state/redis-shared-state';
import { ManualClock } from '../support/manual-clock';
import { sharedStateContract } from '../support/shared-state-contract';
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

withRedis('RedisSharedState', () => {
  const opened: { state: RedisSharedState; client: Redis }[] = [];
  afterAll(async () => {
    for (const { state, client } of opened) {
      await state.close();
      client.disconnect();
    }
  });

  sharedStateContract(async () => {
    const clock = new ManualClock();
    const keyPrefix = testKeyPrefix();
    const state = new RedisSharedState({
      url: SHARED_REDIS_URL,
      keyPrefix,
      commandTimeoutMs: 1000,
      clock,
    });
    await state.connect();
    const client = new Redis(SHARED_REDIS_URL);
    opened.push({ state, client });
    return {
      state,
      clock,
      holds: async (key: string) => (await client.exists(`${keyPrefix}${key}`)) === 1,
    };
  });
});

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

  /** One instance under a key prefix of its own, so the test can read exactly the keys it left. */
  const oneInstanceWithOwnKeys = async () => {
    const prefix = testKeyPrefix();
    const gateway = await startGateway({
      emulator,
      env: { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
    });
    gateways.push(gateway);
    return { prefix, gateway };
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
    const { prefix, gateway } = await oneInstanceWithOwnKeys();
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

  it('shares one fraud guard: sends on either instance suspend the country on both', async () => {
    const adminToken = 'admin-token-0123456789abcdef0123456789';
    const [a, b] = await twoInstances({ FRAUD_GUARD_MIN_SENDS: '4', ADMIN_TOKEN: adminToken });
    const enroll = async (gateway: TestGateway, n: number) => {
      const user = await createUser(emulator.url);
      return call(gateway.url, 'POST', '/v1/enrollments', {
        token: await mfaTokenFor(gateway.url, user),
        body: { type: 'sms', phone_number: `+6281290${String(n).padStart(2, '0')}1234` },
      });
    };
    const sent = [await enroll(a, 1), await enroll(b, 2), await enroll(a, 3), await enroll(b, 4)];
    expect(sent.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    for (const gateway of [a, b]) {
      expect((await enroll(gateway, 5)).body).toMatchObject({ code: 'destination_suspended' });
    }
    const listed = await call<{ id: string }[]>(b.url, 'GET', '/admin/fraud-guard/suspensions', {
      token: adminToken,
    });
    expect(listed.body).toEqual([expect.objectContaining({ country_code: '+62', sent: 4 })]);
    const lifted = await call(
      a.url,
      'DELETE',
      `/admin/fraud-guard/suspensions/${listed.body[0].id}`,
      {
        token: adminToken,
      },
    );
    expect(lifted.status).toBe(204);
    expect((await enroll(b, 6)).status).toBe(201);
  });

  it('keeps no destination or budget key for enrollments Auth0 refused', async () => {
    const { prefix, gateway } = await oneInstanceWithOwnKeys();
    const refused = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(gateway.url, 'POST', '/v1/enrollments', {
          token: `random-bearer-${i}-${testKeyPrefix()}`,
          body:
            i % 2
              ? { type: 'email', email: `someone-${i}@example.com` }
              : {
                  type: 'sms',
                  phone_number: `+1415555${String(i).padStart(4, '0')}`,
                },
        }),
      ),
    );
    expect(new Set(refused.map((answer) => answer.status))).toEqual(new Set([401]));
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      const kinds = new Set(
        (await redis.keys(`${prefix}*`)).map((key) =>
          key.slice(prefix.length).split(':').slice(0, 2).join(':'),
        ),
      );
      // Counting per address and per bearer stays (it stops token guessing); nothing else is left.
      expect([...kinds].sort()).toEqual(['rl:bearer', 'rl:client_ip']);
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
