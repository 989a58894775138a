import { afterEach, describe, expect, it } from '@jest/globals';
import { createUser, outboxFor } from '../support/emulator';
import { faultOn, faults, firstFails, healthy } from '../support/faults';
import { enrolledEmailUser, findAuthenticator, mfaTokenFor } from '../support/flows';
import { emulatorPerSuite, startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import { StubUpstream } from '../support/stub-upstream';

describe('Idempotency-Key', () => {
  const emulator = emulatorPerSuite();
  let gateway: TestGateway;
  afterEach(() => gateway.close());

  const emulatorUrl = () => gateway.emulator?.url ?? '';
  const delivered = async (to: string) => (await outboxFor(emulatorUrl(), to)).length;
  const enroll = (token: string, body: unknown, key: string) =>
    call(gateway.url, 'POST', '/v1/enrollments', {
      token,
      body,
      headers: { 'idempotency-key': key },
    });

  it('replays the first answer for the same key and body, sending one code only', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const body = { type: 'email', email: user.email };

    const first = await enroll(mfaToken, body, 'enroll-1');
    const retry = await enroll(mfaToken, body, 'enroll-1');

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await delivered(user.email)).toBe(1);
    const replays = gateway.logs.entries().filter((line) => line.event === 'idempotent_replay');
    expect(replays).toEqual([
      expect.objectContaining({ request_id: retry.headers.get('x-request-id') }),
    ]);
    expect((await call(gateway.url, 'GET', '/metrics')).text).toMatch(
      /^mfa_gateway_idempotent_replays_total 1$/m,
    );

    const reused = await enroll(mfaToken, { type: 'email', email: `x${user.email}` }, 'enroll-1');
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('makes concurrent duplicates wait for the first instead of racing it', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const { user } = await enrolledEmailUser(gateway.url, emulatorUrl());
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const id = (
      await findAuthenticator(gateway.url, mfaToken, (a) => String(a.id).startsWith('email|'))
    )?.id;
    const before = await delivered(user.email);

    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(gateway.url, 'POST', '/v1/challenges', {
          token: mfaToken,
          body: { authenticator_id: id },
          headers: { 'idempotency-key': 'challenge-once' },
        }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.oob_code)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await delivered(user.email)).toBe(before + 1);
  });

  it('keeps keys apart per bearer token: another caller’s key is not replayed', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const one = await createUser(emulatorUrl());
    const two = await createUser(emulatorUrl());
    const a = await enroll(
      await mfaTokenFor(gateway.url, one),
      { type: 'email', email: one.email },
      'k',
    );
    const b = await enroll(
      await mfaTokenFor(gateway.url, two),
      { type: 'email', email: two.email },
      'k',
    );
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.oob_code).not.toEqual(a.body.oob_code);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('replays Auth0’s refusal too, since the same request would be refused again', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const { user } = await enrolledEmailUser(gateway.url, emulatorUrl());
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const attempt = () => enroll(mfaToken, { type: 'email', email: user.email }, 'second-factor');

    const first = await attempt();
    const replay = await attempt();
    expect(first.body).toMatchObject({ status: 409, code: 'already_enrolled' });
    // The same problem, under the replay's own request id.
    const { request_id: _first, ...refusal } = first.body;
    expect(replay.body).toEqual({ ...refusal, request_id: replay.headers.get('x-request-id') });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keeps nothing when Auth0 gave no answer, so a retry with the same key goes through', async () => {
    const upstream = new StubUpstream();
    upstream.handler = faultOn('/mfa/challenge', firstFails(1, faults.reset(), healthy.challenge));
    // No cooldown here: the reset may have come after Auth0 sent a code, so the cooldown rightly counts it.
    gateway = await startGateway({
      upstream: await upstream.start(),
      env: { CHALLENGE_COOLDOWN_SECONDS: '0' },
    });
    try {
      const challenge = () =>
        call(gateway.url, 'POST', '/v1/challenges', {
          token: 'an-mfa-token',
          body: { authenticator_id: 'sms|dev_abc' },
          headers: { 'idempotency-key': 'after-a-reset' },
        });
      const failed = await challenge();
      expect(failed.status).toBe(503);
      const retried = await challenge();
      expect(retried.status).toBe(200);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect(upstream.hits.filter((hit) => hit.path === '/mfa/challenge')).toHaveLength(2);
    } finally {
      await upstream.stop();
    }
  });

  it('refuses a malformed key with a 400 problem', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gateway.url, user);
    for (const key of ['', 'x'.repeat(256), 'spaces are not allowed']) {
      const answer = await enroll(mfaToken, { type: 'email', email: user.email }, key);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'validation_failed' });
    }
    expect(await delivered(user.email)).toBe(0);
  });
});
