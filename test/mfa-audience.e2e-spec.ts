import { latestCode } from './support/emulator';
import { enrolledEmailUser, expectTokens, mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

const MANAGE = {
  audience: 'mfa',
  scope: 'openid enroll read:authenticators remove:authenticators',
};

describe('MFA-audience access token and refresh', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  const enrolledUser = async (): Promise<{ email: string; password: string }> =>
    (await enrolledEmailUser(gw.url, gw.emulator!.url)).user;

  async function challengeEmail(mfaToken: string, email: string): Promise<Record<string, unknown>> {
    const list = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: mfaToken,
    });
    const factor = list.body.find((a) => a.oob_channel === 'email' && a.active);
    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: mfaToken,
      body: { authenticator_id: factor?.id },
    });
    return call(gw.url, 'POST', '/v1/token/oob', {
      token: mfaToken,
      body: {
        oob_code: challenge.body.oob_code,
        binding_code: await latestCode(gw.emulator!.url, email),
      },
    }).then((r) => r.body);
  }

  it('enrolls a second factor, lists and deletes with the MFA-audience token', async () => {
    const user = await enrolledUser();

    // With an mfa_token a second enrollment is refused: challenge an existing factor first.
    const mfaToken = await mfaTokenFor(gw.url, user, MANAGE);
    const refused = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+44 7911 123456' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('already_enrolled');

    const tokens = await challengeEmail(mfaToken, user.email);
    const access = tokens.access_token as string;
    expect(tokens.scope).toContain('remove:authenticators');

    const second = await call(gw.url, 'POST', '/v1/enrollments', {
      token: access,
      body: { type: 'sms', phone_number: '+44 7911 123456' },
    });
    expect(second.status).toBe(201);
    expect(second.body.recovery_codes).toBeUndefined();

    const list = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: access,
    });
    expect(list.status).toBe(200);
    const sms = list.body.find((a) => a.oob_channel === 'sms');
    expect(sms).toMatchObject({ active: false });

    // An mfa_token cannot delete; the MFA-audience token can, and the voice twin goes with it.
    const withMfaToken = await call(
      gw.url,
      'DELETE',
      `/v1/authenticators/${encodeURIComponent(String(sms?.id))}`,
      {
        token: mfaToken,
      },
    );
    expect(withMfaToken.status).toBe(403);
    expect(withMfaToken.body.code).toBe('insufficient_scope');

    const deleted = await call(
      gw.url,
      'DELETE',
      `/v1/authenticators/${encodeURIComponent(String(sms?.id))}`,
      {
        token: access,
      },
    );
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const after = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: access,
    });
    expect(after.body.some((a) => a.oob_channel === 'sms' || a.oob_channel === 'voice')).toBe(
      false,
    );

    const unknown = await call(
      gw.url,
      'DELETE',
      `/v1/authenticators/${encodeURIComponent(String(sms?.id))}`,
      {
        token: access,
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('authenticator_not_found');
  });

  it('exchanges a refresh token obtained with offline_access', async () => {
    const user = await enrolledUser();
    const mfaToken = await mfaTokenFor(gw.url, user, { scope: 'openid profile offline_access' });
    const tokens = await challengeEmail(mfaToken, user.email);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const refreshed = await call(gw.url, 'POST', '/v1/token/refresh', {
      body: { refresh_token: tokens.refresh_token },
    });
    const fresh = expectTokens(refreshed);
    const claims = (jwt: unknown): Record<string, unknown> =>
      JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString()) as Record<
        string,
        unknown
      >;
    expect(claims(fresh.access_token).sub).toBe(claims(tokens.access_token).sub);
    expect(claims(fresh.access_token).exp).toEqual(expect.any(Number));

    const bogus = await call(gw.url, 'POST', '/v1/token/refresh', {
      body: { refresh_token: 'not-a-refresh-token' },
    });
    expect(bogus.status).toBe(401);
    expect(bogus.body.code).toBe('invalid_token');
  });
});
