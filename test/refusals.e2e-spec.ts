import { advanceClock, createUser } from './support/emulator';
import { expectTokens, mfaTokenFor, startEmailEnrollment } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

describe('refusals: every wrong turn gets its documented status and code', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  async function pendingEmailEnrollment(): Promise<{
    mfaToken: string;
    oobCode: string;
    code: string;
    email: string;
  }> {
    const enrollment = await startEmailEnrollment(gw.url, gw.emulator!.url);
    return { ...enrollment, email: enrollment.user.email };
  }

  const wrongCode = (code: string): string =>
    String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('a wrong binding code is invalid_binding_code and the right one still works after it', async () => {
    const { mfaToken, oobCode, code } = await pendingEmailEnrollment();
    const wrong = await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { oob_code: oobCode, binding_code: wrongCode(code) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ code: 'invalid_binding_code', status: 400 });
    expect(wrong.body.request_id).toBe(wrong.headers.get('x-request-id'));

    expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: oobCode, binding_code: code },
      }),
    );

    const reused = await call(gw.url, 'POST', '/v1/token/oob', {
      token: mfaToken,
      body: { oob_code: oobCode, binding_code: code },
    });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('invalid_oob_code');
  });

  it('an expired oob_code is oob_code_expired', async () => {
    const { mfaToken, oobCode, code } = await pendingEmailEnrollment();
    await advanceClock(gw.emulator!.url, 301);
    const expired = await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { oob_code: oobCode, binding_code: code },
    });
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('oob_code_expired');
  });

  it('too many wrong codes is 429 too_many_attempts with Retry-After', async () => {
    const { mfaToken, oobCode, code } = await pendingEmailEnrollment();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const response = await call(gw.url, 'POST', '/v1/token/oob', {
        token: mfaToken,
        body: { oob_code: oobCode, binding_code: wrongCode(code) },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(10).fill(400));
    const blocked = await call(gw.url, 'POST', '/v1/token/oob', {
      token: mfaToken,
      body: { oob_code: oobCode, binding_code: code },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a second enrollment with an mfa_token is already_enrolled', async () => {
    const { mfaToken, oobCode, code, email } = await pendingEmailEnrollment();
    expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: oobCode, binding_code: code },
      }),
    );
    const again = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'email', email },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_enrolled');
  });

  it('a missing bearer token is missing_token; a forged one is invalid_token', async () => {
    const missing = await call(gw.url, 'GET', '/v1/authenticators');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('missing_token');

    const forged = await call(gw.url, 'POST', '/v1/challenges', {
      token: 'Fe26.2*forged*token',
      body: { authenticator_id: 'email|dev_NU1Ofuw3Cw0XCt5x' },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('invalid_token');
    expect(forged.text).not.toContain('forged');
  });

  it('a body carrying client_secret, client_id or an unknown field is validation_failed', async () => {
    for (const extra of [{ client_secret: 'x' }, { client_id: 'y' }, { surprise: true }]) {
      const response = await call(gw.url, 'POST', '/v1/token/password', {
        body: { username: 'demo@example.com', password: 'whatever', ...extra },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: Object.keys(extra)[0] }),
      ]);
    }
  });

  it('wrong username or password is invalid_credentials', async () => {
    const response = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: 'demo@example.com', password: 'not-the-password' },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('invalid_credentials');
  });
});

describe('ALLOWED_FACTORS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { ALLOWED_FACTORS: 'otp,email' } });
  });
  afterAll(() => gw.close());

  it('refuses a switched-off factor with 422 factor_not_allowed', async () => {
    const user = await createUser(gw.emulator!.url);
    const mfaToken = await mfaTokenFor(gw.url, user);
    const response = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+14155550123' },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('factor_not_allowed');
  });
});
