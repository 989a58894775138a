import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app-config';
import { AuditService } from './audit.service';
import { MetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { MetricsService } from './metrics.service';
import { SecurityEvents } from './security-events.service';

/**
 * Metrics and audit events, available to every module without importing this one. `forRoot` adds the
 * `/metrics` endpoint: on the main port, or on its own listener when METRICS_PORT is set.
 */
@Global()
@Module({
  providers: [MetricsService, AuditService, SecurityEvents],
  exports: [MetricsService, AuditService, SecurityEvents],
})
export class ObservabilityModule {
  static forRoot(config: AppConfig): DynamicModule {
    const ownPort = config.metrics.port !== undefined;
    return {
      module: ObservabilityModule,
      controllers: ownPort ? [] : [MetricsController],
      providers: [
        {
          provide: MetricsAccess,
          inject: [ConfigService],
          useFactory: (settings: ConfigService<AppConfig, true>) =>
            new MetricsAccess(settings.get('metrics', { infer: true }).token),
        },
        ...(ownPort ? [MetricsServer] : []),
      ],
    };
  }
}
