import {
  EmulatorClient,
  findAuthenticator,
  expectError,
  GRANT,
  TestUser,
  totpCode,
} from './emulator-client';

const PHONE = '+14155550123';
const SMS_QUOTA = 'Too many SMS sent by the user. Wait for some minutes before retrying.';

describe('emulator: POST /mfa/challenge and the code grants', () => {
  let emu: EmulatorClient;
  let user: TestUser;

  beforeAll(async () => {
    emu = await EmulatorClient.start();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await emu.reset();
    user = await emu.newUser();
  });

  async function smsAuthenticatorId(token: string): Promise<string> {
    const listed = await emu.list(token);
    return findAuthenticator(listed, (a) => a.oob_channel === 'sms').id;
  }

  it('challenges an sms authenticator: the wire shape, a new code, and the mfa-oob grant', async () => {
    await emu.enrollPhone(user, PHONE);
    const token = await emu.mfaToken(user);
    const answer = await emu.challenge(token, {
      challenge_type: 'oob',
      authenticator_id: await smsAuthenticatorId(token),
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      challenge_type: 'oob',
      oob_code: expect.stringMatching(/^Fe26\.2\*/),
      binding_method: 'prompt',
    });
    const granted = await emu.oobGrant(token, answer.body.oob_code, await emu.lastCode(PHONE));
    expect(granted.status).toBe(200);
  });

  it('challenges the voice twin through the voice channel', async () => {
    await emu.enrollPhone(user, PHONE);
    const token = await emu.mfaToken(user);
    const voiceId = (await smsAuthenticatorId(token)).replace('sms|', 'voice|');
    const answer = await emu.challenge(token, { authenticator_id: voiceId });
    expect(answer.status).toBe(200);
    const outbox = await emu.raw('GET', `/__emulator/outbox?to=${encodeURIComponent(PHONE)}`);
    expect(outbox.body[0].channel).toBe('voice');
  });

  it('answers an otp challenge without sending anything; the previous window is accepted, older not', async () => {
    const token = await emu.mfaToken(user);
    const { secret } = (await emu.associate(token, { authenticator_types: ['otp'] })).body;
    let now = await emu.alignToTotpWindow();
    expect(
      (await emu.token({ grant_type: GRANT.otp, mfa_token: token, otp: totpCode(secret, now) }))
        .status,
    ).toBe(200);
    const login = await emu.mfaToken(user);
    const outboxBefore = (await emu.raw('GET', '/__emulator/outbox')).body.length;
    const challenged = await emu.challenge(login, { challenge_type: 'otp' });
    expect(challenged.status).toBe(200);
    expect(challenged.body).toEqual({ challenge_type: 'otp' });
    expect((await emu.raw('GET', '/__emulator/outbox')).body).toHaveLength(outboxBefore);

    await emu.advance(60);
    now = await emu.alignToTotpWindow();
    const older = totpCode(secret, now - 60_000);
    expectError(
      await emu.token({ grant_type: GRANT.otp, mfa_token: login, otp: older }),
      403,
      'invalid_grant',
      'Invalid otp_code.',
    );
    const previous = totpCode(secret, now - 30_000);
    expect(
      (await emu.token({ grant_type: GRANT.otp, mfa_token: login, otp: previous })).status,
    ).toBe(200);
    // The same window is not accepted twice.
    expectError(
      await emu.token({ grant_type: GRANT.otp, mfa_token: login, otp: previous }),
      403,
      'invalid_grant',
      'Invalid otp_code.',
    );
  });

  it('rotates the recovery code on each successful recovery grant', async () => {
    const { recoveryCode } = await emu.enrollPhone(user, PHONE);
    const token = await emu.mfaToken(user, { scope: 'openid' });
    const first = await emu.token({
      grant_type: GRANT.recovery,
      mfa_token: token,
      recovery_code: recoveryCode,
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      access_token: expect.any(String),
      id_token: expect.any(String),
      scope: 'openid',
      expires_in: 86400,
      token_type: 'Bearer',
      recovery_code: expect.stringMatching(/^[A-Z0-9]{24}$/),
    });
    expect(first.body.recovery_code).not.toBe(recoveryCode);
    expectError(
      await emu.token({
        grant_type: GRANT.recovery,
        mfa_token: token,
        recovery_code: recoveryCode,
      }),
      403,
      'invalid_grant',
      'MFA Authorization rejected.',
    );
    const second = await emu.token({
      grant_type: GRANT.recovery,
      mfa_token: token,
      recovery_code: first.body.recovery_code,
    });
    expect(second.status).toBe(200);
  });

  it('says so when the user has no recovery code', async () => {
    const token = await emu.mfaToken(user);
    expectError(
      await emu.token({
        grant_type: GRANT.recovery,
        mfa_token: token,
        recovery_code: 'ABCDEFGHIJKLMNOPQRSTUVWX',
      }),
      403,
      'unsupported_challenge_type',
      'User does not have a recovery-code.',
    );
  });

  it('refuses a user not enrolled at all', async () => {
    expectError(
      await emu.challenge(await emu.mfaToken(user), { challenge_type: 'oob' }),
      401,
      'unsupported_challenge_type',
      'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
    );
  });

  it('refuses a challenge type the user has no authenticator for', async () => {
    await emu.enrollPhone(user, PHONE);
    expectError(
      await emu.challenge(await emu.mfaToken(user), { challenge_type: 'otp' }),
      401,
      'unsupported_challenge_type',
      'User does not have any enrolled authenticator with the supported challenge type (otp)',
    );
  });

  it('refuses an unknown authenticator_id', async () => {
    await emu.enrollPhone(user, PHONE);
    expectError(
      await emu.challenge(await emu.mfaToken(user), {
        authenticator_id: 'sms|dev_doesnotexist0000',
      }),
      404,
      'invalid_request',
      'Authenticator not found.',
    );
  });

  it('challenges the implicit e-mail of a verified user', async () => {
    const verified = await emu.newUser(true);
    const token = await emu.mfaToken(verified);
    const answer = await emu.challenge(token, { challenge_type: 'oob' });
    expect(answer.status).toBe(200);
    expect(
      (await emu.oobGrant(token, answer.body.oob_code, await emu.lastCode(verified.email))).status,
    ).toBe(200);
  });

  it('refuses an access token as mfa_token, expired and foreign tokens, and missing or wrong secrets', async () => {
    await emu.enrollPhone(user, PHONE);
    const access = await emu.mfaApiToken(user, PHONE, 'read:authenticators');
    expectError(await emu.challenge(access), 403, 'invalid_grant', 'Malformed mfa_token');
    const token = await emu.mfaToken(user);
    expectError(
      await emu.json('POST', '/mfa/challenge', {
        client_id: emu.emulator.clientId,
        mfa_token: token,
      }),
      401,
      'access_denied',
      'Client authentication is required',
    );
    expectError(
      await emu.json('POST', '/mfa/challenge', {
        client_id: emu.emulator.clientId,
        client_secret: 'nope',
        mfa_token: token,
      }),
      401,
      'access_denied',
      'Unauthorized',
    );
    await emu.advance(601);
    expectError(await emu.challenge(token), 403, 'expired_token', 'mfa_token is expired');
  });

  it('accepts a form body too', async () => {
    await emu.enrollPhone(user, PHONE);
    const answer = await emu.form('/mfa/challenge', {
      ...emu.credentials,
      mfa_token: await emu.mfaToken(user),
      challenge_type: 'oob',
    });
    expect(answer.status).toBe(200);
  });

  it('limits SMS and voice to 10 per user, then 1 per hour', async () => {
    await emu.enrollPhone(user, PHONE); // the association was send 1
    for (let i = 0; i < 9; i += 1) {
      expect(
        (await emu.challenge(await emu.mfaToken(user), { challenge_type: 'oob' })).status,
      ).toBe(200);
    }
    const token = await emu.mfaToken(user);
    const voiceId = (await smsAuthenticatorId(token)).replace('sms|', 'voice|');
    const refused = await emu.challenge(token, { authenticator_id: voiceId });
    expectError(refused, 429, 'invalid_request', SMS_QUOTA);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    await emu.advance(3600);
    const later = await emu.mfaToken(user);
    expect((await emu.challenge(later, { challenge_type: 'oob' })).status).toBe(200);
    expectError(
      await emu.challenge(later, { challenge_type: 'oob' }),
      429,
      'invalid_request',
      SMS_QUOTA,
    );
  });

  it('limits e-mail to 20 per user, then 1 per minute', async () => {
    const verified = await emu.newUser(true);
    const token = await emu.mfaToken(verified);
    for (let i = 0; i < 20; i += 1) {
      expect((await emu.challenge(token, { challenge_type: 'oob' })).status).toBe(200);
    }
    const refused = await emu.challenge(token, { challenge_type: 'oob' });
    expectError(
      refused,
      429,
      'invalid_request',
      'Too many emails sent by the user. Wait for some minutes before retrying.',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    await emu.advance(60);
    expect((await emu.challenge(token, { challenge_type: 'oob' })).status).toBe(200);
    expect((await emu.challenge(token, { challenge_type: 'oob' })).status).toBe(429);
  });

  it('makes every delivered code the fixed code when configured', async () => {
    const fixed = await EmulatorClient.start({ fixedCode: '424242' });
    try {
      const u = await fixed.newUser(true);
      const token = await fixed.mfaToken(u);
      const challenged = await fixed.challenge(token);
      expect(await fixed.lastCode(u.email)).toBe('424242');
      expect((await fixed.oobGrant(token, challenged.body.oob_code, '424242')).status).toBe(200);
    } finally {
      await fixed.close();
    }
  });
});
