import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { TokenModule } from '../token/token.module';
import { AuthenticatorsController } from './authenticators.controller';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';

@Module({
  imports: [Auth0Module, TokenModule],
  controllers: [EnrollmentController, AuthenticatorsController],
  providers: [EnrollmentService],
})
export class EnrollmentModule {}
