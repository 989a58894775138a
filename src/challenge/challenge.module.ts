import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { ObservabilityModule } from '../observability/observability.module';
import { ProtectionModule } from '../protection/protection.module';
import { ChallengeController } from './challenge.controller';
import { ChallengeService } from './challenge.service';

@Module({
  imports: [Auth0Module, ObservabilityModule, ProtectionModule],
  controllers: [ChallengeController],
  providers: [ChallengeService],
})
export class ChallengeModule {}
