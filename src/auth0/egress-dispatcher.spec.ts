import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import type { Dispatcher } from 'undici';
import { auth0Config } from '../../test/support/auth0-testing';
import { ForwardProxy } from '../../test/support/forward-proxy';
import { closedPort, reply, StubUpstream } from '../../test/support/stub-upstream';
import { ConfigError } from '../config/load-config';
import { undiciAgentOptions } from './auth0-transport';
import {
  describeRoute,
  egressDispatcher,
  EgressRoute,
  egressRoute,
  hasCredentials,
  PROXY_CLOSED,
  proxyOf,
  proxyRefusal,
  withoutCredentials,
} from './egress-dispatcher';

const CREDENTIALS = 'egress-user:CANARY-proxy-pass-5b1e';
/** Short, so that a hang ends quickly; undici's own timers fire up to a second late. */
const TIMEOUT_MS = 200;
/** How a proxy is asked: absolute-form for an `http:` target, a tunnel for an `https:` one. */
const FORMS: [string, 'http:' | 'https:'][] = [
  ['absolute-form', 'http:'],
  ['CONNECT', 'https:'],
];

describe('egressRoute', () => {
  const everything = {
    url: 'http://explicit:3128',
    httpsProxy: 'http://https-proxy:3128',
    httpProxy: 'http://http-proxy:3128',
    noProxy: 'internal.example',
  };

  it('prefers AUTH0_PROXY_URL over the conventional variables, emulator or not', () => {
    expect(egressRoute(everything, false)).toEqual({ via: 'proxy', url: 'http://explicit:3128' });
    expect(egressRoute(everything, true)).toEqual({ via: 'proxy', url: 'http://explicit:3128' });
  });

  it('takes HTTPS_PROXY, HTTP_PROXY and NO_PROXY as given when a tenant is configured', () => {
    expect(egressRoute({ ...everything, url: undefined }, false)).toEqual({
      via: 'environment',
      httpsProxy: 'http://https-proxy:3128',
      httpProxy: 'http://http-proxy:3128',
      noProxy: 'internal.example',
    });
  });

  it('ignores HTTP(S)_PROXY in emulator mode, and says which', () => {
    const route = egressRoute({ ...everything, url: undefined }, true);
    expect(route).toEqual({ via: 'direct', ignored: ['HTTPS_PROXY', 'HTTP_PROXY'] });
    expect(describeRoute(route)).toMatch(/^HTTPS_PROXY and HTTP_PROXY ignored: the emulator/);
  });

  it('goes straight out, silently, when nothing is set', () => {
    const route = egressRoute({}, false);
    expect(route).toEqual({ via: 'direct', ignored: [] });
    expect(describeRoute(route)).toBeUndefined();
  });
});

describe('proxy URLs in log lines', () => {
  const withSecret = `http://${CREDENTIALS}@proxy.corp.example:3128/some/path?token=x`;

  it('keep scheme, host and port only', () => {
    expect(withoutCredentials(withSecret)).toBe('http://proxy.corp.example:3128');
    expect(withoutCredentials('not a url')).toBe('(an unreadable URL)');
    expect(hasCredentials(withSecret)).toBe(true);
    expect(hasCredentials('http://proxy.corp.example:3128')).toBe(false);
  });

  it.each<[string, EgressRoute]>([
    ['AUTH0_PROXY_URL', { via: 'proxy', url: withSecret }],
    [
      'HTTP(S)_PROXY',
      { via: 'environment', httpsProxy: withSecret, httpProxy: withSecret, noProxy: 'localhost' },
    ],
  ])('the start-up line for %s carries no credentials', (_name, route) => {
    const line = describeRoute(route) ?? '';
    expect(line).toContain('http://proxy.corp.example:3128');
    expect(line).not.toContain('egress-user');
    expect(line).not.toContain('CANARY');
  });

  it('name the proxy undici picks for the scheme: HTTP_PROXY stands in for HTTPS_PROXY', () => {
    const both: EgressRoute = {
      via: 'environment',
      httpsProxy: 'http://s:1',
      httpProxy: 'http://p:2',
    };
    const httpOnly: EgressRoute = { via: 'environment', httpProxy: 'http://p:2' };
    const https = new URL('https://tenant.example.com');
    expect(proxyOf(both, https)).toEqual({ variable: 'HTTPS_PROXY', url: 'http://s:1' });
    expect(proxyOf(both, new URL('http://x'))).toEqual({
      variable: 'HTTP_PROXY',
      url: 'http://p:2',
    });
    expect(proxyOf(httpOnly, https)).toEqual({ variable: 'HTTP_PROXY', url: 'http://p:2' });
    expect(proxyOf({ via: 'direct', ignored: [] }, https)).toBeUndefined();
  });
});

describe('egressDispatcher, at start', () => {
  it.each(['http://egress-user:CANARY@proxy host:3128', 'http://egress-user:CANARY%zz@proxy:3128'])(
    'a URL undici cannot use stops the start without repeating it: %s',
    (url) => {
      const options = undiciAgentOptions(auth0Config('https://tenant.example.test'));
      let thrown: unknown;
      try {
        egressDispatcher({ via: 'proxy', url }, options);
      } catch (err) {
        thrown = err;
      }

      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).problems).toEqual([
        'AUTH0_PROXY_URL: undici cannot use this proxy URL (check its encoding)',
      ]);
      expect(inspect(thrown, { depth: null, showHidden: true })).not.toContain('CANARY');
    },
  );
});

describe('egressDispatcher, over the network', () => {
  const upstream = new StubUpstream();
  const proxy = new ForwardProxy({ credentials: CREDENTIALS });
  const opened: Dispatcher[] = [];
  let upstreamUrl: URL;

  beforeAll(async () => {
    upstreamUrl = new URL(await upstream.start());
    await proxy.start();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((dispatcher) => dispatcher.destroy()));
    upstream.reset();
    proxy.requests.length = 0;
    proxy.behaviour = 'forward';
  });
  afterAll(async () => {
    await proxy.stop();
    await upstream.stop();
  });

  function dispatcherFor(route: EgressRoute): Dispatcher {
    const options = undiciAgentOptions(auth0Config(upstreamUrl.origin, { timeoutMs: TIMEOUT_MS }));
    const dispatcher = egressDispatcher(route, options);
    opened.push(dispatcher);
    return dispatcher;
  }

  /** The stub upstream's address with another scheme: `https:` makes undici ask for a tunnel. */
  function origin(protocol: 'http:' | 'https:' = 'http:'): string {
    return `${protocol}//${upstreamUrl.host}`;
  }

  async function get(dispatcher: Dispatcher, target = origin()): Promise<number> {
    upstream.handler = (_hit, res) => reply(res, 200, { ok: true });
    const res = await dispatcher.request({ origin: target, path: '/probe', method: 'GET' });
    await res.body.dump();
    return res.statusCode;
  }

  async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
    try {
      await promise;
    } catch (err) {
      return err as { code?: string; message: string };
    }
    throw new Error('expected the request to fail');
  }

  it('direct: the proxy sees nothing', async () => {
    expect(await get(dispatcherFor({ via: 'direct', ignored: [] }))).toBe(200);
    expect(proxy.requests).toEqual([]);
  });

  it('AUTH0_PROXY_URL, http: target: an absolute-form request with Proxy-Authorization', async () => {
    expect(await get(dispatcherFor({ via: 'proxy', url: proxy.urlWith(CREDENTIALS) }))).toBe(200);
    expect(proxy.requests).toEqual([
      {
        method: 'GET',
        target: `${origin()}/probe`,
        proxyAuthorization: `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`,
      },
    ]);
    expect(upstream.hits).toHaveLength(1);
    expect(upstream.last.headers['proxy-authorization']).toBeUndefined();
  });

  it('AUTH0_PROXY_URL, https: target: a CONNECT to its host and port', async () => {
    const dispatcher = dispatcherFor({ via: 'proxy', url: proxy.urlWith(CREDENTIALS) });

    // The stub speaks plain HTTP, so the TLS handshake inside the tunnel fails; the tunnel was asked for.
    const err = await failure(get(dispatcher, origin('https:')));

    expect(err.code).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(proxy.requests).toEqual([
      expect.objectContaining({ method: 'CONNECT', target: upstreamUrl.host }),
    ]);
  });

  it('HTTP_PROXY carries http: targets; NO_PROXY sends a listed host straight out', async () => {
    const url = proxy.urlWith(CREDENTIALS);
    expect(await get(dispatcherFor({ via: 'environment', httpProxy: url }))).toBe(200);
    expect(proxy.requests).toHaveLength(1);

    const bypassed: EgressRoute = {
      via: 'environment',
      httpProxy: url,
      noProxy: 'localhost,127.0.0.1',
    };
    expect(await get(dispatcherFor(bypassed))).toBe(200);
    expect(proxy.requests).toHaveLength(1);

    // An entry with a port bypasses only that port.
    const otherPort: EgressRoute = { via: 'environment', httpProxy: url, noProxy: '127.0.0.1:1' };
    expect(await get(dispatcherFor(otherPort))).toBe(200);
    expect(proxy.requests).toHaveLength(2);
    expect(upstream.hits).toHaveLength(3);
  });

  it('never reads process.env behind the configuration', async () => {
    const saved = { ...process.env };
    process.env.http_proxy = `http://127.0.0.1:${await closedPort()}`;
    process.env.HTTP_PROXY = process.env.http_proxy;
    process.env.no_proxy = '*';
    try {
      // Configured: HTTPS_PROXY only. Were the environment read, http: would go to a closed port, and
      // NO_PROXY=* would send everything straight out.
      const https = dispatcherFor({ via: 'environment', httpsProxy: proxy.urlWith(CREDENTIALS) });
      expect(await get(https)).toBe(200);
      expect(proxy.requests).toEqual([]);
      const err = await failure(get(https, origin('https:')));
      expect(err.code).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
      expect(proxy.requests).toEqual([expect.objectContaining({ method: 'CONNECT' })]);
    } finally {
      for (const name of ['http_proxy', 'HTTP_PROXY', 'no_proxy']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it.each(FORMS)(
    '%s: a proxy that never answers is cut by the pool timeouts',
    async (_form, scheme) => {
      proxy.behaviour = 'hang';
      const dispatcher = dispatcherFor({ via: 'proxy', url: proxy.urlWith(CREDENTIALS) });

      const started = Date.now();
      const err = await failure(get(dispatcher, origin(scheme)));

      expect(err.code).toBe('UND_ERR_HEADERS_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
    },
  );

  it('CONNECT: a proxy that closes the connection fails the call once, without a reconnect loop', async () => {
    proxy.behaviour = 'refuse';
    const dispatcher = dispatcherFor({ via: 'proxy', url: proxy.urlWith(CREDENTIALS) });

    const err = await failure(get(dispatcher, origin('https:')));

    expect(err.code).toBe(PROXY_CLOSED);
    expect(proxy.refused).toBeLessThanOrEqual(2);
  });

  describe('proxyRefusal pins the wording of undici', () => {
    it.each(FORMS)('%s: a 407 is recognised', async (_form, scheme) => {
      const dispatcher = dispatcherFor({ via: 'proxy', url: proxy.url });

      const err = await failure(get(dispatcher, origin(scheme)));

      expect(proxyRefusal(err)).toEqual({ status: 407 });
      expect(proxy.requests[0].proxyAuthorization).toBeUndefined();
    });

    it('CONNECT: another refusal keeps its status', async () => {
      const dispatcher = dispatcherFor({ via: 'proxy', url: proxy.urlWith(CREDENTIALS) });

      // Nothing listens there: the proxy answers 502.
      const err = await failure(get(dispatcher, `https://127.0.0.1:${await closedPort()}`));

      expect(proxyRefusal(err)).toEqual({ status: 502 });
    });

    it('leaves every other error alone', () => {
      expect(proxyRefusal(Object.assign(new Error('aborted'), { code: 'UND_ERR_ABORTED' }))).toBe(
        undefined,
      );
      expect(proxyRefusal(new Error('Proxy response (407) !== 200 when HTTP Tunneling'))).toBe(
        undefined,
      );
      expect(proxyRefusal('407')).toBeUndefined();
    });
  });
});
