import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimiter } from '../rate-limit/rate-limiter.service';
import { RequestRateLimitGuard } from '../rate-limit/request-rate-limit.guard';

/**
 * Who may call `/v1` and how often. The guards run in this order: a wrong API key is refused before it
 * can use up anybody's rate limit.
 */
@Global()
@Module({
  providers: [
    RateLimiter,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RequestRateLimitGuard },
  ],
  exports: [RateLimiter],
})
export class AccessModule {}
