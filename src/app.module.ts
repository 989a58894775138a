import { DynamicModule, Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ChallengeModule } from './challenge/challenge.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { TokenModule } from './token/token.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        CommonModule,
        ObservabilityModule.forRoot(config),
        HealthModule,
        TokenModule,
        EnrollmentModule,
        ChallengeModule,
      ],
    };
  }
}
