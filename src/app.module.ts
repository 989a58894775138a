import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from './config/clock';
import { CommonModule } from './common/common.module';
import { LoggingModule } from './common/logging/logging.module';
import { AdminModule } from './admin/admin.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ChallengeModule } from './challenge/challenge.module';
import { DemoModule } from './demo/demo.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { HealthModule } from './health/health.module';
import { MetricsEndpointModule } from './observability/metrics-endpoint.module';
import { ProtectionModule } from './protection/protection.module';
import { TokenModule } from './token/token.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config, clock),
        LoggingModule.forRoot(logger),
        CommonModule,
        MetricsEndpointModule.forRoot(config),
        // Imported here too, although the features import it, so the guards protect every route.
        ProtectionModule,
        HealthModule,
        TokenModule,
        EnrollmentModule,
        ChallengeModule,
        AdminModule,
        ...(config.demoUi ? [DemoModule.forRoot(config)] : []),
      ],
    };
  }
}
