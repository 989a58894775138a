import { EmulatorClient, findAuthenticator, expectError, GRANT, totpCode } from './emulator-client';

const PHONE = '+14155550123';

describe('emulator: POST /mfa/associate', () => {
  let emu: EmulatorClient;

  beforeAll(async () => {
    emu = await EmulatorClient.start();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('enrolls an sms phone: the wire shape, a delivered 6-digit code and one recovery code', async () => {
    const user = await emu.newUser();
    const answer = await emu.associate(await emu.mfaToken(user), {
      authenticator_types: ['oob'],
      oob_channels: ['sms'],
      phone_number: PHONE,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual({
      authenticator_type: 'oob',
      binding_method: 'prompt',
      oob_channel: 'sms',
      oob_code: expect.stringMatching(/^Fe26\.2\*/),
      recovery_codes: [expect.stringMatching(/^[A-Z0-9]{24}$/)],
    });
    const outbox = await emu.raw('GET', `/__emulator/outbox?to=${encodeURIComponent(PHONE)}`);
    expect(outbox.body).toEqual([
      {
        channel: 'sms',
        to: PHONE,
        code: expect.stringMatching(/^\d{6}$/),
        text: expect.stringContaining(outbox.body[0].code),
        sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
  });

  it('enrolls voice and email channels', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    const voice = await emu.associate(token, {
      authenticator_types: ['oob'],
      oob_channels: ['voice'],
      phone_number: PHONE,
    });
    expect(voice.body.oob_channel).toBe('voice');
    expect(
      (await emu.raw('GET', `/__emulator/outbox?to=${encodeURIComponent(PHONE)}`)).body[0].channel,
    ).toBe('voice');
    const email = await emu.associate(token, {
      authenticator_types: ['oob'],
      oob_channels: ['email'],
      email: user.email,
    });
    expect(email.status).toBe(200);
    expect(email.body).toMatchObject({
      authenticator_type: 'oob',
      binding_method: 'prompt',
      oob_channel: 'email',
    });
    expect(await emu.lastCode(user.email)).toMatch(/^\d{6}$/);
  });

  it('enrolls otp with a 32-character base32 secret and the otpauth barcode_uri; a TOTP confirms it', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    const answer = await emu.associate(token, { authenticator_types: ['otp'] });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      authenticator_type: 'otp',
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      barcode_uri: `otpauth://totp/localhost:${encodeURIComponent(user.email)}?secret=${answer.body.secret}&issuer=localhost&algorithm=SHA1&digits=6&period=30`,
      recovery_codes: [expect.stringMatching(/^[A-Z0-9]{24}$/)],
    });
    const now = await emu.alignToTotpWindow();
    const granted = await emu.token({
      grant_type: GRANT.otp,
      mfa_token: token,
      otp: totpCode(answer.body.secret, now),
    });
    expect(granted.status).toBe(200);
    const listed = await emu.list(token);
    expect(findAuthenticator(listed, (a) => a.authenticator_type === 'otp').active).toBe(true);
  });

  it('returns the recovery code with the very first association only, as a real tenant does', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    const first = await emu.associate(token, { authenticator_types: ['otp'] });
    expect(first.body.recovery_codes).toEqual([expect.stringMatching(/^[A-Z0-9]{24}$/)]);
    // The first enrollment abandoned: the second association, still before any confirmation, has none.
    const second = await emu.associate(token, {
      authenticator_types: ['oob'],
      oob_channels: ['sms'],
      phone_number: PHONE,
    });
    expect(second.status).toBe(200);
    expect(second.body.recovery_codes).toBeUndefined();
    await emu.oobGrant(token, second.body.oob_code, await emu.lastCode(PHONE));
    const access = await emu.mfaApiToken(user, PHONE, 'enroll');
    const third = await emu.associate(access, { authenticator_types: ['otp'] });
    expect(third.status).toBe(200);
    expect(third.body.recovery_codes).toBeUndefined();
    // The code shown that first time is the one that works once a factor is confirmed.
    const recovered = await emu.recoveryGrant(
      await emu.mfaToken(user),
      first.body.recovery_codes[0],
    );
    expect(recovered.status).toBe(200);
  });

  it('refuses an mfa_token once the user has an active factor', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const answer = await emu.associate(await emu.mfaToken(user), { authenticator_types: ['otp'] });
    expectError(answer, 403, 'access_denied', 'User is already enrolled.');
  });

  it('lets an MFA-audience access token with enroll associate for an enrolled user', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const access = await emu.mfaApiToken(user, PHONE, 'enroll');
    const answer = await emu.associate(access, { authenticator_types: ['otp'] });
    expect(answer.status).toBe(200);
    expect(answer.body.authenticator_type).toBe('otp');
  });

  it('refuses an MFA-audience access token without enroll', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const access = await emu.mfaApiToken(user, PHONE, 'read:authenticators');
    expectError(
      await emu.associate(access, { authenticator_types: ['otp'] }),
      403,
      'insufficient_scope',
      'Insufficient scope, expected any of: enroll',
    );
  });

  it('treats a verified e-mail alone as not yet enrolled', async () => {
    const user = await emu.newUser(true);
    const answer = await emu.associate(await emu.mfaToken(user), { authenticator_types: ['otp'] });
    expect(answer.status).toBe(200);
  });

  it('does not count a pending (unconfirmed) authenticator as enrolled', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    await emu.associate(token, { authenticator_types: ['otp'] });
    expect((await emu.associate(token, { authenticator_types: ['otp'] })).status).toBe(200);
  });

  it('refuses the 51st authenticator', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    for (let i = 0; i < 50; i += 1) {
      expect((await emu.associate(token, { authenticator_types: ['otp'] })).status).toBe(200);
    }
    expectError(
      await emu.associate(token, { authenticator_types: ['otp'] }),
      400,
      'invalid_request',
      'Maximum number of authenticators reached.',
    );
  });

  it.each(['+1', '4155550123', '+1415555012345678', '+1 415 555 0123', 'not-a-number'])(
    'refuses the invalid phone number %s',
    async (phone) => {
      const user = await emu.newUser();
      const answer = await emu.associate(await emu.mfaToken(user), {
        authenticator_types: ['oob'],
        oob_channels: ['sms'],
        phone_number: phone,
      });
      expectError(answer, 400, 'invalid_request', 'The phone number is invalid.');
    },
  );

  it('names missing and unknown fields', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    expectError(
      await emu.associate(token, {}),
      400,
      'invalid_request',
      'Missing required parameter: authenticator_types',
    );
    expectError(
      await emu.associate(token, { authenticator_types: ['oob'] }),
      400,
      'invalid_request',
      'Missing required parameter: oob_channels',
    );
    expectError(
      await emu.associate(token, { authenticator_types: ['oob'], oob_channels: ['sms'] }),
      400,
      'invalid_request',
      'Missing required parameter: phone_number',
    );
    expectError(
      await emu.associate(token, { authenticator_types: ['otp'], colour: 'blue' }),
      400,
      'invalid_request',
      'Unknown parameter: colour',
    );
  });

  it('refuses bad, missing and expired tokens with 401', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    const invalid = 'The mfa_token provided is invalid. Try getting a new token.';
    expectError(
      await emu.associate('garbage', { authenticator_types: ['otp'] }),
      401,
      'invalid_grant',
      invalid,
    );
    expectError(
      await emu.json('POST', '/mfa/associate', { authenticator_types: ['otp'] }),
      401,
      'invalid_grant',
      invalid,
    );
    await emu.advance(601);
    expectError(
      await emu.associate(token, { authenticator_types: ['otp'] }),
      401,
      'expired_token',
      'mfa_token is expired',
    );
  });

  it('applies the SMS quota to association sends', async () => {
    const user = await emu.newUser();
    const token = await emu.mfaToken(user);
    const body = { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE };
    for (let i = 0; i < 10; i += 1) expect((await emu.associate(token, body)).status).toBe(200);
    const refused = await emu.associate(token, body);
    expectError(
      refused,
      429,
      'invalid_request',
      'Too many SMS sent by the user. Wait for some minutes before retrying.',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
