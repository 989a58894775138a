import { afterEach, describe, expect, it } from '@jest/globals';
import { advanceClock, createUser } from './support/emulator';
import { expectTokens, mfaTokenFor } from './support/flows';
import { emulatorPerSuite, startGateway, TestGateway } from './support/gateway';
import { call, expectProblemWithRetryAfter, JsonResponse } from './support/http';
import { ManualClock } from './support/manual-clock';
import { redisSkipReason, SHARED_REDIS_URL, testKeyPrefix } from './support/redis';

/** Waiting for a push approval through the gateway, at Auth0's pace, with time moved rather than waited. */
describe('push approval', () => {
  const emulator = emulatorPerSuite();
  let gateway: TestGateway;
  let clock: ManualClock;
  afterEach(() => gateway.close());

  const start = async () => {
    clock = new ManualClock();
    gateway = await startGateway({ emulator: emulator(), clock });
  };
  const emulatorUrl = () => emulator().url;
  /** Both clocks move: the gateway's pace and the emulator's own (its slow_down, its expiry). */
  const later = async (seconds: number) => {
    clock.advance(seconds);
    await advanceClock(emulatorUrl(), seconds);
  };
  const expectPending = (answer: JsonResponse, maxRetryAfter: number) =>
    expectProblemWithRetryAfter(answer, 400, 'authorization_pending', maxRetryAfter);

  /** A user with push enrolled and paired, and a fresh sign-in's mfa_token. */
  const pushUser = async () => {
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const enrolled = await call(gateway.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'push' },
    });
    const confirm = () =>
      call(gateway.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: enrolled.body.oob_code },
      });
    expectPending(await confirm(), 5);
    // Asked again at once: the gateway's own record answers, Auth0 is not polled.
    expectPending(await confirm(), 5);
    const { device_id: deviceId } = (
      await call<{ device_id: string }>(emulatorUrl(), 'POST', '/__emulator/guardian/scan', {
        body: { barcode_uri: enrolled.body.barcode_uri },
      })
    ).body;
    await later(6);
    const first = await confirm();
    expectTokens(first);
    // Whoever asks again about the same code with the same bearer gets the same outcome.
    expect((await confirm()).body).toEqual(first.body);
    return { user, deviceId };
  };

  const challengePush = async (user: { email: string; password: string }) => {
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const pollOn = (url: string) =>
      call(url, 'POST', '/v1/token/oob', {
        token: mfaToken,
        body: { oob_code: challenge.body.oob_code },
      });
    const listed = await call<{ id: string; oob_channel?: string; active: boolean }[]>(
      gateway.url,
      'GET',
      '/v1/authenticators',
      { token: mfaToken },
    );
    const push = listed.body.find((a) => a.oob_channel === 'auth0' && a.active);
    const challenge = await call(gateway.url, 'POST', '/v1/challenges', {
      token: mfaToken,
      body: { authenticator_id: push?.id },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({
      challenge_type: 'oob',
      oob_code: expect.any(String),
      expires_at: expect.any(String),
      resend_available_at: expect.any(String),
    });
    return { poll: () => pollOn(gateway.url), pollOn };
  };

  const answerNotification = async (deviceId: string, action: 'approve' | 'reject') => {
    const waiting = await call<{ id: string }[]>(
      emulatorUrl(),
      'GET',
      `/__emulator/guardian/notifications?device_id=${encodeURIComponent(deviceId)}`,
    );
    expect(waiting.body).toHaveLength(1);
    await call(
      emulatorUrl(),
      'POST',
      `/__emulator/guardian/notifications/${waiting.body[0].id}/${action}`,
    );
  };

  it('enrolls push, then signs in with an approval, one poll per interval however often clients ask', async () => {
    await start();
    const { user, deviceId } = await pushUser();
    const { poll } = await challengePush(user);
    // Many clients at once: one poll of Auth0, the rest answered from the gateway's record (a second
    // poll within 5 s would have been Auth0's slow_down, and a Retry-After of 10).
    const burst = await Promise.all(Array.from({ length: 20 }, () => poll()));
    for (const answer of burst) expectPending(answer, 5);
    await answerNotification(deviceId, 'approve');
    expectPending(await poll(), 5);
    await later(6);
    const tokens = await poll();
    expectTokens(tokens);
    // The outcome stays for the code's lifetime: a late waiter gets the same tokens.
    expect((await poll()).body).toEqual(tokens.body);
  });

  it('tells a rejection apart, and keeps telling it', async () => {
    await start();
    const { user, deviceId } = await pushUser();
    const { poll } = await challengePush(user);
    expectPending(await poll(), 5);
    await answerNotification(deviceId, 'reject');
    await later(6);
    for (let i = 0; i < 2; i++) {
      const rejected = await poll();
      expect(rejected.status).toBe(403);
      expect(rejected.body).toMatchObject({ code: 'push_rejected' });
    }
  });

  const redisSkip = redisSkipReason();
  // eslint-disable-next-line no-console
  if (redisSkip) console.warn(redisSkip);
  (redisSkip ? it.skip : it)('shares the pace between two instances on one Redis', async () => {
    const env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix() };
    clock = new ManualClock();
    gateway = await startGateway({ emulator: emulator(), clock, env });
    const other = await startGateway({ emulator: emulator(), clock, env });
    try {
      const { user, deviceId } = await pushUser();
      const { poll, pollOn } = await challengePush(user);
      expectPending(await poll(), 5);
      // The other instance knows the code was just polled: it does not poll Auth0 again.
      expectPending(await pollOn(other.url), 5);
      await answerNotification(deviceId, 'approve');
      await later(6);
      const tokens = await pollOn(other.url);
      expectTokens(tokens);
      expect((await poll()).body).toEqual(tokens.body);
    } finally {
      await other.close();
    }
  });

  it('still refuses a missing binding_code for a code sent by SMS, before Auth0', async () => {
    await start();
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const enrolled = await call(gateway.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+14155550199' },
    });
    for (const path of ['/v1/enrollments/confirm', '/v1/token/oob']) {
      const refused = await call(gateway.url, 'POST', path, {
        token: mfaToken,
        body: { oob_code: enrolled.body.oob_code },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
    }
  });
});
