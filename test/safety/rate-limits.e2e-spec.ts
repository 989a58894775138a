import { afterEach, describe, expect, it } from '@jest/globals';
import { createUser, OutboxMessage, outboxFor } from '../support/emulator';
import { enrolledEmailUser, findAuthenticator, mfaTokenFor } from '../support/flows';
import { emulatorPerSuite, startGateway, TestGateway } from '../support/gateway';
import { call, expectProblemWithRetryAfter, JsonResponse } from '../support/http';

/** Every limit at a value the test cannot reach, so that each case meets only the limit it is about. */
const OUT_OF_THE_WAY = {
  RATE_LIMIT_IP_PER_MINUTE: '10000',
  RATE_LIMIT_BEARER_PER_MINUTE: '10000',
  RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '10000',
  RATE_LIMIT_PASSWORD_USER_PER_MINUTE: '10000',
  RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: '10000',
  RATE_LIMIT_ENROLL_PREFIX_PER_HOUR: '10000',
  RATE_LIMIT_ENROLL_COUNTRY_PER_HOUR: '10000',
  RATE_LIMIT_ENROLL_IP_PER_HOUR: '10000',
  RATE_LIMIT_ENROLL_API_KEY_PER_HOUR: '10000',
  RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR: '10000',
  RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR: '10000',
};

function expectRateLimited(response: JsonResponse<unknown>, maxRetryAfter: number): void {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status: 429 });
  expectProblemWithRetryAfter(response, 429, 'rate_limited', maxRetryAfter);
}

const outbox = (gateway: TestGateway, to: string): Promise<OutboxMessage[]> =>
  outboxFor(gateway.emulator?.url ?? '', to);

describe('rate limits', () => {
  const emulator = emulatorPerSuite();
  let gateway: TestGateway;
  afterEach(() => gateway.close());

  const start = async (env: Record<string, string>): Promise<TestGateway> => {
    gateway = await startGateway({ emulator: emulator(), env: { ...OUT_OF_THE_WAY, ...env } });
    return gateway;
  };
  const password = (username: string, headers: Record<string, string> = {}) =>
    call(gateway.url, 'POST', '/v1/token/password', {
      body: { username, password: 'wrong-password-1' },
      headers,
    });

  it('limits password grants per username and client IP, without touching other users', async () => {
    await start({ RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) expect((await password('victim@example.com')).status).toBe(403);

    // The username is compared as the user would type it, in any case and with stray spaces.
    expectRateLimited(await password(' Victim@Example.com '), 60);
    expect((await password('someone-else@example.com')).status).toBe(403);
  });

  it('limits password grants per username from anywhere, so a botnet cannot guess unbounded', async () => {
    await start({ TRUST_PROXY: 'true', RATE_LIMIT_PASSWORD_USER_PER_MINUTE: '4' });
    for (let i = 1; i <= 4; i++) {
      const answer = await password('victim@example.com', { 'x-forwarded-for': `203.0.113.${i}` });
      expect(answer.status).toBe(403);
    }
    expectRateLimited(
      await password('victim@example.com', { 'x-forwarded-for': '198.51.100.7' }),
      60,
    );
  });

  it('limits each client IP across all of /v1 but not health checks', async () => {
    await start({ TRUST_PROXY: 'true', RATE_LIMIT_IP_PER_MINUTE: '3' });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 3; i++) {
      expect((await password(`user${i}@example.com`, from('203.0.113.9'))).status).toBe(403);
    }
    const refused = await call(gateway.url, 'GET', '/v1/authenticators', {
      token: 'any-token',
      headers: from('203.0.113.9'),
    });
    expectRateLimited(refused, 60);
    expect((await password('user@example.com', from('203.0.113.10'))).status).toBe(403);
    expect((await call(gateway.url, 'GET', '/health/live')).status).toBe(200);
  });

  it('limits each bearer token', async () => {
    await start({ RATE_LIMIT_BEARER_PER_MINUTE: '2' });
    const user = await createUser(gateway.emulator?.url ?? '');
    const mfaToken = await mfaTokenFor(gateway.url, user);
    for (let i = 0; i < 2; i++) {
      expect(
        (await call(gateway.url, 'GET', '/v1/authenticators', { token: mfaToken })).status,
      ).toBe(200);
    }
    expectRateLimited(
      await call(gateway.url, 'GET', '/v1/authenticators', { token: mfaToken }),
      60,
    );
  });

  it('enforces the resend cooldown per authenticator: one code per cooldown', async () => {
    await start({ CHALLENGE_COOLDOWN_SECONDS: '30' });
    const { user } = await enrolledEmailUser(gateway.url, gateway.emulator?.url ?? '');
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const email = await findAuthenticator(gateway.url, mfaToken, (a) =>
      String(a.id).startsWith('email|'),
    );
    const before = (await outbox(gateway, user.email)).length;

    const first = await call(gateway.url, 'POST', '/v1/challenges', {
      token: mfaToken,
      body: { authenticator_id: email?.id },
    });
    expect(first.status).toBe(200);
    const again = await call(gateway.url, 'POST', '/v1/challenges', {
      token: mfaToken,
      body: { authenticator_id: email?.id },
    });
    expectRateLimited(again, 30);
    expect(again.body).toMatchObject({ detail: expect.stringContaining('wait') });
    expect((await outbox(gateway, user.email)).length).toBe(before + 1);
  });

  it('does not spend the cooldown on a challenge Auth0 refused', async () => {
    await start({ CHALLENGE_COOLDOWN_SECONDS: '30' });
    const { user } = await enrolledEmailUser(gateway.url, gateway.emulator?.url ?? '');
    const mfaToken = await mfaTokenFor(gateway.url, user);
    const challenge = () =>
      call(gateway.url, 'POST', '/v1/challenges', {
        token: mfaToken,
        body: { authenticator_id: 'email|dev_doesnotexist' },
      });
    expect((await challenge()).status).toBe(404);
    expect((await challenge()).status).toBe(404);
  });

  it('limits enrollments per destination number, and per number range for pumping attacks', async () => {
    await start({
      RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: '2',
      RATE_LIMIT_ENROLL_PREFIX_PER_HOUR: '3',
    });
    const enroll = async (phone: string) => {
      const user = await createUser(gateway.emulator?.url ?? '');
      return call(gateway.url, 'POST', '/v1/enrollments', {
        token: await mfaTokenFor(gateway.url, user),
        body: { type: 'sms', phone_number: phone },
      });
    };
    expect((await enroll('+1 415 555 0123')).status).toBe(201);
    // The same number in another format is the same destination.
    expect((await enroll('+1 (415) 555-0123')).status).toBe(201);
    const third = await enroll('+14155550123');
    expectRateLimited(third, 3600);
    expect(third.body).toMatchObject({ detail: expect.stringContaining('phone number or e-mail') });

    // Adjacent numbers: a new destination each, but the same range.
    expect((await enroll('+1 415 555 0124')).status).toBe(201);
    const walk = await enroll('+1 415 555 0125');
    expectRateLimited(walk, 3600);
    expect(walk.body).toMatchObject({ detail: expect.stringContaining('range') });
    expect(JSON.stringify(walk.body)).not.toContain('555');
    expect((await outbox(gateway, '+14155550125')).length).toBe(0);
  });

  const enrollAs = async (
    body: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse<Record<string, unknown>>> => {
    const user = await createUser(gateway.emulator?.url ?? '');
    return call(gateway.url, 'POST', '/v1/enrollments', {
      token: await mfaTokenFor(gateway.url, user),
      body,
      headers,
    });
  };

  it('keeps the budget of new phone numbers apart from e-mail and from confirmed factors', async () => {
    await start({ RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR: '2', CHALLENGE_COOLDOWN_SECONDS: '0' });
    const emulatorUrl = gateway.emulator?.url ?? '';
    const { user: confirmed } = await enrolledEmailUser(gateway.url, emulatorUrl);
    expect((await enrollAs({ type: 'sms', phone_number: '+14155550140' })).status).toBe(201);
    expect((await enrollAs({ type: 'voice', phone_number: '+442079460140' })).status).toBe(201);
    const spent = await enrollAs({ type: 'sms', phone_number: '+61491570140' });
    expectRateLimited(spent, 3600);
    expect(spent.body).toMatchObject({ detail: expect.stringContaining('new phone numbers') });
    expect((await outbox(gateway, '+61491570140')).length).toBe(0);

    // Neither an e-mail enrollment nor a confirmed factor's sign-in code draws on that budget.
    const user = await createUser(emulatorUrl);
    expect((await enrollAs({ type: 'email', email: user.email })).status).toBe(201);
    const mfaToken = await mfaTokenFor(gateway.url, confirmed);
    const factor = await findAuthenticator(gateway.url, mfaToken, (a) =>
      String(a.id).startsWith('email|'),
    );
    for (let i = 0; i < 3; i++) {
      const challenge = await call(gateway.url, 'POST', '/v1/challenges', {
        token: mfaToken,
        body: { authenticator_id: factor?.id },
      });
      expect(challenge.status).toBe(200);
    }
  });

  it('limits new numbers per country calling code', async () => {
    await start({ RATE_LIMIT_ENROLL_COUNTRY_PER_HOUR: '2' });
    expect((await enrollAs({ type: 'sms', phone_number: '+14155550150' })).status).toBe(201);
    expect((await enrollAs({ type: 'sms', phone_number: '+12125550150' })).status).toBe(201);
    const third = await enrollAs({ type: 'sms', phone_number: '+13125550150' });
    expectRateLimited(third, 3600);
    expect(third.body).toMatchObject({ detail: expect.stringContaining('country') });
    expect((await enrollAs({ type: 'sms', phone_number: '+447911123150' })).status).toBe(201);
  });

  it('limits new destinations per client address, phones and e-mail apart', async () => {
    await start({ RATE_LIMIT_ENROLL_IP_PER_HOUR: '1', TRUST_PROXY: 'true' });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const fresh = async () => (await createUser(gateway.emulator?.url ?? '')).email;
    expect(
      (await enrollAs({ type: 'email', email: await fresh() }, from('198.51.100.7'))).status,
    ).toBe(201);
    const again = await enrollAs({ type: 'email', email: await fresh() }, from('198.51.100.7'));
    expectRateLimited(again, 3600);
    expect(again.body).toMatchObject({ detail: expect.stringContaining('address') });
    const phone = await enrollAs(
      { type: 'sms', phone_number: '+14155550160' },
      from('198.51.100.7'),
    );
    expect(phone.status).toBe(201);
    expect(
      (await enrollAs({ type: 'email', email: await fresh() }, from('198.51.100.8'))).status,
    ).toBe(201);
  });

  it('limits new destinations per API key', async () => {
    const [keyA, keyB] = ['key-a-0123456789abcdef', 'key-b-0123456789abcdef'];
    await start({ RATE_LIMIT_ENROLL_API_KEY_PER_HOUR: '1', API_KEYS: `${keyA},${keyB}` });
    const asKey = async (key: string) => {
      const user = await createUser(gateway.emulator?.url ?? '');
      const signIn = await call(gateway.url, 'POST', '/v1/token/password', {
        body: { username: user.email, password: user.password },
        headers: { 'x-api-key': key },
      });
      return call(gateway.url, 'POST', '/v1/enrollments', {
        token: String(signIn.body.mfa_token),
        body: { type: 'email', email: user.email },
        headers: { 'x-api-key': key },
      });
    };
    expect((await asKey(keyA)).status).toBe(201);
    const second = await asKey(keyA);
    expectRateLimited(second, 3600);
    expect(second.body).toMatchObject({ detail: expect.stringContaining('caller') });
    expect((await asKey(keyB)).status).toBe(201);
  });

  it('counts every spelling of one inbox as one destination', async () => {
    await start({ RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: '1' });
    expect((await enrollAs({ type: 'email', email: 'jane.doe@gmail.com' })).status).toBe(201);
    for (const spelling of [
      'Jane.Doe@Gmail.com',
      'janedoe+mfa@gmail.com',
      'j.a.n.e.doe@googlemail.com',
    ]) {
      expectRateLimited(await enrollAs({ type: 'email', email: spelling }), 3600);
    }
    // Elsewhere the dots matter, the tag does not.
    expect((await enrollAs({ type: 'email', email: 'jane.doe@example.com' })).status).toBe(201);
    expect((await enrollAs({ type: 'email', email: 'janedoe@example.com' })).status).toBe(201);
    expectRateLimited(await enrollAs({ type: 'email', email: 'jane.doe+x@EXAMPLE.com' }), 3600);
    // Look-alikes never get that far: validation refuses them.
    for (const trick of ['jane.d\u043ee@gmail.com', 'jane.doe\u200b@gmail.com']) {
      const refused = await enrollAs({ type: 'email', email: trick });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('counts each refusal in metrics and the audit log, by limit and without identities', async () => {
    await start({ RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '1' });
    await password('victim@example.com');
    expectRateLimited(await password('victim@example.com'), 60);

    const metrics = await call(gateway.url, 'GET', '/metrics');
    expect(metrics.text).toMatch(/mfa_gateway_rate_limited_total\{limit="password_user_ip"\} 1/);
    const audit = gateway.logs.entries().filter((line) => line.event === 'rate_limited');
    expect(audit).toEqual([expect.objectContaining({ limit: 'password_user_ip' })]);
    expect(JSON.stringify(audit)).not.toContain('victim');
  });
});
