import { createUser, latestCode } from './support/emulator';
import { expectTokens } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

describe('secrets never reach the log', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { LOG_LEVEL: 'trace' } });
  });
  afterAll(() => gw.close());

  it('logs a whole flow at trace level without a token, code, password or address in it', async () => {
    const emulator = gw.emulator!.url;
    const user = await createUser(emulator);
    const secrets: string[] = [user.password, user.email];

    const login = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
    });
    const mfaToken = login.body.mfa_token as string;
    secrets.push(mfaToken);

    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+1 415 555 0199' },
    });
    const oobCode = enrollment.body.oob_code as string;
    const recovery = (enrollment.body.recovery_codes as string[])[0];
    const code = await latestCode(emulator, '+14155550199');
    secrets.push(oobCode, recovery, code, '4155550199');

    // A wrong code too, so the failure path is logged as well.
    await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { oob_code: oobCode, binding_code: code === '000000' ? '111111' : '000000' },
    });
    const tokens = expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: oobCode, binding_code: code },
      }),
    );
    secrets.push(tokens.access_token, tokens.id_token as string);

    const log = gw.logs.text();
    expect(gw.logs.lines.length).toBeGreaterThan(5);
    expect(log).toContain('request completed');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain(gw.config.auth0.clientSecret);
    expect(log).not.toMatch(/authorization/i);
  });

  it('shows each Auth0 call below info — endpoint, grant, outcome and duration — and nothing of it', () => {
    const calls = gw.logs.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.context === 'Auth0Client' && entry.endpoint !== undefined);
    expect(calls.map((c) => [c.level, c.endpoint, c.grant, c.outcome])).toEqual(
      expect.arrayContaining([
        ['debug', 'token', 'password', 403],
        ['debug', 'associate', undefined, 200],
        ['debug', 'token', 'mfa-oob', 403],
        ['debug', 'token', 'mfa-oob', 200],
      ]),
    );
    for (const entry of calls) expect(typeof entry.duration_ms).toBe('number');
  });
});

describe('the log at info', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => gw.close());

  it("writes neither Auth0 calls nor Nest's start-up chatter", async () => {
    const user = await createUser(gw.emulator!.url);
    await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
    });
    const contexts = gw.logs.lines.map(
      (line) => (JSON.parse(line) as { context?: string }).context,
    );
    expect(contexts).not.toContain('Auth0Client');
    expect(contexts).not.toContain('InstanceLoader');
    expect(contexts).not.toContain('RouterExplorer');
  });
});
