import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { EmulatorClient, GRANT } from './emulator-client';

const PHONE = '+14155550123';

describe('emulator: discovery, JWKS and signed tokens', () => {
  let emu: EmulatorClient;

  beforeAll(async () => {
    emu = await EmulatorClient.start({ domain: 'dev-tenant.example.test' });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('publishes discovery with the exact issuer and https endpoints', async () => {
    const answer = await emu.raw('GET', '/.well-known/openid-configuration');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      issuer: 'https://dev-tenant.example.test/',
      token_endpoint: 'https://dev-tenant.example.test/oauth/token',
      mfa_challenge_endpoint: 'https://dev-tenant.example.test/mfa/challenge',
      jwks_uri: 'https://dev-tenant.example.test/.well-known/jwks.json',
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('publishes one RS256 signing key', async () => {
    const answer = await emu.raw('GET', '/.well-known/jwks.json');
    expect(answer.status).toBe(200);
    expect(answer.body.keys).toEqual([
      expect.objectContaining({
        kty: 'RSA',
        alg: 'RS256',
        use: 'sig',
        kid: expect.any(String),
        e: 'AQAB',
      }),
    ]);
    expect(answer.body.keys[0].d).toBeUndefined();
  });

  it('signs id_tokens and access tokens that verify against its own JWKS with the discovered issuer', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const token = await emu.mfaToken(user, {
      scope: 'openid email offline_access',
      audience: 'https://api.example.test/',
    });
    const challenged = await emu.challenge(token);
    const tokens = await emu.oobGrant(token, challenged.body.oob_code, await emu.lastCode(PHONE));
    expect(tokens.status).toBe(200);

    const discovery = (await emu.raw('GET', '/.well-known/openid-configuration')).body;
    // Discovery names the public https URL; the key set is fetched from the real loopback listener.
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`));
    const id = await jwtVerify(tokens.body.id_token, jwks, {
      issuer: discovery.issuer,
      audience: emu.emulator.clientId,
      algorithms: ['RS256'],
    });
    expect(id.payload).toMatchObject({ sub: user.userId, email: user.email });
    expect(typeof id.payload.iat).toBe('number');
    expect(id.payload.exp).toBeGreaterThan(id.payload.iat!);

    const access = await jwtVerify(tokens.body.access_token, jwks, {
      issuer: discovery.issuer,
      audience: 'https://api.example.test/',
    });
    expect(access.payload.sub).toBe(user.userId);
    expect(tokens.body.expires_in).toBe((access.payload.exp ?? 0) - (access.payload.iat ?? 0));
  });

  it('uses the userinfo audience when none was asked for', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const token = await emu.mfaToken(user, { scope: 'openid' });
    const challenged = await emu.challenge(token);
    const tokens = await emu.oobGrant(token, challenged.body.oob_code, await emu.lastCode(PHONE));
    expect(decodeJwt(tokens.body.access_token).aud).toBe(
      'https://dev-tenant.example.test/userinfo',
    );
  });

  it('refreshes with rotation and refuses unknown, used or revoked refresh tokens', async () => {
    const user = await emu.newUser();
    await emu.enrollPhone(user, PHONE);
    const token = await emu.mfaToken(user, { scope: 'openid offline_access' });
    const challenged = await emu.challenge(token);
    const first = await emu.oobGrant(token, challenged.body.oob_code, await emu.lastCode(PHONE));
    const refreshToken = first.body.refresh_token as string;
    expect(refreshToken).toEqual(expect.any(String));

    const refreshed = await emu.token({ grant_type: GRANT.refresh, refresh_token: refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({
      access_token: expect.any(String),
      id_token: expect.any(String),
      refresh_token: expect.any(String),
      scope: 'openid offline_access',
      expires_in: 86400,
      token_type: 'Bearer',
    });
    expect(decodeJwt(refreshed.body.id_token).sub).toBe(user.userId);
    // Rotation: a new refresh token replaces the one just used.
    const rotated = refreshed.body.refresh_token as string;
    expect(rotated).not.toBe(refreshToken);
    const reused = await emu.token({ grant_type: GRANT.refresh, refresh_token: refreshToken });
    expect(reused.status).toBe(403);

    const unknown = await emu.token({ grant_type: GRANT.refresh, refresh_token: 'nope' });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });

    const revoked = await emu.form('/oauth/revoke', { ...emu.credentials, token: rotated });
    expect(revoked.status).toBe(200);
    const after = await emu.token({ grant_type: GRANT.refresh, refresh_token: rotated });
    expect(after.status).toBe(403);
    expect(after.body.error_description).toBe('Unknown or invalid refresh token.');
  });
});
