import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { ProtectionModule } from '../protection/protection.module';
import { DependencyReport } from './dependency-report';
import { HealthController } from './health.controller';
import { LifecycleService } from './lifecycle.service';

@Module({
  imports: [Auth0Module, ProtectionModule],
  controllers: [HealthController],
  providers: [LifecycleService, DependencyReport],
})
export class HealthModule {}
