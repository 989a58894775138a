import { Agent, EnvHttpProxyAgent, Pool, ProxyAgent } from 'undici';
import type { buildConnector, Dispatcher } from 'undici';
import type { EgressProxyConfig } from '../config/app-config';
import { ConfigError } from '../config/load-config';

/** How calls to Auth0 leave the network, decided once at start from `config.auth0.proxy`. */
export type EgressRoute =
  | {
      via: 'direct';
      /** Proxy variables that are set but not applied (the emulator runs on this machine). */
      ignored: string[];
    }
  | { via: 'proxy'; url: string }
  | { via: 'environment'; httpsProxy?: string; httpProxy?: string; noProxy?: string };

/**
 * AUTH0_PROXY_URL wins over the conventional variables, because it names this service's way out alone.
 * In emulator mode HTTP(S)_PROXY are ignored: they come from a developer's shell, meant for the internet,
 * and a company proxy cannot reach this machine's loopback, where the emulator listens. An explicit
 * AUTH0_PROXY_URL still applies there, so a local debugging proxy can watch the emulator's traffic.
 */
export function egressRoute(proxy: EgressProxyConfig, emulatorMode: boolean): EgressRoute {
  if (proxy.url) return { via: 'proxy', url: proxy.url };
  if (!proxy.httpsProxy && !proxy.httpProxy) return { via: 'direct', ignored: [] };
  if (emulatorMode) {
    const ignored = [
      ...(proxy.httpsProxy ? ['HTTPS_PROXY'] : []),
      ...(proxy.httpProxy ? ['HTTP_PROXY'] : []),
    ];
    return { via: 'direct', ignored };
  }
  return {
    via: 'environment',
    httpsProxy: proxy.httpsProxy,
    httpProxy: proxy.httpProxy,
    noProxy: proxy.noProxy,
  };
}

/** The pool options undici's proxy agents accept on top of the plain agent's. */
type ProxyOptions = Omit<ProxyAgent.Options, 'uri'>;

/** The proxy closed the connection before the tunnel was open: nothing can have reached Auth0. */
export const PROXY_CLOSED = 'EPROXYCLOSED';
/** The proxy answered 407: it wants credentials, or other ones. */
export const PROXY_AUTH_REQUIRED = 'EPROXYAUTH';
/** The proxy answered `CONNECT` with a status other than 200 (a policy refusal, or Auth0 out of reach). */
export const PROXY_REFUSED = 'EPROXYREFUSED';

class TunnelNotOpened extends Error {
  readonly code = PROXY_CLOSED;
}

type TunnelOptions = Omit<Dispatcher.ConnectOptions, 'origin'>;
type TunnelCallback = (err: Error | null, data: Dispatcher.ConnectData) => void;

/**
 * The connections to the proxy that send `CONNECT`. A proxy that closes the connection instead of
 * answering fails the tunnel with undici's `UND_ERR_SOCKET`, which undici takes for a recoverable socket
 * error: it reconnects at once, in a loop (thousands of connections a second), and the call waiting for
 * the tunnel never ends, not even when aborted. Any other error fails the calls waiting for it.
 */
class TunnelConnections extends Pool {
  override connect(options: TunnelOptions): Promise<Dispatcher.ConnectData>;
  override connect(options: TunnelOptions, callback: TunnelCallback): void;
  override connect(
    options: TunnelOptions,
    callback?: TunnelCallback,
  ): Promise<Dispatcher.ConnectData> | void {
    if (!callback) {
      return new Promise((resolve, reject) =>
        this.connect(options, (err, data) => (err ? reject(err) : resolve(data))),
      );
    }
    super.connect(options, (err, data) =>
      callback(
        err && (err as { code?: unknown }).code === 'UND_ERR_SOCKET' ? new TunnelNotOpened() : err,
        data,
      ),
    );
  }
}

/**
 * The dispatcher under the axios adapter for `route`, every way out with the same pool, timeouts and
 * limits (`options`). `EnvHttpProxyAgent` is given every value explicitly: left undefined, it would read
 * `process.env` itself, behind the validated configuration's back.
 */
export function egressDispatcher(
  route: EgressRoute,
  options: Agent.Options & { connect: buildConnector.BuildOptions },
): Dispatcher {
  try {
    return buildDispatcher(route, options);
  } catch {
    // undici's error can carry the URL, credentials and all (`input` of a TypeError from `new URL`).
    const variables = route.via === 'proxy' ? 'AUTH0_PROXY_URL' : 'HTTPS_PROXY / HTTP_PROXY';
    throw new ConfigError([`${variables}: undici cannot use this proxy URL (check its encoding)`]);
  }
}

function buildDispatcher(
  route: EgressRoute,
  options: Agent.Options & { connect: buildConnector.BuildOptions },
): Dispatcher {
  switch (route.via) {
    case 'direct':
      return new Agent(options);
    case 'proxy':
      return new ProxyAgent(Object.assign(proxyOptions(options), { uri: route.url }));
    case 'environment':
      return new EnvHttpProxyAgent(
        Object.assign(proxyOptions(options), {
          httpsProxy: route.httpsProxy ?? '',
          httpProxy: route.httpProxy ?? '',
          noProxy: route.noProxy ?? '',
        }),
      );
  }
}

/**
 * undici's proxy agents build some of their pools with nothing but a connector: the one to the proxy
 * that carries absolute-form requests, and the one that sends `CONNECT`. Their connect timeout, header
 * and body timeouts and keep-alive would otherwise be undici's defaults (10 s, 300 s, 4 s), so every pool
 * is built here from the same options, and the TLS connectors get the same connect timeout.
 */
function proxyOptions(
  options: Agent.Options & { connect: buildConnector.BuildOptions },
): ProxyOptions {
  const pool = (origin: string | URL, own: object): Dispatcher =>
    new Pool(origin, Object.assign({}, options, own));
  const tunnels = (origin: string | URL, own: object): Dispatcher =>
    new TunnelConnections(origin, Object.assign({}, options, own));
  const tls = { timeout: options.connect.timeout };
  return Object.assign({}, options, {
    // `http:` targets as absolute-form requests, which every forward proxy understands; CONNECT (undici's
    // default for both) is often allowed only to port 443.
    proxyTunnel: false,
    factory: pool,
    clientFactory: tunnels,
    proxyTls: tls,
    requestTls: tls,
  });
}

/**
 * The proxy a call to `target` goes through, for an operator's log line: the variable it came from and
 * its address without credentials. For HTTP(S)_PROXY this is the one undici picks by the target's scheme
 * (HTTP_PROXY stands in for an unset HTTPS_PROXY); NO_PROXY is not consulted, since only a call that met
 * the proxy asks.
 */
export function proxyOf(
  route: EgressRoute,
  target: URL,
): { variable: string; url: string } | undefined {
  if (route.via === 'proxy') return { variable: 'AUTH0_PROXY_URL', url: route.url };
  if (route.via === 'direct') return undefined;
  if (target.protocol === 'https:' && route.httpsProxy) {
    return { variable: 'HTTPS_PROXY', url: route.httpsProxy };
  }
  return route.httpProxy ? { variable: 'HTTP_PROXY', url: route.httpProxy } : undefined;
}

/** A proxy URL as it may be logged: scheme, host and port, never the `user:password@` in front. */
export function withoutCredentials(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(an unreadable URL)';
  }
}

/** Whether the proxy URL carries credentials, without saying which. */
export function hasCredentials(proxyUrl: string): boolean {
  try {
    const url = new URL(proxyUrl);
    return url.username !== '' || url.password !== '';
  } catch {
    return false;
  }
}

/** The start-up line that says which way Auth0 calls leave; nothing when they go straight out. */
export function describeRoute(route: EgressRoute): string | undefined {
  switch (route.via) {
    case 'direct':
      return route.ignored.length > 0
        ? `${route.ignored.join(' and ')} ignored: the emulator runs on this machine, so its calls go straight to it (AUTH0_PROXY_URL would still apply)`
        : undefined;
    case 'proxy':
      return `Auth0 calls go through the egress proxy ${withoutCredentials(route.url)} (AUTH0_PROXY_URL)`;
    case 'environment': {
      const proxies = [
        ...(route.httpsProxy ? [`HTTPS_PROXY ${withoutCredentials(route.httpsProxy)}`] : []),
        ...(route.httpProxy ? [`HTTP_PROXY ${withoutCredentials(route.httpProxy)}`] : []),
      ];
      const except = route.noProxy ? `, except hosts in NO_PROXY (${route.noProxy})` : '';
      return `Auth0 calls go through the egress proxy of ${proxies.join(' and ')}${except}`;
    }
  }
}

/** What a proxy's refusal became in the adapter: the status the proxy answered. */
export interface ProxyRefusal {
  status: number;
}

/**
 * Recognises undici's errors for a proxy that answered instead of carrying the call: a non-200 answer
 * to `CONNECT` ("Proxy response (407) !== 200 when HTTP Tunneling") and the 407 of an absolute-form
 * request. undici gives them generic codes (`UND_ERR_ABORTED`, `UND_ERR_INVALID_ARG`), so the wording is
 * matched — egress-dispatcher.spec.ts pins it against the real undici, so an upgrade that rewords it fails.
 */
export function proxyRefusal(err: unknown): ProxyRefusal | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  if (code === 'UND_ERR_ABORTED') {
    const status = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/.exec(message)?.[1];
    if (status) return { status: Number(status) };
  }
  if (code === 'UND_ERR_INVALID_ARG' && message === 'Proxy Authentication Required (407)') {
    return { status: 407 };
  }
  return undefined;
}
