import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricsAccess } from './metrics-access';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics-server';
import { ObservabilityModule } from './observability.module';

/** `/metrics`: on the main port, or on its own listener when METRICS_PORT is set. */
@Module({})
export class MetricsEndpointModule {
  static forRoot(config: AppConfig): DynamicModule {
    const ownPort = config.metrics.port !== undefined;
    return {
      module: MetricsEndpointModule,
      imports: [ObservabilityModule],
      controllers: ownPort ? [] : [MetricsController],
      providers: [MetricsAccess, ...(ownPort ? [MetricsServer] : [])],
    };
  }
}
