import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createUser } from '../support/emulator';
import { call, JsonResponse } from '../support/http';
import { rsaKeyPair } from '../support/key-pairs';
import { requireBuild, Started, startProcess, waitFor } from '../support/spawned-gateway';

/**
 * An operator rotates secrets by rewriting their files and sending SIGHUP — the real signal, to the gateway
 * as `npm start` runs it (a test's own process cannot take signals for an app inside jest's sandbox) —
 * while traffic keeps flowing.
 */
/** The JSON log lines the process wrote. */
function logEntries(started: Started): Record<string, unknown>[] {
  return started
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('secrets from files, rotated by SIGHUP without a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-gateway-secrets-'));
  const file = (name: string) => join(dir, name);
  // Two credentials registered at the tenant (Auth0 allows two: the way to rotate without downtime).
  const keyA = rsaKeyPair();
  const keyB = rsaKeyPair();
  const apiKey1 = 'api-key-one-0123456789abcdef';
  const apiKey2 = 'api-key-two-0123456789abcdef';
  const admin1 = 'admin-token-one-0123456789abcdef0123456789';
  const admin2 = 'admin-token-two-0123456789abcdef0123456789';
  let emulator: RunningEmulator;
  let gw: Started & { url: string };
  let user: { email: string; password: string };

  const signIn = (apiKey: string): Promise<JsonResponse> =>
    call(gw.url, 'POST', '/v1/token/password', {
      headers: { 'x-api-key': apiKey },
      body: { username: user.email, password: user.password },
    });
  const loadedAt = async (): Promise<string> =>
    (await call(gw.url, 'GET', '/health/ready')).body.secrets_loaded_at as string;
  /** Sends SIGHUP and waits until readiness shows the secrets were read again. */
  const hangUp = async (): Promise<void> => {
    const before = await loadedAt();
    await new Promise((resolve) => setTimeout(resolve, 2)); // a later millisecond than `before`
    gw.child.kill('SIGHUP');
    // A deadline, not a count: a loaded CI machine may take a while to deliver and handle the signal.
    const deadline = Date.now() + 10_000;
    while ((await loadedAt()) === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await loadedAt()).not.toBe(before);
  };

  beforeAll(async () => {
    writeFileSync(file('key.pem'), keyA.privateKeyPem);
    writeFileSync(file('api-keys'), `${apiKey1}\n`);
    writeFileSync(file('admin-token'), admin1);
    emulator = await startEmulator({
      port: 0,
      logDeliveries: false,
      clientPublicKeys: [{ pem: keyA.publicKeyPem }, { pem: keyB.publicKeyPem }],
    });
    requireBuild();
    // The emulator stands in for the tenant (AUTH0_DOMAIN + AUTH0_BASE_URL), holding both public keys.
    const started = startProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH0_DOMAIN: emulator.domain,
      AUTH0_BASE_URL: emulator.url,
      AUTH0_CLIENT_ID: emulator.clientId,
      AUTH0_CLIENT_ASSERTION_KEY_FILE: file('key.pem'),
      API_KEYS_FILE: file('api-keys'),
      ADMIN_TOKEN_FILE: file('admin-token'),
      // One user signs in over and over: the limits that would stop a guesser are not what is tested.
      RATE_LIMIT_PASSWORD_USER_PER_MINUTE: '0',
      RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
    });
    const [, url] = await waitFor(started, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    gw = { ...started, url };
    user = await createUser(emulator.url);
  });
  afterAll(async () => {
    gw.child.kill('SIGTERM');
    await gw.exited;
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every secret from its file at start', async () => {
    expect((await signIn(apiKey1)).body).toMatchObject({ code: 'mfa_required' });
    expect((await signIn(apiKey2)).body).toMatchObject({ code: 'invalid_api_key' });
    const admin = await call(gw.url, 'GET', '/admin/fraud-guard/suspensions', { token: admin1 });
    expect(admin.status).toBe(200);
  });

  it('rotates the assertion key and the API keys while requests are in flight, losing none', async () => {
    const answers: number[] = [];
    let rotated = false;
    let afterRotation = 0;
    // Eight clients keep signing in until 20 answers have come back since the rotation.
    const client = async (): Promise<void> => {
      while (!rotated || afterRotation < 20) {
        const answer = await signIn(rotated ? apiKey2 : apiKey1);
        answers.push(answer.status);
        if (rotated) afterRotation++;
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeFileSync(file('key.pem'), keyB.privateKeyPem);
    // Both keys are valid during the switch: the old one goes only after every instance has the new one.
    writeFileSync(file('api-keys'), `${apiKey1},${apiKey2}`);
    await hangUp();
    rotated = true;
    await Promise.all(clients);
    expect(answers.length).toBeGreaterThan(28);
    expect(answers.filter((status) => status !== 403)).toEqual([]);

    writeFileSync(file('api-keys'), apiKey2);
    await hangUp();
    expect((await signIn(apiKey1)).body).toMatchObject({ code: 'invalid_api_key' });
    expect((await signIn(apiKey2)).body).toMatchObject({ code: 'mfa_required' });
  });

  it('uses the key of the file from the next call on: one the tenant does not know is refused', async () => {
    writeFileSync(file('key.pem'), rsaKeyPair().privateKeyPem);
    await hangUp();
    expect((await signIn(apiKey2)).body).toMatchObject({ code: 'upstream_misconfigured' });
    writeFileSync(file('key.pem'), keyB.privateKeyPem);
    await hangUp();
    expect((await signIn(apiKey2)).body).toMatchObject({ code: 'mfa_required' });
  });

  it('keeps the previous value of a file that cannot be read or does not validate, and says so', async () => {
    writeFileSync(file('key.pem'), 'not a key');
    rmSync(file('admin-token'));
    writeFileSync(file('api-keys'), 'short');
    await hangUp();
    expect((await signIn(apiKey2)).body).toMatchObject({ code: 'mfa_required' });
    expect(
      (await call(gw.url, 'GET', '/admin/fraud-guard/suspensions', { token: admin1 })).status,
    ).toBe(200);
    const warnings = logEntries(gw).filter((e) => /previous value kept/.test(String(e.msg)));
    expect(warnings.map((e) => e.variable).sort()).toEqual([
      'ADMIN_TOKEN',
      'API_KEYS',
      'AUTH0_CLIENT_ASSERTION_KEY',
    ]);
    expect(warnings.find((e) => e.variable === 'ADMIN_TOKEN')).toMatchObject({ reason: 'ENOENT' });

    writeFileSync(file('admin-token'), admin2);
    writeFileSync(file('api-keys'), apiKey2);
    await hangUp();
    expect(
      (await call(gw.url, 'GET', '/admin/fraud-guard/suspensions', { token: admin1 })).status,
    ).toBe(401);
    expect(
      (await call(gw.url, 'GET', '/admin/fraud-guard/suspensions', { token: admin2 })).status,
    ).toBe(200);
  });

  it('logs which variables rotated, never a value', () => {
    const reloads = logEntries(gw).filter((e) => e.msg === 'secrets reloaded');
    expect(reloads.map((e) => e.rotated)).toContainEqual([
      'AUTH0_CLIENT_ASSERTION_KEY',
      'API_KEYS',
    ]);
    const text = gw.output();
    for (const secret of [apiKey1, apiKey2, admin1, admin2, keyA.privateKeyPem.split('\n')[2]]) {
      expect(text).not.toContain(secret);
    }
  });
});
