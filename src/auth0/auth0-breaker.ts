import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import CircuitBreaker from 'opossum';
import { EventEmitter } from 'node:events';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import type { AppConfig, BreakerConfig } from '../config/app-config';
import { BreakerState, MetricsService } from '../observability/metrics.service';
import { Auth0Answer, NOT_JSON, readJson } from './auth0-answer';
import { failureCauseOf } from '../common/errors/upstream-failure';

/** opossum's default; the window is split into this many buckets that rotate out one by one. */
const BUCKETS = 10;

type Attempt = () => Promise<Auth0Answer>;

/**
 * An answer that says Auth0 is not well (5xx, HTML from a proxy, truncated JSON). It is thrown inside the
 * breaker only so that opossum counts it, and turned back into the answer outside, where the error table
 * maps it as usual.
 */
class FaultyAnswer extends Error {
  constructor(readonly answer: Auth0Answer) {
    super(`Auth0 answered ${answer.status}`);
  }
}

/**
 * Does this answer say something about Auth0's health? 5xx, redirects and unreadable successes do. 4xx
 * answers never do, readable or not: Auth0 (or whatever stands in front of it) judged this one request,
 * and what a request looks like is the caller's to choose — an HTML 4xx counted here would let a stranger
 * open the breaker for everyone by sending requests that a proxy refuses (docs/auth0-wire.md).
 */
export function isFaultyAnswer(answer: Auth0Answer): boolean {
  const { status } = answer;
  if (status >= 500 || (status >= 300 && status < 400)) return true;
  if (status >= 400 || answer.text === '') return false;
  return readJson(answer) === NOT_JSON;
}

/** Transport failures and 5xx-like answers count; 4xx answers and this side's own bugs never do. */
export function countsAsFailure(err: unknown): boolean {
  if (err instanceof FaultyAnswer) return true;
  if (!(err instanceof GatewayError) || err.kind === ErrorCode.InternalError) return false;
  const kind = failureCauseOf(err)?.kind;
  return kind === 'transport' || kind === 'server';
}

/**
 * The circuit breaker in front of Auth0 (opossum). While Auth0 is down it fails fast — `503
 * upstream_unavailable` with `Retry-After`, no socket opened — instead of letting every caller wait for a
 * timeout and piling more load on a struggling tenant. After `resetMs` one call is let through as a probe;
 * its success closes the breaker, its failure opens it again.
 *
 * opossum keeps its counts in a rolling window that does not forget when the breaker closes, so one
 * failure right after recovery would reopen it at once. The buckets are rotated here instead, and all of
 * them flushed on close: a recovered Auth0 starts with a clean slate.
 */
@Injectable()
export class Auth0Breaker implements OnApplicationShutdown {
  private readonly logger = new Logger('Auth0CircuitBreaker');
  private readonly settings: BreakerConfig;
  private readonly breaker: CircuitBreaker<[Attempt], Auth0Answer>;
  private readonly rotation = new EventEmitter();
  private readonly rotationTimer: NodeJS.Timeout;
  private openedAt = 0;

  constructor(
    private readonly metrics: MetricsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.settings = config.get('auth0', { infer: true }).breaker;
    const { volumeThreshold, errorPercent, resetMs, windowMs } = this.settings;
    // `rotateBucketController` is opossum's (since 8.x) but not yet in @types/opossum.
    const options: CircuitBreaker.Options & { rotateBucketController: EventEmitter } = {
      // The adapter has its own timeouts (AUTH0_TIMEOUT_MS); opossum's would race them.
      timeout: false,
      volumeThreshold,
      errorThresholdPercentage: errorPercent,
      resetTimeout: resetMs,
      rollingCountTimeout: windowMs,
      rollingCountBuckets: BUCKETS,
      rotateBucketController: this.rotation,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      errorFilter: (err: unknown) => !countsAsFailure(err),
    };
    this.breaker = new CircuitBreaker(guarded, options);
    this.rotationTimer = setInterval(() => this.rotate(), Math.floor(windowMs / BUCKETS));
    this.rotationTimer.unref();

    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      this.changed('open', `failing fast for ${resetMs} ms before probing Auth0 again`);
    });
    this.breaker.on('halfOpen', () => this.changed('half_open', 'letting one probe call through'));
    this.breaker.on('close', () => {
      for (let i = 0; i < BUCKETS; i++) this.rotate();
      this.changed('closed', 'Auth0 answers again');
    });
    this.metrics.breakerState('closed');
  }

  /** Runs one attempt at an Auth0 call through the breaker; rejects fast while it is open. */
  async run(attempt: Attempt): Promise<Auth0Answer> {
    try {
      return await this.breaker.fire(attempt);
    } catch (err) {
      if (err instanceof FaultyAnswer) return err.answer;
      if (CircuitBreaker.isOurError(err as Error)) throw this.openError();
      throw err;
    }
  }

  state(): BreakerState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  onApplicationShutdown(): void {
    clearInterval(this.rotationTimer);
    this.breaker.shutdown();
  }

  /** Seconds until the next probe may go through: while half open, a probe is already under way. */
  private openError(): GatewayError {
    const untilProbe = this.breaker.opened ? this.openedAt + this.settings.resetMs - Date.now() : 0;
    return new GatewayError(ErrorCode.UpstreamUnavailable, {
      detail: 'Auth0 is failing; calls are paused for a moment to let it recover.',
      retryAfter: Math.max(1, Math.ceil(untilProbe / 1000)),
      cause: { kind: 'breaker', code: 'EOPENBREAKER', requestSent: false },
    });
  }

  private rotate(): void {
    this.rotation.emit('rotate');
  }

  private changed(state: BreakerState, what: string): void {
    this.metrics.breakerState(state);
    this.logger.warn(`Auth0 circuit breaker ${state}: ${what}`);
  }
}

async function guarded(attempt: Attempt): Promise<Auth0Answer> {
  const answer = await attempt();
  if (isFaultyAnswer(answer)) throw new FaultyAnswer(answer);
  return answer;
}
