import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AxiosAdapter } from 'axios';
import { Agent } from 'undici';
import type { AppConfig, Auth0Config } from '../config/app-config';
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

export function undiciAgentOptions(auth0: Auth0Config): Agent.Options {
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
 * Owns the keep-alive connections to Auth0. They are closed at application shutdown rather than at
 * module destroy: Nest destroys modules before the HTTP server stops, and in-flight requests still need
 * Auth0 until then. `close()` lets running calls finish (each bounded by AUTH0_TIMEOUT_MS).
 */
@Injectable()
export class Auth0Transport implements OnApplicationShutdown {
  private readonly agent: Agent;
  readonly adapter: AxiosAdapter;

  constructor(config: ConfigService<AppConfig, true>) {
    this.agent = new Agent(undiciAgentOptions(config.get('auth0', { infer: true })));
    this.adapter = createUndiciAdapter(this.agent);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.agent.closed) await this.agent.close();
  }
}
