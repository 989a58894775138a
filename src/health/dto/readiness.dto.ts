import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';

const UP_DOWN = ['up', 'down'] as const;

/** Auth0, or the emulator standing in for it, as a discovery request finds it. */
export class Auth0StatusDto {
  /** `down`: the discovery document did not come back. */
  @ApiEnum(UP_DOWN, 'DependencyStatus')
  status!: 'up' | 'down';
  /** @example "auth0" */
  @ApiEnum(['auth0', 'emulator'], 'Auth0Target')
  target!: 'auth0' | 'emulator';
  /** How long the discovery request took. @example 42 */
  @ApiProperty({ type: 'integer' })
  latency_ms!: number;
  /** Why it is down: an HTTP status or a transport error code. @example "ECONNREFUSED" */
  detail?: string;
}

/** The circuit breaker in front of Auth0: what callers meet. */
export class BreakerStatusDto {
  /** `down` while the breaker is open: calls to Auth0 fail fast. */
  @ApiEnum(UP_DOWN, 'DependencyStatus')
  status!: 'up' | 'down';
  /** @example "closed" */
  @ApiEnum(['closed', 'half_open', 'open'], 'BreakerState')
  state!: 'closed' | 'half_open' | 'open';
}

/** The shared state, when `REDIS_URL` is set. */
export class RedisStatusDto {
  /** `down` while Redis cannot be reached. */
  @ApiEnum(UP_DOWN, 'DependencyStatus')
  status!: 'up' | 'down';
  /** `memory-fallback`: Redis is unreachable and each instance counts alone. @example "redis" */
  @ApiEnum(['redis', 'memory-fallback'], 'SharedStateMode')
  mode!: 'redis' | 'memory-fallback';
}

export class DependenciesDto {
  auth0!: Auth0StatusDto;
  circuit_breaker!: BreakerStatusDto;
  /** Present only when `REDIS_URL` is set. */
  redis?: RedisStatusDto;
}

/** The process answers. */
export class LivenessDto {
  /** @example "ok" */
  @ApiEnum(['ok'], 'LivenessStatus')
  status!: 'ok';
}

/** Readiness, with what the shared dependencies look like from here (they never decide readiness). */
export class ReadinessDto {
  /** `ok` while taking traffic; `unavailable` while starting or shutting down (and the status is 503). @example "ok" */
  @ApiEnum(['ok', 'unavailable'], 'ReadinessStatus')
  status!: 'ok' | 'unavailable';
  /** @example "ready" */
  @ApiEnum(['starting', 'ready', 'stopping'], 'LifecyclePhase')
  phase!: 'starting' | 'ready' | 'stopping';
  dependencies!: DependenciesDto;
  /**
   * When the secrets were last read: at start, or the last SIGHUP that re-read the `<NAME>_FILE` files —
   * how an operator sees that a rotation reached this instance.
   */
  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-12-02T09:30:00.000Z' })
  secrets_loaded_at!: string;
}
