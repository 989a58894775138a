import { Writable } from 'node:stream';
import pino from 'pino';
import { loadEmulatorOptions, startEmulator } from '../../src/emulator';
import { EmulatorClient, expectError } from './emulator-client';

describe('emulator: test-support endpoints', () => {
  let emu: EmulatorClient;

  beforeAll(async () => {
    emu = await EmulatorClient.start();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('creates users with an auth0| id and refuses an existing e-mail with 409', async () => {
    const created = await emu.json('POST', '/__emulator/users', {
      email: 'new@example.com',
      password: 'pw-1',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/) });
    const again = await emu.json('POST', '/__emulator/users', {
      email: 'NEW@example.com',
      password: 'x',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual(expect.any(String));
    expect(again.body.error_description).toEqual(expect.any(String));
    const demo = await emu.json('POST', '/__emulator/users', {
      email: 'demo@example.com',
      password: 'x',
    });
    expect(demo.status).toBe(409);
  });

  it('refuses a user without e-mail or password', async () => {
    expectError(
      await emu.json('POST', '/__emulator/users', { email: 'a@example.com' }),
      400,
      'invalid_request',
      'Missing required parameter: password',
    );
  });

  it('keeps the outbox newest first, filters by destination and clears it', async () => {
    const a = await emu.newUser(true);
    const b = await emu.newUser(true);
    await emu.challenge(await emu.mfaToken(a));
    await emu.challenge(await emu.mfaToken(b));
    await emu.challenge(await emu.mfaToken(a));
    const all = (await emu.raw('GET', '/__emulator/outbox')).body;
    expect((all as { to: string }[]).map((e) => e.to)).toEqual([a.email, b.email, a.email]);
    expect(Date.parse(all[0].sent_at)).toBeGreaterThanOrEqual(Date.parse(all[2].sent_at));
    const onlyA = (await emu.raw('GET', `/__emulator/outbox?to=${encodeURIComponent(a.email)}`))
      .body;
    expect(onlyA).toHaveLength(2);
    expect(onlyA[0].channel).toBe('email');
    expect(onlyA[0].text).toContain(onlyA[0].code);
    const cleared = await emu.raw('DELETE', '/__emulator/outbox');
    expect(cleared.status).toBe(204);
    expect((await emu.raw('GET', '/__emulator/outbox')).body).toEqual([]);
  });

  it('moves and reports the clock; reset puts it back and restores the demo user', async () => {
    const before = await emu.now();
    const moved = await emu.json('POST', '/__emulator/clock', { advance_seconds: 3600 });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(before + 3600_000);
    expect((await emu.now()) - before).toBeGreaterThanOrEqual(3600_000);
    const user = await emu.newUser();
    expect((await emu.reset()).status).toBe(204);
    expect((await emu.now()) - Date.now()).toBeLessThan(5_000);
    const gone = await emu.passwordGrant(user);
    expect(gone.body.error_description).toBe('Wrong email or password.');
    const demo = await emu.token({
      grant_type: 'password',
      username: 'demo@example.com',
      password: emu.emulator.demoUser.password,
    });
    expect(demo.body.error).toBe('mfa_required');
    expectError(
      await emu.json('POST', '/__emulator/clock', { advance_seconds: 'soon' }),
      400,
      'invalid_request',
      'advance_seconds must be a number of seconds, 0 or more',
    );
  });

  it('answers unknown routes and unreadable bodies in the error shape', async () => {
    const missing = await emu.json('POST', '/nowhere', {});
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(missing.body).toEqual({ error: 'not_found', error_description: 'Not Found' });
    const broken = await emu.raw('POST', '/oauth/token', {
      body: '{"grant_type": ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(
      broken,
      400,
      'invalid_request',
      'The request body could not be read: send JSON or form fields.',
    );
  });
});

describe('emulator: startEmulator and its options', () => {
  it('refuses to start in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startEmulator({ port: 0 })).rejects.toThrow(/production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('runs several independent instances at once, with a banner naming what a newcomer needs', async () => {
    const [one, two] = await Promise.all([
      startEmulator({ port: 0, logDeliveries: false }),
      startEmulator({
        port: 0,
        logDeliveries: false,
        clientId: 'other',
        clientSecret: 'other-secret',
      }),
    ]);
    try {
      expect(one.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(one.url).not.toBe(two.url);
      await fetch(`${one.url}/__emulator/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'only-one@example.com', password: 'pw' }),
      });
      const onTwo = await fetch(`${two.url}/__emulator/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'only-one@example.com', password: 'pw' }),
      });
      expect(onTwo.status).toBe(201);
      const banner = one.banner();
      for (const part of [
        one.url,
        'demo@example.com',
        one.demoUser.password,
        one.clientId,
        one.clientSecret,
        '/__emulator/outbox',
      ]) {
        expect(banner).toContain(part);
      }
      expect(one.demoUser).toEqual({ email: 'demo@example.com', password: expect.any(String) });
      expect(two.clientId).toBe('other');
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('writes one delivery line with the channel, the masked destination and the code', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const emu = await EmulatorClient.start({ logDeliveries: true, logger: pino(sink) });
    try {
      const user = await emu.newUser(true);
      await emu.challenge(await emu.mfaToken(user));
      const code = await emu.lastCode(user.email);
      const deliveries = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.code !== undefined);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ channel: 'email', code });
      expect(deliveries[0].to).not.toBe(user.email);
      expect(deliveries[0].to).toMatch(/^user\*+@exam\*+$/);
      expect(lines.join('')).not.toContain(user.email);
    } finally {
      await emu.close();
    }
  });

  it('writes no delivery line when deliveries are not logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const emu = await EmulatorClient.start({ logDeliveries: false, logger: pino(sink) });
    try {
      const user = await emu.newUser(true);
      await emu.challenge(await emu.mfaToken(user));
      expect(lines).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  it('loads options from the environment with defaults and names a bad variable', () => {
    expect(loadEmulatorOptions({})).toEqual({
      port: 3001,
      host: '127.0.0.1',
      domain: 'localhost',
      clientId: 'mfa-gateway-dev',
      clientSecret: 'mfa-gateway-dev-secret',
      clientAuth: 'client_secret',
      logDeliveries: true,
      fixedCode: undefined,
      mfaRequirements: true,
      phoneChannels: ['sms', 'voice'],
    });
    expect(
      loadEmulatorOptions({
        EMULATOR_PORT: '0',
        EMULATOR_HOST: '0.0.0.0',
        EMULATOR_DOMAIN: 'dev.example.test',
        AUTH0_CLIENT_ID: 'id',
        AUTH0_CLIENT_SECRET: 'secret',
        EMULATOR_LOG_DELIVERIES: 'false',
        EMULATOR_FIXED_CODE: '424242',
        EMULATOR_MFA_REQUIREMENTS: 'false',
        EMULATOR_CLIENT_AUTH: 'private_key_jwt',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      domain: 'dev.example.test',
      clientId: 'id',
      clientSecret: 'secret',
      clientAuth: 'private_key_jwt',
      logDeliveries: false,
      fixedCode: '424242',
      mfaRequirements: false,
      phoneChannels: ['sms', 'voice'],
    });
    expect(() => loadEmulatorOptions({ EMULATOR_PORT: 'abc' })).toThrow(/EMULATOR_PORT/);
    expect(() => loadEmulatorOptions({ EMULATOR_FIXED_CODE: '42' })).toThrow(/EMULATOR_FIXED_CODE/);
    expect(() => loadEmulatorOptions({ EMULATOR_LOG_DELIVERIES: 'maybe' })).toThrow(
      /EMULATOR_LOG_DELIVERIES/,
    );
    expect(() => loadEmulatorOptions({ EMULATOR_DOMAIN: 'https://x/' })).toThrow(/EMULATOR_DOMAIN/);
    expect(() => loadEmulatorOptions({ EMULATOR_MFA_REQUIREMENTS: '2' })).toThrow(
      /EMULATOR_MFA_REQUIREMENTS/,
    );
    expect(() => loadEmulatorOptions({ EMULATOR_CLIENT_AUTH: 'basic' })).toThrow(
      /EMULATOR_CLIENT_AUTH/,
    );
    expect(() =>
      loadEmulatorOptions({ EMULATOR_CLIENT_PUBLIC_KEY_FILE: '/nonexistent/key.pem' }),
    ).toThrow(/EMULATOR_CLIENT_PUBLIC_KEY_FILE/);
  });
});
