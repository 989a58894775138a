import { decodeJwt } from 'jose';
import { EmulatorClient, expectError, TestUser } from './emulator-client';

const PHONE = '+14155558730';
const MFA_SCOPES = 'enroll read:authenticators remove:authenticators';

interface Listed {
  id: string;
  authenticator_type: string;
  active: boolean;
  oob_channel?: string;
  name?: string;
}

describe('emulator: GET and DELETE /mfa/authenticators', () => {
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

  it('lists the recovery code, sms/voice twins sharing a suffix, masked names and inactive ones', async () => {
    const { mfaToken } = await emu.enrollPhone(user, PHONE);
    const access = await emu.mfaApiToken(user, PHONE, MFA_SCOPES);
    const email = await emu.associate(access, {
      authenticator_types: ['oob'],
      oob_channels: ['email'],
      email: 'user@example.com',
    });
    await emu.oobGrant(mfaToken, email.body.oob_code, await emu.lastCode('user@example.com'));
    await emu.associate(access, { authenticator_types: ['otp'] });

    const listed = await emu.list(mfaToken);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = listed.body as Listed[];
    // In creation order, the recovery code right after the first association, as a real tenant lists
    // them; `type` because this tenant sends mfa_requirements (Customizable MFA).
    expect(body).toEqual([
      {
        id: expect.stringMatching(/^sms\|dev_[A-Za-z0-9]{16}$/),
        authenticator_type: 'oob',
        active: true,
        oob_channel: 'sms',
        name: 'XXXXXXXX8730',
        type: 'phone',
      },
      {
        id: expect.stringMatching(/^voice\|dev_/),
        authenticator_type: 'oob',
        active: true,
        oob_channel: 'voice',
        name: 'XXXXXXXX8730',
        type: 'phone',
      },
      {
        id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/),
        authenticator_type: 'recovery-code',
        active: true,
        type: 'recovery-code',
      },
      {
        id: expect.stringMatching(/^email\|dev_/),
        authenticator_type: 'oob',
        active: true,
        oob_channel: 'email',
        name: '****@exam*******',
        type: 'email',
      },
      {
        id: expect.stringMatching(/^totp\|dev_/),
        authenticator_type: 'otp',
        active: false,
        type: 'otp',
      },
    ]);
    expect(body[0].id.split('|')[1]).toBe(body[1].id.split('|')[1]);
  });

  it('leaves `type` out when the tenant sends no mfa_requirements, as tenants without Customizable MFA do', async () => {
    const plain = await EmulatorClient.start({ mfaRequirements: false });
    try {
      const someone = await plain.newUser();
      const { mfaToken } = await plain.enrollPhone(someone, PHONE);
      const body = (await plain.list(mfaToken)).body as Listed[];
      expect(body.map((a) => Object.keys(a).includes('type'))).toEqual([false, false, false]);
    } finally {
      await plain.close();
    }
  });

  it('lists the implicit e-mail of a verified user, which cannot be deleted', async () => {
    const verified = await emu.newUser(true);
    const token = await emu.mfaToken(verified);
    const listed = (await emu.list(token)).body as Listed[];
    expect(listed).toEqual([
      {
        id: expect.stringMatching(/^email\|dev_/),
        authenticator_type: 'oob',
        active: true,
        oob_channel: 'email',
        name: expect.stringMatching(/^user\*+@exam\*+$/),
        type: 'email',
      },
    ]);
    const access = await emu.mfaApiToken(verified, verified.email, 'remove:authenticators');
    expectError(
      await emu.remove(access, listed[0].id),
      403,
      'access_denied',
      "The user's verified e-mail cannot be deleted.",
    );
  });

  it('deletes one twin and its sibling with 204 and an empty body', async () => {
    const { mfaToken } = await emu.enrollPhone(user, PHONE);
    const access = await emu.mfaApiToken(user, PHONE, MFA_SCOPES);
    const before = (await emu.list(mfaToken)).body as Listed[];
    const voice = before.find((a) => a.oob_channel === 'voice')!;
    const answer = await emu.remove(access, voice.id);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers.get('content-type')).toBe('application/json');
    const after = (await emu.list(mfaToken)).body as Listed[];
    expect(after.map((a) => a.authenticator_type)).toEqual(['recovery-code']);
  });

  it('answers 404 for an unknown id and 403 insufficient_scope for an mfa_token or a token without the scope', async () => {
    const { mfaToken } = await emu.enrollPhone(user, PHONE);
    const sms = ((await emu.list(mfaToken)).body as Listed[]).find((a) => a.oob_channel === 'sms')!;
    const scope = 'Insufficient scope, expected any of: remove:authenticators';
    expectError(await emu.remove(mfaToken, sms.id), 403, 'insufficient_scope', scope);
    const readOnly = await emu.mfaApiToken(user, PHONE, 'read:authenticators');
    expectError(await emu.remove(readOnly, sms.id), 403, 'insufficient_scope', scope);
    const access = await emu.mfaApiToken(user, PHONE, 'remove:authenticators');
    expectError(
      await emu.remove(access, 'sms|dev_0000000000000000'),
      404,
      'invalid_request',
      'Authenticator not found.',
    );
  });

  it('needs read:authenticators on an access token to list', async () => {
    await emu.enrollPhone(user, PHONE);
    const enrollOnly = await emu.mfaApiToken(user, PHONE, 'enroll');
    expectError(
      await emu.list(enrollOnly),
      403,
      'insufficient_scope',
      'Insufficient scope, expected any of: read:authenticators',
    );
    const reader = await emu.mfaApiToken(user, PHONE, 'read:authenticators');
    expect((await emu.list(reader)).status).toBe(200);
  });

  it('refuses a bad or expired bearer when listing', async () => {
    const token = await emu.mfaToken(user);
    expectError(
      await emu.list('garbage'),
      401,
      'invalid_grant',
      'The mfa_token provided is invalid. Try getting a new token.',
    );
    await emu.advance(601);
    expectError(await emu.list(token), 401, 'expired_token', 'mfa_token is expired');
  });

  it('issues the MFA-audience access token with only the MFA API scopes, for 10 minutes', async () => {
    await emu.enrollPhone(user, PHONE);
    const access = await emu.mfaApiToken(user, PHONE, `${MFA_SCOPES} read:users`);
    const claims = decodeJwt(access);
    expect(claims.aud).toBe('https://localhost/mfa/');
    expect(claims.scope).toBe(MFA_SCOPES);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
    expect((await emu.list(access)).status).toBe(200);
    await emu.advance(601);
    expectError(await emu.list(access), 401, 'expired_token', 'mfa_token is expired');
  });

  it('does not accept an access token of another audience as a bearer', async () => {
    const { mfaToken } = await emu.enrollPhone(user, PHONE);
    const challenged = await emu.challenge(mfaToken);
    const tokens = await emu.oobGrant(
      mfaToken,
      challenged.body.oob_code,
      await emu.lastCode(PHONE),
    );
    expectError(
      await emu.list(tokens.body.access_token),
      401,
      'invalid_grant',
      'The mfa_token provided is invalid. Try getting a new token.',
    );
  });
});
