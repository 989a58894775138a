import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createUser, latestCode } from '../support/emulator';
import { enrolledEmailUser, findAuthenticator, mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import { redisSkipReason, testKeyPrefix } from '../support/redis';
import { DelayProxy } from '../../bench/delay-proxy';

const skipReason = redisSkipReason();
// eslint-disable-next-line no-console
if (skipReason) console.warn(skipReason);

/**
 * Every `/v1` request costs at most two Redis round trips — its admission and its settlement — so that
 * a managed Redis a millisecond away adds two milliseconds, not seven (docs/performance.md).
 */
(skipReason ? describe.skip : describe)('Redis round trips per request', () => {
  let emulator: RunningEmulator;
  let proxy: DelayProxy;
  let gateway: TestGateway;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, logDeliveries: false });
    // The bench's proxy without its delay: it counts what the gateway sends to Redis, round trip by round trip.
    proxy = new DelayProxy({ host: '127.0.0.1', port: 6379 }, 0);
    gateway = await startGateway({
      emulator,
      env: {
        REDIS_URL: `redis://127.0.0.1:${await proxy.start()}`,
        REDIS_KEY_PREFIX: testKeyPrefix(),
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await proxy.stop();
    await emulator.close();
  });

  const post = (path: string, token: string | undefined, body: unknown, key?: string) =>
    call(gateway.url, 'POST', path, {
      token,
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });

  it('spends at most two on every step of the flows, replays and refusals included', async () => {
    // Every script has been sent once on the connection before anything is counted.
    const { user } = await enrolledEmailUser(gateway.url, emulator.url);
    const signIn = () =>
      post('/v1/token/password', undefined, { username: user.email, password: user.password });
    const mfaToken = String((await signIn()).body.mfa_token);
    const email = await findAuthenticator(gateway.url, mfaToken, (a) =>
      String(a.id).startsWith('email|'),
    );
    const newcomer = await createUser(emulator.url);
    const newToken = await mfaTokenFor(gateway.url, newcomer);
    await post('/v1/enrollments', newToken, { type: 'sms', phone_number: '+14155550190' }, 'w');

    const counted: Record<string, number> = {};
    const measure = async (name: string, request: () => Promise<{ status: number }>) => {
      let status = 0;
      counted[name] = await proxy.count(async () => {
        status = (await request()).status;
      });
      return status;
    };

    expect(await measure('password grant', signIn)).toBe(403);
    expect(
      await measure('challenge with Idempotency-Key', () =>
        post('/v1/challenges', mfaToken, { authenticator_id: email?.id }, 'c-1'),
      ),
    ).toBe(200);
    expect(
      await measure('its replay', () =>
        post('/v1/challenges', mfaToken, { authenticator_id: email?.id }, 'c-1'),
      ),
    ).toBe(200);
    expect(
      await measure('challenge refused by the cooldown', () =>
        post('/v1/challenges', mfaToken, { authenticator_id: email?.id }),
      ),
    ).toBe(429);
    const phone = '+14155550191';
    const other = await createUser(emulator.url);
    const otherToken = await mfaTokenFor(gateway.url, other);
    let oobCode = '';
    expect(
      await measure('SMS enrollment with Idempotency-Key', async () => {
        const answer = await post(
          '/v1/enrollments',
          otherToken,
          {
            type: 'sms',
            phone_number: phone,
          },
          'e-1',
        );
        oobCode = String(answer.body.oob_code);
        return answer;
      }),
    ).toBe(201);
    const bindingCode = await latestCode(emulator.url, phone);
    expect(
      await measure('enrollment confirmation', () =>
        post('/v1/enrollments/confirm', otherToken, {
          oob_code: oobCode,
          binding_code: bindingCode,
        }),
      ),
    ).toBe(200);
    expect(
      await measure('list of authenticators', () =>
        call(gateway.url, 'GET', '/v1/authenticators', { token: mfaToken }),
      ),
    ).toBe(200);
    expect(
      await measure('enrollment Auth0 refuses', () =>
        post('/v1/enrollments', 'not-a-real-token', { type: 'email', email: 'x@example.com' }),
      ),
    ).toBe(401);
    expect(
      await measure('enrollment refused by validation', () =>
        post('/v1/enrollments', mfaToken, { type: 'sms', phone_number: 'nope' }),
      ),
    ).toBe(400);

    // At most two each; and at least one — every request counts its own limits: the counting is real.
    for (const [name, trips] of Object.entries(counted)) {
      expect({ [name]: trips >= 1 && trips <= 2 }).toEqual({ [name]: true });
    }
  });
});
