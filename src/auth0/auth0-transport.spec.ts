import type { TestingModule } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { GatewayError } from '../common/errors/gateway-error';
import { MAX_AUTH0_RESPONSE_BYTES } from './auth0-http.options';
import { Auth0Client } from './auth0.client';
import type { Auth0FailureCause } from './auth0.errors';
import { CLIENT_SECRET, createAuth0Testing } from '../../test/support/auth0-testing';
import { ForwardProxy } from '../../test/support/forward-proxy';
import { closedPort, StubUpstream, reply } from '../../test/support/stub-upstream';

// Long enough that a busy machine (the suites run in parallel) still answers the fast cases well inside it.
const TIMEOUT_MS = 500;
const MFA_TOKEN = 'Fe26.2*CANARY-mfa-token-41c2';
const BINDING_CODE = '918273';
const BEARER = 'CANARY-bearer-token-77d0';
const SECRETS = [CLIENT_SECRET, MFA_TOKEN, BINDING_CODE, BEARER, 'CANARY-password-e51'];

type Call = (client: Auth0Client) => Promise<unknown>;

/** One call of each kind, each carrying the secrets that must not come back in an error. */
const CALLS: Record<string, Call> = {
  oobGrant: (c) => c.oobGrant(MFA_TOKEN, { oob_code: 'Fe26.2*oob', binding_code: BINDING_CODE }),
  passwordGrant: (c) => c.passwordGrant({ username: 'u', password: 'CANARY-password-e51' }),
  challenge: (c) => c.challenge(MFA_TOKEN, { authenticator_id: 'sms|dev_X' }),
  associate: (c) => c.associate(BEARER, { authenticator_types: ['otp'] }),
  listAuthenticators: (c) => c.listAuthenticators(BEARER),
};

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected the call to fail');
}

/** The error as a log line or a problem body could show it: nothing secret may be in there. */
function expectNoSecrets(err: GatewayError): void {
  const renderings = [
    JSON.stringify(err),
    JSON.stringify({ ...err, cause: err.cause, message: err.message, stack: err.stack }),
    inspect(err, { depth: null }),
    inspect(err, { depth: null, showHidden: true }),
  ];
  for (const text of renderings) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/authorization/i);
  }
}

describe('Auth0 transport faults', () => {
  const server = new StubUpstream();
  let moduleRef: TestingModule;
  let client: Auth0Client;

  beforeAll(async () => {
    ({ moduleRef, client } = await createAuth0Testing(await server.start(), {
      timeoutMs: TIMEOUT_MS,
      // These cases test how each fault is mapped; the breaker they would trip has its own spec.
      breaker: { volumeThreshold: 100_000, errorPercent: 100, resetMs: 10_000, windowMs: 10_000 },
    }));
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    await moduleRef.close();
    await server.stop();
  });

  describe.each(Object.entries(CALLS))('%s', (_name, call) => {
    it.each([
      ['a 500 with a JSON body', 500, { error: 'server_error' }],
      ['a 503 HTML page', 503, '<html><body>Service Unavailable</body></html>'],
      ['a 200 HTML page', 200, '<html>captive portal</html>'],
      ['a 400 HTML page', 400, '<html>Bad Request</html>'],
    ])('%s → 502 upstream_error', async (_label, status, body) => {
      server.handler = (_req, res) =>
        typeof body === 'string'
          ? reply(res, status, body, { 'content-type': 'text/html' })
          : reply(res, status, body);

      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([502, 'upstream_error']);
      expectNoSecrets(err);
    });

    it('truncated JSON → 502 upstream_error', async () => {
      server.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token":"abc","expires_');
      };

      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([502, 'upstream_error']);
      expectNoSecrets(err);
    });

    it('a redirect is not followed → 502 upstream_error', async () => {
      server.handler = (_req, res) =>
        reply(res, 302, undefined, { location: `${server.url}/followed` });

      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([502, 'upstream_error']);
      expect(server.hits).toHaveLength(1);
      expect(server.hits.some((req) => req.path === '/followed')).toBe(false);
      expectNoSecrets(err);
    });

    it('an answer that never comes → 504 upstream_timeout within AUTH0_TIMEOUT_MS, sent once', async () => {
      server.handler = () => undefined;

      const started = Date.now();
      const err = await failure(call(client));
      const elapsed = Date.now() - started;

      expect([err.status, err.code]).toEqual([504, 'upstream_timeout']);
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 700);
      expect(server.hits).toHaveLength(1);
      expectNoSecrets(err);
    });

    it('headers, then a body that stalls → 504 upstream_timeout within AUTH0_TIMEOUT_MS', async () => {
      server.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"access_token":');
      };

      const started = Date.now();
      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([504, 'upstream_timeout']);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 700);
      expectNoSecrets(err);
    });

    it('the connection dropped mid-request → 503 upstream_unavailable', async () => {
      server.handler = (_req, res) => res.socket?.destroy();

      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([503, 'upstream_unavailable']);
      expectNoSecrets(err);
    });

    it('a body over the size cap (declared) → 502 upstream_error', async () => {
      server.handler = (_req, res) =>
        reply(res, 200, { padding: 'x'.repeat(MAX_AUTH0_RESPONSE_BYTES) });

      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([502, 'upstream_error']);
      expectNoSecrets(err);
    });

    it('an endless chunked body → 502 upstream_error, long before the timeout', async () => {
      let timer: NodeJS.Timeout | undefined;
      server.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        timer = setInterval(() => res.write(`"${'x'.repeat(8 * 1024)}",`), 1);
        res.on('close', () => clearInterval(timer));
      };

      const started = Date.now();
      const err = await failure(call(client));
      clearInterval(timer);

      expect([err.status, err.code]).toEqual([502, 'upstream_error']);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      expectNoSecrets(err);
    });
  });

  it('keeps only a sanitized cause: endpoint, kind, status or code', async () => {
    server.handler = () => undefined;

    const err = await failure(CALLS.oobGrant(client));

    const cause: Auth0FailureCause = {
      endpoint: 'token',
      grant: 'mfa-oob',
      kind: 'transport',
      code: 'ETIMEDOUT',
      requestSent: true,
    };
    expect(err.cause).toEqual(cause);
  });
});

describe('Auth0 unreachable', () => {
  let moduleRef: TestingModule;
  let client: Auth0Client;

  beforeAll(async () => {
    ({ moduleRef, client } = await createAuth0Testing(`http://127.0.0.1:${await closedPort()}`, {
      timeoutMs: TIMEOUT_MS,
    }));
  });
  afterAll(() => moduleRef.close());

  it.each(Object.entries(CALLS))(
    '%s: connection refused → 503 upstream_unavailable, marked as never sent',
    async (_name, call) => {
      const err = await failure(call(client));

      expect([err.status, err.code]).toEqual([503, 'upstream_unavailable']);
      expect(err.cause).toMatchObject({
        kind: 'transport',
        code: 'ECONNREFUSED',
        requestSent: false,
      });
      expectNoSecrets(err);
    },
  );
});

describe('Auth0 through an egress proxy that refuses the call', () => {
  const proxy = new ForwardProxy({ credentials: 'egress-user:CANARY-proxy-pass-90aa' });
  const opened: TestingModule[] = [];

  beforeAll(() => proxy.start());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((moduleRef) => moduleRef.close()));
    proxy.behaviour = 'forward';
  });
  afterAll(() => proxy.stop());

  async function clientVia(proxyUrl: string, baseUrl: string): Promise<Auth0Client> {
    const testing = await createAuth0Testing(baseUrl, {
      timeoutMs: TIMEOUT_MS,
      proxy: { url: proxyUrl },
    });
    opened.push(testing.moduleRef);
    return testing.client;
  }

  it.each(['http', 'https'])(
    '%s: a 407 → 502 upstream_misconfigured, marked as never sent',
    async (scheme) => {
      const client = await clientVia(proxy.urlWith('egress-user:wrong'), `${scheme}://127.0.0.1:9`);

      const err = await failure(CALLS.oobGrant(client));

      expect([err.status, err.code]).toEqual([502, 'upstream_misconfigured']);
      expect(err.cause).toMatchObject({
        kind: 'transport',
        code: 'EPROXYAUTH',
        status: 407,
        requestSent: false,
      });
      expectNoSecrets(err);
    },
  );

  it('a tunnel the proxy cannot open (502) → 503 upstream_unavailable, marked as never sent', async () => {
    const client = await clientVia(
      proxy.urlWith('egress-user:CANARY-proxy-pass-90aa'),
      `https://127.0.0.1:${await closedPort()}`,
    );

    const err = await failure(CALLS.oobGrant(client));

    expect([err.status, err.code]).toEqual([503, 'upstream_unavailable']);
    expect(err.cause).toMatchObject({ code: 'EPROXYREFUSED', status: 502, requestSent: false });
  });

  it('a tunnel the proxy closes → 503 upstream_unavailable, marked as never sent', async () => {
    proxy.behaviour = 'refuse';
    const client = await clientVia(proxy.url, 'https://127.0.0.1:9');

    const err = await failure(CALLS.oobGrant(client));

    expect([err.status, err.code]).toEqual([503, 'upstream_unavailable']);
    expect(err.cause).toMatchObject({ code: 'EPROXYCLOSED', requestSent: false });
  });
});
