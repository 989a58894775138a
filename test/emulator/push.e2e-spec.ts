import { EmulatorClient, expectError, GRANT, TestUser, totpCode } from './emulator-client';

const PENDING = 'Authorization pending: please repeat the request in a few seconds.';

describe('emulator: push (Guardian) with its virtual device', () => {
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

  const poll = (mfaToken: string, oobCode: string) =>
    emu.token({ grant_type: GRANT.oob, mfa_token: mfaToken, oob_code: oobCode });

  /** Enrolls push through the virtual device; returns the device id (the push authenticator's id). */
  async function enrollPush(mfaToken: string): Promise<string> {
    const associated = await emu.associate(mfaToken, {
      authenticator_types: ['oob'],
      oob_channels: ['auth0'],
    });
    const scanned = await emu.json('POST', '/__emulator/guardian/scan', {
      barcode_uri: associated.body.barcode_uri,
    });
    await emu.advance(5);
    expect((await poll(mfaToken, associated.body.oob_code)).status).toBe(200);
    return scanned.body.device_id as string;
  }

  async function notificationFor(deviceId: string): Promise<string> {
    const waiting = await emu.raw(
      'GET',
      `/__emulator/guardian/notifications?device_id=${encodeURIComponent(deviceId)}`,
    );
    expect(waiting.body).toHaveLength(1);
    return waiting.body[0].id as string;
  }

  it('enrolls: a barcode_uri to scan, no binding_method, pending until the device scans it', async () => {
    const mfaToken = await emu.mfaToken(user);
    const associated = await emu.associate(mfaToken, {
      authenticator_types: ['oob'],
      oob_channels: ['auth0'],
    });
    expect(associated.status).toBe(200);
    expect(associated.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Object.keys(associated.body)).toEqual([
      'authenticator_type',
      'barcode_uri',
      'recovery_codes',
      'oob_channel',
      'oob_code',
    ]);
    expect(associated.body.oob_channel).toBe('auth0');
    expect(associated.body.oob_code).toHaveLength(620);
    const uri = new URL(associated.body.barcode_uri as string);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('enrollment_tx_id')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(uri.searchParams.get('base_url')).toBe(`https://${emu.emulator.domain}/appliance-mfa`);

    expectError(
      await poll(mfaToken, associated.body.oob_code),
      400,
      'authorization_pending',
      PENDING,
    );
    const scanned = await emu.json('POST', '/__emulator/guardian/scan', {
      barcode_uri: associated.body.barcode_uri,
      device_name: 'Test phone',
    });
    expect(scanned.status).toBe(200);
    // Polled again before 5 s have passed since the last poll.
    const tooSoon = await poll(mfaToken, associated.body.oob_code);
    expectError(
      tooSoon,
      400,
      'slow_down',
      'You are polling faster than allowed. Try again in 5 seconds.',
    );
    await emu.advance(5);
    const granted = await poll(mfaToken, associated.body.oob_code);
    expect(granted.status).toBe(200);
    expect(granted.body.token_type).toBe('Bearer');

    const listed = (await emu.list(mfaToken)).body as Record<string, unknown>[];
    expect(listed.find((a) => a.oob_channel === 'auth0')).toEqual({
      id: scanned.body.device_id,
      authenticator_type: 'oob',
      active: true,
      oob_channel: 'auth0',
      name: 'Test phone',
      type: 'push-notification',
    });
  });

  it('challenges: a notification the device approves or rejects', async () => {
    const deviceId = await enrollPush(await emu.mfaToken(user));

    const mfaToken = await emu.mfaToken(user);
    const challenged = await emu.challenge(mfaToken, { authenticator_id: deviceId });
    expect(challenged.status).toBe(200);
    expect(Object.keys(challenged.body)).toEqual(['challenge_type', 'oob_code']);
    expect(challenged.body.challenge_type).toBe('oob');
    await emu.raw(
      'POST',
      `/__emulator/guardian/notifications/${await notificationFor(deviceId)}/reject`,
    );
    expectError(
      await poll(mfaToken, challenged.body.oob_code),
      400,
      'access_denied',
      'MFA Authorization rejected.',
    );
    // A rejected request is over: its oob_code is used up.
    await emu.advance(5);
    expectError(
      await poll(mfaToken, challenged.body.oob_code),
      403,
      'invalid_grant',
      'Malformed oob_code',
    );

    const again = await emu.challenge(mfaToken, { authenticator_id: deviceId });
    const approved = await emu.raw(
      'POST',
      `/__emulator/guardian/notifications/${await notificationFor(deviceId)}/approve`,
    );
    expect(approved.status).toBe(204);
    expect((await poll(mfaToken, again.body.oob_code)).status).toBe(200);
  });

  it('expires an unanswered request after 5 minutes, and sends at most 5 a minute', async () => {
    const deviceId = await enrollPush(await emu.mfaToken(user));
    const mfaToken = await emu.mfaToken(user);
    const first = await emu.challenge(mfaToken, { authenticator_id: deviceId });
    await emu.advance(301);
    expectError(
      await poll(mfaToken, first.body.oob_code),
      403,
      'expired_token',
      'oob_code is expired',
    );

    for (let i = 0; i < 5; i++) {
      expect((await emu.challenge(mfaToken, { authenticator_id: deviceId })).status).toBe(200);
    }
    const refused = await emu.challenge(mfaToken, { authenticator_id: deviceId });
    expectError(
      refused,
      429,
      'invalid_request',
      'Too many push notifications sent by the user. Wait for some minutes before retrying.',
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 404 for a notification or a barcode it does not know', async () => {
    const unknown = await emu.raw('POST', '/__emulator/guardian/notifications/nothing/approve');
    expect(unknown.status).toBe(404);
    const scan = await emu.json('POST', '/__emulator/guardian/scan', {
      barcode_uri: 'otpauth://totp/x:y?enrollment_tx_id=nope',
    });
    expect(scan.status).toBe(404);
  });

  it("lists one user's waiting requests by e-mail address, and none for an unknown address", async () => {
    const deviceId = await enrollPush(await emu.mfaToken(user));
    const other = await emu.newUser();
    await enrollPush(await emu.mfaToken(other));
    await emu.challenge(await emu.mfaToken(user), { authenticator_id: deviceId });
    const mine = await emu.raw(
      'GET',
      `/__emulator/guardian/notifications?email=${encodeURIComponent(user.email.toUpperCase())}`,
    );
    expect(mine.body).toEqual([
      { id: expect.any(String), device_id: deviceId, expires_at: expect.any(String) },
    ]);
    const theirs = await emu.raw(
      'GET',
      `/__emulator/guardian/notifications?email=${encodeURIComponent(other.email)}`,
    );
    expect(theirs.body).toEqual([]);
    const nobody = await emu.raw(
      'GET',
      '/__emulator/guardian/notifications?email=nobody%40example.com',
    );
    expect(nobody.body).toEqual([]);
  });

  it("shows what the user's authenticator app shows now, by the emulator's clock", async () => {
    const token = await emu.mfaToken(user);
    const associated = await emu.associate(token, { authenticator_types: ['otp'] });
    const now = await emu.alignToTotpWindow();
    const codes = await emu.raw(
      'GET',
      `/__emulator/authenticator-app/codes?email=${encodeURIComponent(user.email)}`,
    );
    expect(codes.status).toBe(200);
    expect(codes.body).toEqual([
      {
        authenticator_id: expect.stringMatching(/^totp\|/),
        code: totpCode(associated.body.secret as string, now),
        expires_in: expect.any(Number),
      },
    ]);
    expect(codes.body[0].expires_in).toBeGreaterThan(20);
    expect(codes.body[0].expires_in).toBeLessThanOrEqual(30);
    // The code confirms the enrollment, as the app's would.
    const confirmed = await emu.token({
      grant_type: GRANT.otp,
      mfa_token: token,
      otp: codes.body[0].code as string,
    });
    expect(confirmed.status).toBe(200);
    const nobody = await emu.raw(
      'GET',
      '/__emulator/authenticator-app/codes?email=nobody%40example.com',
    );
    expect(nobody.body).toEqual([]);
    expect((await emu.raw('GET', '/__emulator/authenticator-app/codes')).status).toBe(400);
  });
});
