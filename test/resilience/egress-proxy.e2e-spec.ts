import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { latestCode } from '../support/emulator';
import { enrolledEmailUser, expectTokens, findAuthenticator, mfaTokenFor } from '../support/flows';
import { ForwardProxy } from '../support/forward-proxy';
import { emulatorPerSuite, startGateway, TestGateway } from '../support/gateway';
import { call, JsonResponse } from '../support/http';
import { closedPort } from '../support/stub-upstream';
import {
  describeWithOpenssl,
  selfSignedCertificate,
  TlsStandIn,
  trustInThisProcess,
} from '../support/tls-stand-in';

// Issue 19, item 3: calls to Auth0 through a company's forward proxy, a real one started here.

const USER = 'egress-user';
const PASSWORD = 'CANARY-proxy-pass-3d8f';
const CREDENTIALS = `${USER}:${PASSWORD}`;
const PROXY_AUTHORIZATION = `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`;
/** Short, so that a hanging proxy ends the call quickly; undici's own timers fire up to a second late. */
const TIMEOUT_MS = 300;

/** Auth0's MFA endpoints the seed e-mail flow calls, each of which must have gone through the proxy. */
const FLOW_PATHS = ['/oauth/token', '/mfa/associate', '/mfa/authenticators', '/mfa/challenge'];

/**
 * The seed "Enroll and Challenge Email Authenticators" flow through the gateway: sign in, enroll,
 * confirm, sign in again, list, challenge, verify.
 */
async function walkEmailFlow(gatewayUrl: string, emulatorUrl: string): Promise<void> {
  const { user } = await enrolledEmailUser(gatewayUrl, emulatorUrl);
  const mfaToken = await mfaTokenFor(gatewayUrl, user);
  const email = await findAuthenticator(gatewayUrl, mfaToken, (a) => a.oob_channel === 'email');
  expect(email).toMatchObject({ active: true });
  const challenge = await call(gatewayUrl, 'POST', '/v1/challenges', {
    token: mfaToken,
    body: { authenticator_id: email?.id },
  });
  expect(challenge.status).toBe(200);
  expectTokens(
    await call(gatewayUrl, 'POST', '/v1/token/oob', {
      token: mfaToken,
      body: {
        oob_code: challenge.body.oob_code,
        binding_code: await latestCode(emulatorUrl, user.email),
      },
    }),
  );
}

/** A sign-in through the gateway, for the cases where the way to Auth0 is broken. */
function signIn(gatewayUrl: string): Promise<JsonResponse> {
  return call(gatewayUrl, 'POST', '/v1/token/password', {
    body: { username: 'nobody@example.com', password: 'irrelevant' },
  });
}

function expectNoCredentials(gw: TestGateway): void {
  const logs = gw.logs.text();
  expect(logs).not.toContain(PASSWORD);
  expect(logs).not.toContain(USER);
  expect(logs).not.toContain(Buffer.from(CREDENTIALS).toString('base64'));
}

describe('egress proxy', () => {
  const emulator = emulatorPerSuite();
  const proxy = new ForwardProxy({ credentials: CREDENTIALS });
  let gw: TestGateway | undefined;

  beforeAll(() => proxy.start());
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    proxy.requests.length = 0;
    proxy.behaviour = 'forward';
  });
  afterAll(() => proxy.stop());

  function expectFlowThroughProxy(form: 'absolute' | 'tunnel', target: string): void {
    expect(proxy.requests.length).toBeGreaterThan(0);
    for (const seen of proxy.requests) {
      expect(seen.proxyAuthorization).toBe(PROXY_AUTHORIZATION);
      expect(seen.method === 'CONNECT').toBe(form === 'tunnel');
    }
    if (form === 'absolute') {
      const paths = new Set(proxy.requests.map((seen) => new URL(seen.target).pathname));
      for (const path of FLOW_PATHS) expect(paths).toContain(path);
      for (const seen of proxy.requests) expect(seen.target.startsWith(`${target}/`)).toBe(true);
    } else {
      for (const seen of proxy.requests) expect(seen.target).toBe(target);
    }
  }

  describe('the seed e-mail flow goes through the proxy', () => {
    it('AUTH0_PROXY_URL with credentials, in emulator mode: absolute-form, and no log line shows them', async () => {
      gw = await startGateway({
        emulator: emulator(),
        env: { AUTH0_PROXY_URL: proxy.urlWith(CREDENTIALS), LOG_LEVEL: 'debug' },
      });

      await walkEmailFlow(gw.url, emulator().url);

      expectFlowThroughProxy('absolute', emulator().url);
      expect(gw.logs.text()).toContain(
        `Auth0 calls go through the egress proxy ${proxy.url} (AUTH0_PROXY_URL)`,
      );
      expectNoCredentials(gw);
    });

    it('HTTP_PROXY (lower-case spelling) to an http: tenant: absolute-form', async () => {
      gw = await startGateway({
        emulator: emulator(),
        upstream: emulator().url,
        env: { http_proxy: proxy.urlWith(CREDENTIALS) },
      });

      await walkEmailFlow(gw.url, emulator().url);

      expectFlowThroughProxy('absolute', emulator().url);
      expectNoCredentials(gw);
    });

    it('NO_PROXY naming the tenant host: straight out, the proxy sees nothing', async () => {
      gw = await startGateway({
        emulator: emulator(),
        upstream: emulator().url,
        env: {
          HTTP_PROXY: proxy.urlWith(CREDENTIALS),
          NO_PROXY: 'localhost,127.0.0.1',
        },
      });

      await walkEmailFlow(gw.url, emulator().url);

      expect(proxy.requests).toEqual([]);
    });

    it('HTTP(S)_PROXY in emulator mode: ignored, and said so at start', async () => {
      const nowhere = `http://${CREDENTIALS}@127.0.0.1:${await closedPort()}`;
      gw = await startGateway({
        emulator: emulator(),
        env: { HTTPS_PROXY: nowhere, HTTP_PROXY: nowhere },
      });

      await walkEmailFlow(gw.url, emulator().url);

      expect(gw.logs.text()).toContain('HTTPS_PROXY and HTTP_PROXY ignored: the emulator');
      expectNoCredentials(gw);
    });
  });

  describeWithOpenssl('CONNECT to an https: tenant')('CONNECT to an https: tenant', () => {
    let certificate: { key: string; cert: string };
    let standIn: TlsStandIn;

    beforeAll(async () => {
      certificate = selfSignedCertificate();
      standIn = new TlsStandIn(certificate, new URL(emulator().url));
      await standIn.start();
    });
    afterAll(() => standIn.stop());

    it('HTTPS_PROXY: a tunnel to the tenant host and port, TLS inside it, the whole flow', async () => {
      const untrust = trustInThisProcess(certificate.cert);
      try {
        gw = await startGateway({
          emulator: emulator(),
          upstream: standIn.url,
          env: { HTTPS_PROXY: proxy.urlWith(CREDENTIALS) },
        });

        await walkEmailFlow(gw.url, emulator().url);
      } finally {
        untrust();
      }

      expectFlowThroughProxy('tunnel', new URL(standIn.url).host);
      expectNoCredentials(gw);
    });

    it('a certificate the gateway does not trust → 503 upstream_unavailable, and the operator is told', async () => {
      gw = await startGateway({
        emulator: emulator(),
        upstream: standIn.url,
        env: { AUTH0_PROXY_URL: proxy.urlWith(CREDENTIALS) },
      });

      const answer = await signIn(gw.url);

      expect([answer.status, answer.body.code]).toEqual([503, 'upstream_unavailable']);
      expect(gw.logs.text()).toMatch(
        new RegExp(
          `Auth0's TLS certificate at ${new URL(standIn.url).host} is not trusted \\([A-Z_]+\\), reached through the egress proxy ${proxy.url} \\(AUTH0_PROXY_URL\\).*NODE_EXTRA_CA_CERTS`,
        ),
      );
      expectNoCredentials(gw);
    });
  });

  it('CONNECT to a tunnel target that does not speak TLS → 503 upstream_unavailable', async () => {
    const notTls = emulator().url.replace('http:', 'https:');
    gw = await startGateway({
      emulator: emulator(),
      upstream: notTls,
      env: { HTTPS_PROXY: proxy.urlWith(CREDENTIALS) },
    });

    const answer = await signIn(gw.url);

    expect([answer.status, answer.body.code]).toEqual([503, 'upstream_unavailable']);
    expect(proxy.requests).toEqual([
      { method: 'CONNECT', target: new URL(notTls).host, proxyAuthorization: PROXY_AUTHORIZATION },
    ]);
  });

  describe.each([
    ['absolute-form', 'http:'],
    ['CONNECT', 'https:'],
  ])('a proxy that fails, %s', (_form, scheme) => {
    async function gatewayBehindProxy(proxyUrl: string): Promise<TestGateway> {
      const baseUrl = emulator().url.replace('http:', scheme);
      return startGateway({
        emulator: emulator(),
        upstream: baseUrl,
        env: {
          AUTH0_PROXY_URL: proxyUrl,
          AUTH0_TIMEOUT_MS: String(TIMEOUT_MS),
        },
      });
    }

    it('closes every connection → 503 upstream_unavailable', async () => {
      proxy.behaviour = 'refuse';
      gw = await gatewayBehindProxy(proxy.urlWith(CREDENTIALS));

      const answer = await signIn(gw.url);

      expect([answer.status, answer.body.code]).toEqual([503, 'upstream_unavailable']);
      expect(proxy.refused).toBeGreaterThan(0);
    });

    it('is not there (connection refused) → 503 upstream_unavailable', async () => {
      gw = await gatewayBehindProxy(`http://${CREDENTIALS}@127.0.0.1:${await closedPort()}`);

      const answer = await signIn(gw.url);

      expect([answer.status, answer.body.code]).toEqual([503, 'upstream_unavailable']);
      expectNoCredentials(gw);
    });

    it('never answers → 504 upstream_timeout, within a bounded time', async () => {
      proxy.behaviour = 'hang';
      gw = await gatewayBehindProxy(proxy.urlWith(CREDENTIALS));

      const started = Date.now();
      const answer = await signIn(gw.url);

      expect([answer.status, answer.body.code]).toEqual([504, 'upstream_timeout']);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
    });

    it('answers 407 to wrong credentials → 502 upstream_misconfigured, and the operator is told', async () => {
      const wrong = `${USER}:not-the-${PASSWORD}`;
      gw = await gatewayBehindProxy(proxy.urlWith(wrong));

      const answer = await signIn(gw.url);

      expect([answer.status, answer.body.code]).toEqual([502, 'upstream_misconfigured']);
      expect(gw.logs.text()).toContain(
        `The egress proxy ${proxy.url} (AUTH0_PROXY_URL) refused the gateway's proxy credentials (407 Proxy Authentication Required): check the user and password in AUTH0_PROXY_URL`,
      );
      expectNoCredentials(gw);
      expect(gw.logs.text()).not.toContain(Buffer.from(wrong).toString('base64'));
    });
  });
});
