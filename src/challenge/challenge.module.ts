import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { ChallengeController } from './challenge.controller';
import { ChallengeService } from './challenge.service';

@Module({
  imports: [Auth0Module],
  controllers: [ChallengeController],
  providers: [ChallengeService],
})
export class ChallengeModule {}
