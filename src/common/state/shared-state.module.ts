import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../observability/metrics.service';
import { MemorySharedState } from './memory-shared-state';
import { RedisSharedState } from './redis-shared-state';
import { SharedState } from './shared-state';
import { StateKeys } from './state-keys';

/**
 * `SharedState` for every module: Redis when `REDIS_URL` is set, else this instance's memory; and
 * `StateKeys`, which names its keys.
 */
@Global()
@Module({
  providers: [
    StateKeys,
    {
      provide: SharedState,
      inject: [ConfigService, MetricsService],
      useFactory: (config: ConfigService<AppConfig, true>, metrics: MetricsService) => {
        const redis = config.get('redis', { infer: true });
        if (!redis.url) return new MemorySharedState();
        return new RedisSharedState({
          url: redis.url,
          keyPrefix: redis.keyPrefix,
          commandTimeoutMs: redis.commandTimeoutMs,
          onDegraded: (degraded) => metrics.sharedStateDegraded(degraded),
        });
      },
    },
  ],
  exports: [SharedState, StateKeys],
})
export class SharedStateModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(SharedState) private readonly state: SharedState) {}

  async onModuleInit(): Promise<void> {
    if (this.state instanceof RedisSharedState) await this.state.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.state instanceof RedisSharedState) await this.state.close();
  }
}
