import { advanceClock, createUser } from './support/emulator';
import { enrolledEmailUser, expectTokens, mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';
import { totpNow } from './support/totp';

describe('authenticator app (OTP) and recovery codes', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('enrolls an authenticator app, confirms it with a computed TOTP, and signs in with it later', async () => {
    const emulator = gw.emulator!.url;
    const user = await createUser(emulator);
    const mfaToken = await mfaTokenFor(gw.url, user);

    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'otp' },
    });
    expect(enrollment.status).toBe(201);
    expect(enrollment.body.authenticator_type).toBe('otp');
    const secret = enrollment.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.body.barcode_uri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrollment.body.oob_code).toBeUndefined();

    expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { otp: await totpNow(emulator, secret) },
      }),
    );

    // Next window, so the code differs from the one used to confirm.
    await advanceClock(emulator, 31);
    const next = await mfaTokenFor(gw.url, user);
    const list = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: next,
    });
    const totp = list.body.find((a) => String(a.id).startsWith('totp|'));
    expect(totp).toMatchObject({ authenticator_type: 'otp', active: true });

    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: next,
      body: { authenticator_id: totp?.id },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({ challenge_type: 'otp' });

    const wrong = await call(gw.url, 'POST', '/v1/token/otp', {
      token: next,
      body: { otp: '000000' },
    });
    // A one-in-a-million chance that 000000 is right; the emulator's codes come from a CSPRNG.
    if (wrong.status !== 200) expect(wrong.body.code).toBe('invalid_otp');
    expectTokens(
      await call(gw.url, 'POST', '/v1/token/otp', {
        token: next,
        body: { otp: await totpNow(emulator, secret) },
      }),
    );
  });

  it('signs in with the recovery code, returns a new one, and refuses the old one after', async () => {
    const { user, recoveryCode } = await enrolledEmailUser(gw.url, gw.emulator!.url);

    const lostPhone = await mfaTokenFor(gw.url, user);
    const recovered = await call(gw.url, 'POST', '/v1/token/recovery-code', {
      token: lostPhone,
      body: { recovery_code: recoveryCode },
    });
    const tokens = expectTokens(recovered);
    expect(tokens.recovery_code).toMatch(/^[A-Z0-9]{24}$/);
    expect(tokens.recovery_code).not.toBe(recoveryCode);

    const again = await mfaTokenFor(gw.url, user);
    const reused = await call(gw.url, 'POST', '/v1/token/recovery-code', {
      token: again,
      body: { recovery_code: recoveryCode },
    });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('invalid_recovery_code');

    expectTokens(
      await call(gw.url, 'POST', '/v1/token/recovery-code', {
        token: again,
        body: { recovery_code: tokens.recovery_code },
      }),
    );
  });
});
