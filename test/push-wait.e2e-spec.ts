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
  let gateway: TestGateway | undefined;
  let clock: ManualClock;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  const start = async (env: Record<string, string> = {}) => {
    clock = new ManualClock();
    gateway = await startGateway({ emulator: emulator(), clock, env });
  };
  const emulatorUrl = () => emulator().url;
  /** Both clocks move: the gateway's pace and the emulator's own (its slow_down, its expiry). */
  const later = async (seconds: number) => {
    await advanceClock(emulatorUrl(), seconds);
    clock.advance(seconds);
  };
  const url = () => gateway?.url ?? '';
  const expectPending = (answer: JsonResponse, maxRetryAfter: number) =>
    expectProblemWithRetryAfter(answer, 400, 'authorization_pending', maxRetryAfter);

  /** A user with push enrolled and paired, and a fresh sign-in's mfa_token. */
  const pushUser = async () => {
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(url(), user);
    const enrolled = await call(url(), 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'push' },
    });
    const confirm = () =>
      call(url(), 'POST', '/v1/enrollments/confirm', {
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
    const mfaToken = await mfaTokenFor(url(), user);
    const pollOn = (at: string, headers: Record<string, string> = {}) =>
      call(at, 'POST', '/v1/token/oob', {
        token: mfaToken,
        body: { oob_code: challenge.body.oob_code },
        headers,
      });
    const listed = await call<{ id: string; oob_channel?: string; active: boolean }[]>(
      url(),
      'GET',
      '/v1/authenticators',
      { token: mfaToken },
    );
    const push = listed.body.find((a) => a.oob_channel === 'auth0' && a.active);
    const challenge = await call(url(), 'POST', '/v1/challenges', {
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
    return {
      poll: () => pollOn(url()),
      pollOn,
      held: (seconds: number) => pollOn(url(), { prefer: `wait=${seconds}` }),
      raw: { mfaToken, oobCode: String(challenge.body.oob_code) },
    };
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

  it('holds a request with Prefer: wait until the approval, polling at the pace', async () => {
    await start();
    const { user, deviceId } = await pushUser();
    const { held } = await challengePush(user);
    const answer = held(20);
    await clock.untilSleeping();
    await answerNotification(deviceId, 'approve');
    await later(6);
    const tokens = await answer;
    expectTokens(tokens);
    expect(tokens.headers.get('preference-applied')).toBe('wait=20');
  });

  it('answers a held request when its wait is over, when its client goes, and at shutdown', async () => {
    await start();
    const { user } = await pushUser();
    const { held, raw } = await challengePush(user);
    // Over: the next poll would come after the 8 s asked for, so the answer is the state now.
    const timedOut = held(8);
    await clock.untilSleeping();
    await later(6);
    const pending = await timedOut;
    expectPending(pending, 5);
    expect(pending.headers.get('preference-applied')).toBe('wait=8');

    // The client goes: the gateway stops waiting for it.
    await later(6);
    const client = new AbortController();
    const gone = fetch(`${url()}/v1/token/oob`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${raw.mfaToken}`,
        'content-type': 'application/json',
        prefer: 'wait=20',
      },
      body: JSON.stringify({ oob_code: raw.oobCode }),
      signal: client.signal,
    }).catch(() => undefined);
    await clock.untilSleeping();
    client.abort();
    await gone;
    while (clock.sleeping > 0) await new Promise((resolve) => setImmediate(resolve));

    // Shutdown: a held request answers its current state at once.
    await later(6);
    const atShutdown = held(20);
    await clock.untilSleeping();
    const closing = gateway?.close();
    gateway = undefined;
    expectPending(await atShutdown, 5);
    await closing;
  });

  it("keeps Auth0's slow_down to itself, and tells an expired code apart", async () => {
    // Polling faster than Auth0 allows, on purpose: its slow_down makes the gateway wait longer.
    await start({ PUSH_POLL_INTERVAL_SECONDS: '1' });
    const { user } = await pushUser();
    const { poll } = await challengePush(user);
    expectPending(await poll(), 1);
    await later(2);
    const slowed = await poll();
    expectPending(slowed, 2);
    expect(slowed.headers.get('retry-after')).toBe('2');
    await later(301);
    const expired = await poll();
    expect(expired.body).toMatchObject({ code: 'oob_code_expired' });
  });

  it('still refuses a missing binding_code for a code sent by SMS, before Auth0', async () => {
    await start();
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(url(), user);
    const enrolled = await call(url(), 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+14155550199' },
    });
    for (const path of ['/v1/enrollments/confirm', '/v1/token/oob']) {
      const refused = await call(url(), 'POST', path, {
        token: mfaToken,
        body: { oob_code: enrolled.body.oob_code },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
    }
  });
});
