import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccessModule } from './common/access/access.module';
import { CommonModule } from './common/common.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { LoggingModule } from './common/logging/logging.module';
import { SharedStateModule } from './common/state/shared-state.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ChallengeModule } from './challenge/challenge.module';
import { DemoModule } from './demo/demo.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { TokenModule } from './token/token.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        CommonModule,
        ObservabilityModule.forRoot(config),
        SharedStateModule,
        AccessModule,
        IdempotencyModule,
        HealthModule,
        TokenModule,
        EnrollmentModule,
        ChallengeModule,
        ...(config.demoUi ? [DemoModule.forRoot(config)] : []),
      ],
    };
  }
}
