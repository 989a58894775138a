import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

/** A health check's own result, in @nestjs/terminus's shape. */
export class HealthResultDto {
  /** `ok` when taking traffic; `error` while starting or shutting down. @example "ok" */
  @ApiEnum(['ok', 'error', 'shutting_down'], 'HealthStatus')
  status!: 'ok' | 'error' | 'shutting_down';
  /** The checks that pass, by name. @example {"lifecycle":{"status":"up","phase":"ready"}} */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  info?: Record<string, unknown>;
  /** The checks that fail, by name. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  error?: Record<string, unknown>;
  /** Every check, by name. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

/** Readiness, with what the shared dependencies look like from here (they never decide readiness). */
export class ReadinessDto extends HealthResultDto {
  dependencies!: DependenciesDto;
}
