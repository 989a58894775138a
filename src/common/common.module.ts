import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RouteRegistry } from './http/route-registry';
import { createValidationPipe } from './http/validation.pipe';

/**
 * The cross-cutting pieces every request passes through, registered as providers (not in main.ts) so the
 * end-to-end tests run exactly what production runs. APP_FILTER and APP_PIPE apply to every route
 * whichever module declares them.
 */
@Module({
  providers: [
    RouteRegistry,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
  exports: [RouteRegistry],
})
export class CommonModule {}
