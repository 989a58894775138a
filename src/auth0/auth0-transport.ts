import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AxiosAdapter, AxiosError } from 'axios';
import type { Agent, buildConnector, Dispatcher } from 'undici';
import type { AppConfig, Auth0Config } from '../config/app-config';
import {
  describeRoute,
  egressDispatcher,
  EgressRoute,
  egressRoute,
  hasCredentials,
  PROXY_AUTH_REQUIRED,
  PROXY_REFUSED,
  proxyOf,
  withoutCredentials,
} from './egress-dispatcher';
import { createUndiciAdapter } from './undici-axios.adapter';

/** undici waits 300 s for headers and between body chunks by default; nothing Auth0 does takes that long. */
const MAX_PHASE_TIMEOUT_MS = 30_000;

/** Kept alive between calls; undici's 4 s default drops sockets between bursts of a quiet gateway. */
const KEEP_ALIVE_MS = 10_000;

/**
 * Per origin. Past this, calls queue rather than open ever more sockets to Auth0. Each call holds its
 * socket for Auth0's whole latency, so this caps throughput at MAX_CONNECTIONS / latency: 128 starved
 * 200 concurrent callers at 100 ms (1,280 req/s, seconds of queuing; bench/README.md).
 */
const MAX_CONNECTIONS = 512;

/**
 * Node's codes for a certificate chain it cannot trust: behind a company proxy, most often one that
 * inspects TLS and signs with its own CA.
 */
const UNTRUSTED_CERTIFICATE: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

export function undiciAgentOptions(
  auth0: Auth0Config,
): Agent.Options & { connect: buildConnector.BuildOptions } {
  const phaseTimeout = Math.min(auth0.timeoutMs, MAX_PHASE_TIMEOUT_MS);
  return {
    connect: { timeout: auth0.connectTimeoutMs },
    headersTimeout: phaseTimeout,
    bodyTimeout: phaseTimeout,
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS * 6,
    connections: MAX_CONNECTIONS,
    pipelining: 1,
  };
}

/**
 * Owns the keep-alive connections to Auth0, straight or through the egress proxy (egress-dispatcher.ts).
 * They are closed at application shutdown rather than at module destroy: Nest destroys modules before
 * the HTTP server stops, and in-flight requests still need Auth0 until then. `close()` lets running calls
 * finish (each bounded by AUTH0_TIMEOUT_MS).
 */
@Injectable()
export class Auth0Transport implements OnApplicationShutdown {
  private readonly logger = new Logger(Auth0Transport.name);
  private readonly route: EgressRoute;
  private readonly target: URL;
  private readonly dispatcher: Dispatcher;
  private closing?: Promise<void>;
  readonly adapter: AxiosAdapter;

  constructor(config: ConfigService<AppConfig, true>) {
    const auth0 = config.get('auth0', { infer: true });
    // Absent only from test modules that configure Auth0 alone: those talk to a tenant's stand-in.
    const emulatorMode = config.get('emulatorMode', { infer: true }) === true;
    this.route = egressRoute(auth0.proxy, emulatorMode);
    this.target = new URL(auth0.baseUrl);
    this.dispatcher = egressDispatcher(this.route, undiciAgentOptions(auth0));
    this.adapter = createUndiciAdapter(this.dispatcher, (error) => this.tellOperators(error));
    const route = describeRoute(this.route);
    if (route) this.logger.log(route);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing ??= this.dispatcher.close();
    await this.closing;
  }

  /**
   * One line for what only an operator can fix on the way out: the proxy's address and the variable it
   * came from, never its credentials, which the URL may carry.
   */
  private tellOperators(error: AxiosError): void {
    const proxy = proxyOf(this.route, this.target);
    const where = proxy ? ` ${withoutCredentials(proxy.url)} (${proxy.variable})` : '';
    const variable = proxy?.variable ?? 'AUTH0_PROXY_URL';
    const code = error.code ?? '';
    if (code === PROXY_AUTH_REQUIRED) {
      this.logger.error(
        proxy && hasCredentials(proxy.url)
          ? `The egress proxy${where} refused the gateway's proxy credentials (407 Proxy Authentication Required): check the user and password in ${variable}`
          : `The egress proxy${where} requires credentials (407 Proxy Authentication Required): give them in ${variable} as http://user:password@host:port`,
      );
    } else if (code === PROXY_REFUSED) {
      this.logger.error(
        `The egress proxy${where} refused the tunnel to ${this.target.host} (${error.status ?? 'no status'}): Auth0's domain must be allowed on the proxy`,
      );
    } else if (UNTRUSTED_CERTIFICATE.has(code)) {
      this.logger.error(
        `Auth0's TLS certificate at ${this.target.host} is not trusted (${code})${proxy ? `, reached through the egress proxy${where}: a proxy that inspects TLS signs with its own CA, which Node trusts from NODE_EXTRA_CA_CERTS` : ''}`,
      );
    }
  }
}
