import { Module } from '@nestjs/common';
import { Auth0Module } from '../auth0/auth0.module';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

@Module({
  imports: [Auth0Module],
  controllers: [TokenController],
  providers: [TokenService],
  exports: [TokenService],
})
export class TokenModule {}
