import { decodeJwt, decodeProtectedHeader } from 'jose';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createUser, latestCode } from '../support/emulator';
import { enrolledEmailUser, expectTokens, findAuthenticator, mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import { rsaKeyPair } from '../support/key-pairs';
import { Exchange, startRecordingProxy } from '../support/recording-proxy';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('Private Key JWT: the gateway signs an assertion per call instead of sending a secret', () => {
  const key = rsaKeyPair();
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway({
      env: {
        AUTH0_CLIENT_ASSERTION_KEY: key.privateKeyPem,
        AUTH0_CLIENT_ASSERTION_KID: 'gateway-key-1',
      },
    });
  });
  afterAll(() => gw.close());

  it('walks the seed e-mail flow with the emulator checking every assertion', async () => {
    const emulator = gw.emulator!.url;
    // Enrollment and its confirmation: the password grant and the mfa-oob grant carry assertions.
    const { user } = await enrolledEmailUser(gw.url, emulator);
    // The next sign-in: /mfa/challenge is client-authenticated too.
    const second = await mfaTokenFor(gw.url, user);
    const email = await findAuthenticator(
      gw.url,
      second,
      (a) => a.oob_channel === 'email' && a.active === true,
    );
    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: second,
      body: { authenticator_id: email?.id },
    });
    expect(challenge.status).toBe(200);
    expectTokens(
      await call(gw.url, 'POST', '/v1/token/oob', {
        token: second,
        body: {
          oob_code: challenge.body.oob_code,
          binding_code: await latestCode(emulator, user.email),
        },
      }),
    );
    expect(gw.logs.text()).not.toContain(key.privateKeyPem.split('\n')[1]);
  });
});

describe('Private Key JWT on the wire', () => {
  const key = rsaKeyPair();
  let emulator: RunningEmulator;
  // The emulator's verdict alone would not show a secret sent next to the assertion: record the wire.
  let proxy: { url: string; exchanges: Exchange[]; stop: () => Promise<void> };
  let gw: TestGateway;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      logDeliveries: false,
      clientPublicKeys: [{ pem: key.publicKeyPem, alg: 'PS256' }],
    });
    proxy = await startRecordingProxy(emulator.url);
    gw = await startGateway({
      emulator,
      upstream: proxy.url,
      env: {
        AUTH0_CLIENT_SECRET: '',
        AUTH0_CLIENT_ASSERTION_KEY: key.privateKeyPem,
        AUTH0_CLIENT_ASSERTION_ALG: 'PS256',
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    await proxy.stop();
    await emulator.close();
  });

  it('sends client_assertion with RFC 7523 claims, a fresh jti each time, and never a client_secret', async () => {
    const user = await createUser(emulator.url);
    await mfaTokenFor(gw.url, user);
    await mfaTokenFor(gw.url, user);
    const forms = proxy.exchanges.map((exchange) => new URLSearchParams(exchange.body));
    expect(forms).toHaveLength(2);
    const jtis = forms.map((form) => {
      expect(form.get('client_secret')).toBeNull();
      expect(form.get('client_id')).toBe(emulator.clientId);
      expect(form.get('client_assertion_type')).toBe(ASSERTION_TYPE);
      const jwt = form.get('client_assertion') ?? '';
      expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'PS256', typ: 'JWT' });
      const claims = decodeJwt(jwt);
      expect(claims).toMatchObject({
        iss: emulator.clientId,
        sub: emulator.clientId,
        aud: `https://${emulator.domain}/`,
      });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(60);
      expect(Math.abs((claims.iat ?? 0) - Date.now() / 1000)).toBeLessThan(10);
      return claims.jti;
    });
    expect(new Set(jtis).size).toBe(2);
  });

  it('has the emulator refuse a replayed assertion as Auth0 refuses a wrong credential', async () => {
    const user = await createUser(emulator.url);
    await mfaTokenFor(gw.url, user);
    const replayed = proxy.exchanges.at(-1)?.body ?? '';
    const answer = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: replayed,
    });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({
      error: 'access_denied',
      error_description: 'Unauthorized',
    });
  });
});

describe('Private Key JWT with a key the tenant does not know', () => {
  let gw: TestGateway;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      logDeliveries: false,
      clientPublicKeys: [{ pem: rsaKeyPair().publicKeyPem }],
    });
    gw = await startGateway({
      emulator,
      env: {
        AUTH0_CLIENT_ID: emulator.clientId,
        AUTH0_CLIENT_ASSERTION_KEY: rsaKeyPair().privateKeyPem,
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    await emulator.close();
  });

  it('answers 502 upstream_misconfigured and tells the operator which variables to check', async () => {
    const user = await createUser(emulator.url);
    const answer = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
    });
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ code: 'upstream_misconfigured' });
    expect(gw.logs.text()).toMatch(
      /rejected the gateway's own client credentials.*AUTH0_CLIENT_ASSERTION_KEY/,
    );
  });
});
