import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { ObservabilityModule } from '../observability/observability.module';
import { ProtectionModule } from '../protection/protection.module';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

@Module({
  imports: [Auth0Module, ObservabilityModule, ProtectionModule],
  controllers: [TokenController],
  providers: [TokenService],
  exports: [TokenService],
})
export class TokenModule {}
