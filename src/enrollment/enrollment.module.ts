import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { ObservabilityModule } from '../observability/observability.module';
import { ProtectionModule } from '../protection/protection.module';
import { TokenModule } from '../token/token.module';
import { AuthenticatorsController } from './authenticators.controller';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';
import { FactorsController } from './factors.controller';

@Module({
  imports: [Auth0Module, ObservabilityModule, ProtectionModule, TokenModule],
  controllers: [EnrollmentController, AuthenticatorsController, FactorsController],
  providers: [EnrollmentService],
})
export class EnrollmentModule {}
