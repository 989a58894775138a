import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { Clock } from '../config/clock';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../observability/metrics.service';
import { ObservabilityModule } from '../observability/observability.module';
import { ApiKeyGuard } from './access/api-key.guard';
import { FraudGuard } from './fraud-guard/fraud-guard.service';
import { PushWait } from './push/push-wait.service';
import { Idempotency } from './idempotency/idempotency.service';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { RequestRateLimitGuard } from './rate-limit/request-rate-limit.guard';
import { MemorySharedState } from './state/memory-shared-state';
import { RedisSharedState } from './state/redis-shared-state';
import { SharedState } from './state/shared-state';
import { StateKeys } from './state/state-keys';

/**
 * What protects `/v1` from its callers: API keys and per-request rate limits as guards (in this order:
 * a wrong API key is refused before it can use up anybody's limit), the rate limiter and `Idempotency`
 * for the features whose calls send codes, the fraud guard on new phone numbers, and the state they share — Redis when `REDIS_URL` is set,
 * else this instance's memory.
 */
@Module({
  imports: [ObservabilityModule],
  providers: [
    StateKeys,
    {
      provide: SharedState,
      inject: [ConfigService, MetricsService, Clock],
      useFactory: (
        config: ConfigService<AppConfig, true>,
        metrics: MetricsService,
        clock: Clock,
      ) => {
        const redis = config.get('redis', { infer: true });
        if (!redis.url) return new MemorySharedState(clock, redis.memoryMaxEntries);
        return new RedisSharedState({
          url: redis.url,
          clock,
          keyPrefix: redis.keyPrefix,
          commandTimeoutMs: redis.commandTimeoutMs,
          memoryMaxEntries: redis.memoryMaxEntries,
          onDegraded: (degraded) => metrics.sharedStateDegraded(degraded),
        });
      },
    },
    RateLimiter,
    FraudGuard,
    PushWait,
    Idempotency,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RequestRateLimitGuard },
  ],
  exports: [SharedState, StateKeys, RateLimiter, FraudGuard, PushWait, Idempotency],
})
export class ProtectionModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SharedState) private readonly state: SharedState) {}

  async onModuleInit(): Promise<void> {
    if (this.state instanceof RedisSharedState) await this.state.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.state instanceof RedisSharedState) await this.state.close();
  }
}
