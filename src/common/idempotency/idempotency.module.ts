import { Global, Module } from '@nestjs/common';
import { Idempotency } from './idempotency.service';

/** `Idempotency` for every feature module whose endpoints send a code. */
@Global()
@Module({
  providers: [Idempotency],
  exports: [Idempotency],
})
export class IdempotencyModule {}
