import { EmulatorClient, findAuthenticator, expectError, GRANT, TestUser } from './emulator-client';

const PHONE = '+14155550123';

describe('emulator: password grants and mfa_required', () => {
  let emu: EmulatorClient;

  beforeAll(async () => {
    emu = await EmulatorClient.start();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('answers the demo user with 403 mfa_required, an mfa_token and an enroll list', async () => {
    const answer = await emu.token({
      grant_type: GRANT.password,
      username: 'demo@example.com',
      password: emu.emulator.demoUser.password,
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('www-authenticate')).toBeNull();
    expect(answer.body).toEqual({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_token: expect.stringMatching(/^Fe26\.2\*/),
      mfa_requirements: {
        enroll: [
          { type: 'otp' },
          { type: 'push-notification' },
          { type: 'phone' },
          { type: 'email' },
        ],
      },
    });
    // As long as a real one (about 2,000 characters), so limits meet what production meets.
    expect(answer.body.mfa_token).toHaveLength(2000);
  });

  it('gives a challenge list once the user has a factor, and the realm grant behaves alike', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const answer = await emu.token({
      grant_type: GRANT.realm,
      realm: 'Username-Password-Authentication',
      username: user.email,
      password: user.password,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe('mfa_required');
    expect(answer.body.mfa_requirements).toEqual({
      challenge: [
        { type: 'otp' },
        { type: 'push-notification' },
        { type: 'phone' },
        { type: 'email' },
        { type: 'recovery-code' },
      ],
    });
  });

  it('a verified e-mail counts as a factor for mfa_requirements', async () => {
    const user = await emu.newUser(true);
    const answer = await emu.passwordGrant(user);
    expect(answer.body.mfa_requirements.challenge).toBeDefined();
  });

  it('leaves mfa_requirements out when switched off', async () => {
    const other = await EmulatorClient.start({ mfaRequirements: false });
    try {
      const answer = await other.token({
        grant_type: GRANT.password,
        username: 'demo@example.com',
        password: other.emulator.demoUser.password,
      });
      expect(answer.status).toBe(403);
      expect(Object.keys(answer.body).sort()).toEqual(['error', 'error_description', 'mfa_token']);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong password or an unknown user alike', async () => {
    const wrong = await emu.token({
      grant_type: GRANT.password,
      username: 'demo@example.com',
      password: 'not-it',
    });
    expectError(wrong, 403, 'invalid_grant', 'Wrong email or password.');
    const unknown = await emu.token({
      grant_type: GRANT.password,
      username: 'nobody@example.com',
      password: 'x',
    });
    expectError(unknown, 403, 'invalid_grant', 'Wrong email or password.');
  });

  it('requires client authentication on /oauth/token', async () => {
    const fields = { grant_type: GRANT.password, username: 'demo@example.com', password: 'x' };
    const missing = await emu.form('/oauth/token', { ...fields, client_id: emu.emulator.clientId });
    expectError(missing, 401, 'access_denied', 'Unauthorized');
    const wrong = await emu.form('/oauth/token', {
      ...fields,
      client_id: emu.emulator.clientId,
      client_secret: 'wrong',
    });
    expectError(wrong, 401, 'access_denied', 'Unauthorized');
    expect(wrong.headers.get('www-authenticate')).toBeNull();
    const unknownClient = await emu.form('/oauth/token', {
      ...fields,
      client_id: 'someone-else',
      client_secret: emu.emulator.clientSecret,
    });
    expectError(unknownClient, 401, 'access_denied', 'Unauthorized');
  });

  it('refuses a grant type the application may not use, in the words a live tenant uses', async () => {
    const registered = await emu.json('POST', '/__emulator/clients', {
      client_id: 'password-only',
      client_secret: 'password-only-secret',
      grant_types: [GRANT.password],
    });
    expect(registered.status).toBe(201);
    const credentials = { client_id: 'password-only', client_secret: 'password-only-secret' };
    const password = await emu.form('/oauth/token', {
      ...credentials,
      grant_type: GRANT.password,
      username: 'demo@example.com',
      password: 'Demo-password-1',
    });
    expect(password.body.error).toBe('mfa_required');
    const otp = await emu.form('/oauth/token', {
      ...credentials,
      grant_type: GRANT.otp,
      mfa_token: password.body.mfa_token,
      otp: '123456',
    });
    expectError(
      otp,
      403,
      'unauthorized_client',
      `Grant type '${GRANT.otp}' not allowed for the client.`,
    );
  });

  it('accepts client_secret_basic as discovery advertises', async () => {
    const basic = Buffer.from(`${emu.emulator.clientId}:${emu.emulator.clientSecret}`).toString(
      'base64',
    );
    const answer = await emu.form(
      '/oauth/token',
      {
        grant_type: GRANT.password,
        username: 'demo@example.com',
        password: emu.emulator.demoUser.password,
      },
      { authorization: `Basic ${basic}` },
    );
    expect(answer.body.error).toBe('mfa_required');
  });

  it('names missing parameters and unknown grants', async () => {
    expectError(
      await emu.token({ grant_type: GRANT.password, username: 'demo@example.com' }),
      400,
      'invalid_request',
      'Missing required parameter: password',
    );
    expectError(
      await emu.form('/oauth/token', emu.credentials),
      400,
      'invalid_request',
      'Missing required parameter: grant_type',
    );
    expectError(
      await emu.token({ grant_type: 'client_credentials' }),
      403,
      'unsupported_grant_type',
      'Unsupported grant type: client_credentials',
    );
  });
});

describe('emulator: mfa-oob grant', () => {
  let emu: EmulatorClient;
  let user: TestUser;
  let mfaToken: string;
  let oobCode: string;

  beforeAll(async () => {
    emu = await EmulatorClient.start();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await emu.reset();
    user = await emu.newUser();
    mfaToken = await emu.mfaToken(user, { scope: 'openid profile email offline_access' });
    const associated = await emu.associate(mfaToken, {
      authenticator_types: ['oob'],
      oob_channels: ['email'],
      email: user.email,
    });
    oobCode = associated.body.oob_code as string;
  });

  it('confirms the enrollment, returns the token set and activates the authenticator', async () => {
    const answer = await emu.oobGrant(mfaToken, oobCode, await emu.lastCode(user.email));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      id_token: expect.any(String),
      refresh_token: expect.any(String),
      scope: 'openid profile email offline_access',
      expires_in: 86400,
      token_type: 'Bearer',
    });
    const listed = await emu.list(mfaToken);
    expect(findAuthenticator(listed, (a) => a.oob_channel === 'email').active).toBe(true);
  });

  it('leaves id_token and refresh_token out when the scope does not ask for them', async () => {
    const plain = await emu.mfaToken(user);
    const challenged = await emu.associate(plain, {
      authenticator_types: ['oob'],
      oob_channels: ['email'],
      email: user.email,
    });
    const answer = await emu.oobGrant(
      plain,
      challenged.body.oob_code,
      await emu.lastCode(user.email),
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
  });

  it('keeps the oob_code usable after a wrong binding code', async () => {
    const code = await emu.lastCode(user.email);
    const wrong = code === '000000' ? '111111' : '000000';
    expectError(
      await emu.oobGrant(mfaToken, oobCode, wrong),
      403,
      'invalid_grant',
      'Invalid binding_code.',
    );
    expect((await emu.oobGrant(mfaToken, oobCode, code)).status).toBe(200);
  });

  it('refuses a used oob_code as malformed', async () => {
    const code = await emu.lastCode(user.email);
    expect((await emu.oobGrant(mfaToken, oobCode, code)).status).toBe(200);
    expectError(
      await emu.oobGrant(mfaToken, oobCode, code),
      403,
      'invalid_grant',
      'Malformed oob_code',
    );
  });

  it('requires the binding code', async () => {
    const answer = await emu.token({
      grant_type: GRANT.oob,
      mfa_token: mfaToken,
      oob_code: oobCode,
    });
    expectError(answer, 400, 'invalid_request', 'binding_code is required');
  });

  it('refuses malformed oob_codes and mfa_tokens', async () => {
    expectError(
      await emu.oobGrant(mfaToken, 'Fe26.2**nonsense', '123456'),
      403,
      'invalid_grant',
      'Malformed oob_code',
    );
    expectError(
      await emu.oobGrant('Fe26.2**nonsense', oobCode, '123456'),
      403,
      'invalid_grant',
      'Malformed mfa_token',
    );
  });

  it('expires the oob_code after 5 minutes', async () => {
    const code = await emu.lastCode(user.email);
    await emu.advance(301);
    expectError(
      await emu.oobGrant(mfaToken, oobCode, code),
      403,
      'expired_token',
      'oob_code is expired',
    );
  });

  it('accepts the oob_code just before 5 minutes', async () => {
    const code = await emu.lastCode(user.email);
    await emu.advance(290);
    expect((await emu.oobGrant(mfaToken, oobCode, code)).status).toBe(200);
  });

  it('expires the mfa_token after 10 minutes', async () => {
    await emu.advance(601);
    expectError(
      await emu.oobGrant(mfaToken, oobCode, '123456'),
      403,
      'expired_token',
      'mfa_token is expired',
    );
  });

  it('refuses an mfa_token issued to another client', async () => {
    const two = await EmulatorClient.start({
      additionalClients: [{ clientId: 'second-app', clientSecret: 'second-secret' }],
    });
    try {
      const token = await two.mfaToken({
        email: 'demo@example.com',
        password: two.emulator.demoUser.password,
        userId: '',
      });
      const answer = await two.form('/oauth/token', {
        grant_type: GRANT.oob,
        client_id: 'second-app',
        client_secret: 'second-secret',
        mfa_token: token,
        oob_code: 'Fe26.2**whatever',
        binding_code: '123456',
      });
      expectError(answer, 403, 'invalid_request', 'mfa_token not issued to this client');
    } finally {
      await two.close();
    }
  });

  it('refuses the 11th wrong code unjudged with 429 and Retry-After, then refills after 6 minutes', async () => {
    const code = await emu.lastCode(user.email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 10; i += 1) {
      expectError(
        await emu.oobGrant(mfaToken, oobCode, wrong),
        403,
        'invalid_grant',
        'Invalid binding_code.',
      );
    }
    const refused = await emu.oobGrant(mfaToken, oobCode, code);
    expectError(
      refused,
      429,
      'invalid_request',
      'Too many failed codes. Wait for some minutes before retrying.',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(360);
    // One token back after 6 minutes; the mfa_token (10 min) and the oob_code (5 min) would be expired,
    // so the refill is checked with a fresh challenge flow on the same user.
    await emu.advance(360);
    const fresh = await emu.mfaToken(user);
    const again = await emu.associate(fresh, {
      authenticator_types: ['oob'],
      oob_channels: ['email'],
      email: user.email,
    });
    const ok = await emu.oobGrant(fresh, again.body.oob_code, await emu.lastCode(user.email));
    expect(ok.status).toBe(200);
  });

  it('lets exactly one of 20 concurrent submissions of one code succeed', async () => {
    const code = await emu.lastCode(user.email);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => emu.oobGrant(mfaToken, oobCode, code)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(19);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Malformed oob_code',
      });
    }
  });
});
