import { createUser, latestCode } from './support/emulator';
import { expectTokens, mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

// Seed "Enroll and Challenge Email Authenticators", end to end through /v1 against the real emulator.
describe('e-mail factor: enroll, confirm, then challenge on the next sign-in', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('walks the whole seed flow', async () => {
    const emulator = gw.emulator!.url;
    const user = await createUser(emulator);

    const login = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
    });
    expect(login.status).toBe(403);
    expect(login.headers.get('content-type')).toContain('application/problem+json');
    expect(login.body).toMatchObject({ code: 'mfa_required', status: 403 });
    const mfaToken = login.body.mfa_token as string;
    expect(mfaToken).toMatch(/^Fe26\.2\*/);

    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'email', email: user.email },
    });
    expect(enrollment.status).toBe(201);
    expect(enrollment.body).toMatchObject({
      authenticator_type: 'oob',
      oob_channel: 'email',
      binding_method: 'prompt',
    });
    expect(enrollment.body.oob_code).toEqual(expect.any(String));
    const recovery = enrollment.body.recovery_codes as string[];
    expect(recovery).toHaveLength(1);
    expect(recovery[0]).toMatch(/^[A-Z0-9]{24}$/);
    const expiresAt = Date.parse(enrollment.body.expires_at as string);
    expect(expiresAt - Date.now()).toBeGreaterThan(290_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(300_000);
    expect(Date.parse(enrollment.body.resend_available_at as string)).toBeGreaterThan(Date.now());

    const code = await latestCode(emulator, user.email);
    expect(enrollment.text).not.toContain(code);
    const confirmed = await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { oob_code: enrollment.body.oob_code, binding_code: code },
    });
    const tokens = expectTokens(confirmed);
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(tokens.scope).toBe('openid profile');

    // A fresh sign-in: the factor is listed active and masked, then challenged and verified.
    const second = await mfaTokenFor(gw.url, user);
    const list = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: second,
    });
    expect(list.status).toBe(200);
    const email = list.body.find((a) => a.oob_channel === 'email');
    expect(email).toMatchObject({ authenticator_type: 'oob', active: true });
    expect(email?.id).toMatch(/^email\|dev_/);
    expect(email?.name).not.toContain(user.email.split('@')[0]);
    expect(email?.name).toMatch(/^user\*+@exam\*+$/);

    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: second,
      body: { authenticator_id: email?.id },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ challenge_type: 'oob', binding_method: 'prompt' });
    expect(challenge.body.expires_at).toEqual(expect.any(String));
    expect(challenge.body.resend_available_at).toEqual(expect.any(String));

    const challengeCode = await latestCode(emulator, user.email);
    expect(challenge.text).not.toContain(challengeCode);
    const verified = await call(gw.url, 'POST', '/v1/token/oob', {
      token: second,
      body: { oob_code: challenge.body.oob_code, binding_code: challengeCode },
    });
    expectTokens(verified);
    expect(verified.headers.get('cache-control')).toBe('no-store');
  });
});
