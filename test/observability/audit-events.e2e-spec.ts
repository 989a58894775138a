import { advanceClock, createUser, latestCode } from '../support/emulator';
import { expectTokens, mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call, JsonResponse } from '../support/http';
import { totpNow } from '../support/totp';

type Entry = Record<string, unknown>;

const MANAGE = {
  audience: 'mfa',
  scope: 'openid enroll read:authenticators remove:authenticators',
};

describe('audit events of every flow', () => {
  let gw: TestGateway;
  let emulator: string;
  let mark = 0;
  let secrets: string[] = [];

  beforeAll(async () => {
    gw = await startGateway();
    emulator = gw.emulator!.url;
  });
  afterAll(() => gw.close());
  beforeEach(() => {
    mark = gw.logs.lines.length;
    secrets = [];
  });

  /** Remembers every secret the flow handled, and returns the response for chaining. */
  function keep<T extends JsonResponse<unknown>>(response: T): T {
    collect(response.body);
    return response;
  }
  function collect(value: unknown): void {
    if (typeof value === 'string' && value.length >= 6) secrets.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  }

  /** The audit lines written since the test began, in order. */
  function events(): Entry[] {
    return gw.logs.lines
      .slice(mark)
      .map((line) => JSON.parse(line) as Entry)
      .filter((entry) => entry.audit === true);
  }

  function expectNoSecrets(entries: Entry[]): void {
    const text = JSON.stringify(entries);
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('Fe26');
  }

  async function signIn(user: { email: string; password: string }, extra = {}): Promise<string> {
    const token = await mfaTokenFor(gw.url, user, extra);
    secrets.push(token);
    return token;
  }

  async function enrollEmail(user: { email: string; password: string }): Promise<{
    recoveryCode: string;
    enrollment: JsonResponse;
    confirmed: JsonResponse;
  }> {
    const mfaToken = await signIn(user);
    const enrollment = keep(
      await call(gw.url, 'POST', '/v1/enrollments', {
        token: mfaToken,
        body: { type: 'email', email: user.email },
      }),
    );
    const code = await latestCode(emulator, user.email);
    secrets.push(code);
    const confirmed = keep(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: enrollment.body.oob_code, binding_code: code },
      }),
    );
    expectTokens(confirmed);
    return {
      recoveryCode: (enrollment.body.recovery_codes as string[])[0],
      enrollment,
      confirmed,
    };
  }

  async function authenticatorId(token: string, channel: string): Promise<string> {
    const list = await call<Entry[]>(gw.url, 'GET', '/v1/authenticators', { token });
    const id = String(list.body.find((a) => a.oob_channel === channel && a.active)?.id);
    secrets.push(id);
    return id;
  }

  const idOf = (response: JsonResponse): string | null => response.headers.get('x-request-id');
  const subOf = (jwt: unknown): string =>
    (JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString()) as { sub: string })
      .sub;

  it('e-mail: enrollment, confirmation, challenge, a wrong code, verification', async () => {
    const user = await createUser(emulator);
    secrets.push(user.email, user.password);
    const { enrollment, confirmed } = await enrollEmail(user);

    const next = await signIn(user);
    const id = await authenticatorId(next, 'email');
    const challenge = keep(
      await call(gw.url, 'POST', '/v1/challenges', { token: next, body: { authenticator_id: id } }),
    );
    const code = await latestCode(emulator, user.email);
    secrets.push(code);
    const wrong = await call(gw.url, 'POST', '/v1/token/oob', {
      token: next,
      body: {
        oob_code: challenge.body.oob_code,
        binding_code: code === '000000' ? '111111' : '000000',
      },
    });
    expect(wrong.body.code).toBe('invalid_binding_code');
    const verified = keep(
      await call(gw.url, 'POST', '/v1/token/oob', {
        token: next,
        body: { oob_code: challenge.body.oob_code, binding_code: code },
      }),
    );
    expectTokens(verified);

    const entries = events();
    expect(entries.map((e) => e.event)).toEqual([
      'enrollment_started',
      'enrollment_confirmed',
      'challenge_sent',
      'verification_failed',
      'verification_succeeded',
    ]);
    const [started, complete, sent, failed, succeeded] = entries;
    const masked = `${'*'.repeat(user.email.indexOf('@'))}@exam*******`;
    expect(started).toMatchObject({
      level: 'info',
      context: 'Audit',
      request_id: idOf(enrollment),
      client_ip: '127.0.0.1',
      channel: 'email',
      destination: masked,
      auth0_event: 'gd_start_enroll',
    });
    // The bearer was an opaque mfa_token: no user id to tell.
    expect(started.user_id).toBeUndefined();
    expect(complete).toMatchObject({
      request_id: idOf(confirmed),
      user_id: user.user_id,
      grant: 'oob',
      flow: 'enrollment',
      auth0_event: 'gd_enrollment_complete',
    });
    expect(subOf(confirmed.body.id_token)).toBe(user.user_id);
    expect(sent).toMatchObject({
      request_id: idOf(challenge),
      client_ip: '127.0.0.1',
      authenticator_kind: 'email',
      challenge_type: 'oob',
      channel: 'email',
      auth0_event: 'gd_send_mail',
    });
    expect(failed).toMatchObject({
      request_id: idOf(wrong),
      grant: 'oob',
      flow: 'sign_in',
      reason: 'invalid_binding_code',
      auth0_event: 'gd_auth_failed',
    });
    expect(failed.user_id).toBeUndefined();
    expect(succeeded).toMatchObject({
      request_id: idOf(verified),
      user_id: user.user_id,
      grant: 'oob',
      flow: 'sign_in',
      auth0_event: 'gd_auth_succeed',
    });
    expect(new Set(entries.map((e) => e.request_id)).size).toBe(5);
    expectNoSecrets(entries);
  });

  it('SMS and voice: masked number at enrollment, the voice twin at challenge', async () => {
    const user = await createUser(emulator);
    secrets.push(user.email, user.password, '4155550123');
    const mfaToken = await signIn(user);
    const enrollment = keep(
      await call(gw.url, 'POST', '/v1/enrollments', {
        token: mfaToken,
        body: { type: 'sms', phone_number: '+1 (415) 555-0123' },
      }),
    );
    const code = await latestCode(emulator, '+14155550123');
    secrets.push(code);
    expectTokens(
      keep(
        await call(gw.url, 'POST', '/v1/enrollments/confirm', {
          token: mfaToken,
          body: { oob_code: enrollment.body.oob_code, binding_code: code },
        }),
      ),
    );
    const next = await signIn(user);
    const voice = await authenticatorId(next, 'voice');
    const challenge = keep(
      await call(gw.url, 'POST', '/v1/challenges', {
        token: next,
        body: { authenticator_id: voice },
      }),
    );
    const voiceCode = await latestCode(emulator, '+14155550123');
    secrets.push(voiceCode);
    expectTokens(
      keep(
        await call(gw.url, 'POST', '/v1/token/oob', {
          token: next,
          body: { oob_code: challenge.body.oob_code, binding_code: voiceCode },
        }),
      ),
    );

    const entries = events();
    expect(entries.map((e) => e.event)).toEqual([
      'enrollment_started',
      'enrollment_confirmed',
      'challenge_sent',
      'verification_succeeded',
    ]);
    expect(entries[0]).toMatchObject({
      channel: 'sms',
      destination: 'XXXXXXXX0123',
      auth0_event: 'gd_start_enroll',
    });
    expect(entries[2]).toMatchObject({
      authenticator_kind: 'voice',
      channel: 'voice',
      auth0_event: 'gd_send_voice',
    });
    expect(entries[3]).toMatchObject({ user_id: user.user_id, grant: 'oob' });
    expectNoSecrets(entries);
    expect(JSON.stringify(entries)).not.toContain('555-0123');
  });

  it('authenticator app: OTP enrollment, a challenge that sends nothing, a wrong and a right code', async () => {
    const user = await createUser(emulator);
    secrets.push(user.email, user.password);
    const mfaToken = await signIn(user);
    const enrollment = keep(
      await call(gw.url, 'POST', '/v1/enrollments', { token: mfaToken, body: { type: 'otp' } }),
    );
    const secret = enrollment.body.secret as string;
    expectTokens(
      keep(
        await call(gw.url, 'POST', '/v1/enrollments/confirm', {
          token: mfaToken,
          body: { otp: await totpNow(emulator, secret) },
        }),
      ),
    );
    await advanceClock(emulator, 31);
    const next = await signIn(user);
    const list = await call<Entry[]>(gw.url, 'GET', '/v1/authenticators', { token: next });
    const totp = String(list.body.find((a) => String(a.id).startsWith('totp|'))?.id);
    secrets.push(totp);
    await call(gw.url, 'POST', '/v1/challenges', { token: next, body: { authenticator_id: totp } });
    const good = await totpNow(emulator, secret);
    const wrong = await call(gw.url, 'POST', '/v1/token/otp', {
      token: next,
      body: { otp: good === '000000' ? '111111' : '000000' },
    });
    expect(wrong.body.code).toBe('invalid_otp');
    expectTokens(
      keep(await call(gw.url, 'POST', '/v1/token/otp', { token: next, body: { otp: good } })),
    );

    const entries = events();
    expect(entries.map((e) => e.event)).toEqual([
      'enrollment_started',
      'enrollment_confirmed',
      'challenge_sent',
      'verification_failed',
      'verification_succeeded',
    ]);
    expect(entries[0]).toMatchObject({ channel: 'otp', auth0_event: 'gd_start_enroll' });
    expect(entries[0].destination).toBeUndefined();
    expect(entries[1]).toMatchObject({ grant: 'otp', flow: 'enrollment', user_id: user.user_id });
    expect(entries[2]).toMatchObject({
      authenticator_kind: 'totp',
      challenge_type: 'otp',
      auth0_event: 'gd_start_auth',
    });
    expect(entries[2].channel).toBeUndefined();
    expect(entries[3]).toMatchObject({ grant: 'otp', reason: 'invalid_otp' });
    expect(entries[4]).toMatchObject({ grant: 'otp', user_id: user.user_id });
    expectNoSecrets(entries);
  });

  it('recovery code: a wrong one, then the right one', async () => {
    const user = await createUser(emulator);
    secrets.push(user.email, user.password);
    const { recoveryCode } = await enrollEmail(user);
    const next = await signIn(user);
    const wrong = await call(gw.url, 'POST', '/v1/token/recovery-code', {
      token: next,
      body: { recovery_code: 'A'.repeat(24) },
    });
    expect(wrong.body.code).toBe('invalid_recovery_code');
    const used = keep(
      await call(gw.url, 'POST', '/v1/token/recovery-code', {
        token: next,
        body: { recovery_code: recoveryCode },
      }),
    );
    expectTokens(used);

    const entries = events();
    expect(entries.map((e) => e.event)).toEqual([
      'enrollment_started',
      'enrollment_confirmed',
      'verification_failed',
      'recovery_code_used',
    ]);
    expect(entries[2]).toMatchObject({
      grant: 'recovery-code',
      reason: 'invalid_recovery_code',
      auth0_event: 'gd_recovery_failed',
    });
    expect(entries[3]).toMatchObject({
      request_id: idOf(used),
      user_id: user.user_id,
      grant: 'recovery-code',
      auth0_event: 'gd_recovery_succeed',
    });
    expect(JSON.stringify(entries)).not.toContain(recoveryCode);
    expectNoSecrets(entries);
  });

  it('delete with an MFA-audience access token: the user and the kind, never the id', async () => {
    const user = await createUser(emulator);
    secrets.push(user.email, user.password);
    await enrollEmail(user);
    const mfaToken = await signIn(user, MANAGE);
    const id = await authenticatorId(mfaToken, 'email');
    const challenge = keep(
      await call(gw.url, 'POST', '/v1/challenges', {
        token: mfaToken,
        body: { authenticator_id: id },
      }),
    );
    const code = await latestCode(emulator, user.email);
    secrets.push(code);
    const tokens = expectTokens(
      keep(
        await call(gw.url, 'POST', '/v1/token/oob', {
          token: mfaToken,
          body: { oob_code: challenge.body.oob_code, binding_code: code },
        }),
      ),
    );
    const deleted = await call(gw.url, 'DELETE', `/v1/authenticators/${encodeURIComponent(id)}`, {
      token: tokens.access_token,
    });
    expect(deleted.status).toBe(204);

    const entries = events();
    expect(entries.map((e) => e.event)).toEqual([
      'enrollment_started',
      'enrollment_confirmed',
      'challenge_sent',
      'verification_succeeded',
      'authenticator_deleted',
    ]);
    expect(entries[4]).toMatchObject({
      request_id: idOf(deleted),
      client_ip: '127.0.0.1',
      user_id: user.user_id,
      authenticator_kind: 'email',
      auth0_event: 'gd_unenroll',
    });
    expectNoSecrets(entries);
    expect(JSON.stringify(entries)).not.toContain(id.split('|')[1]);
  });
});
