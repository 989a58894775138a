import { Module } from '@nestjs/common';
import { ProtectionModule } from '../protection/protection.module';
import { AdminTokenGuard } from './admin-token.guard';
import { FraudGuardAdminController } from './fraud-guard-admin.controller';

/** The operators' endpoints, outside `/v1` and behind ADMIN_TOKEN. */
@Module({
  imports: [ProtectionModule],
  controllers: [FraudGuardAdminController],
  providers: [AdminTokenGuard],
})
export class AdminModule {}
