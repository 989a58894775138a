import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * The process's pino logger, for the few hot paths that write a line on every request (the audit trail):
 * straight to pino, without Nest's `Logger` in between.
 */
export const PROCESS_LOGGER = Symbol('PROCESS_LOGGER');

/** Makes the process's pino logger injectable (`@Inject(PROCESS_LOGGER)`) in every module. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: PROCESS_LOGGER, useValue: logger }],
      exports: [PROCESS_LOGGER],
    };
  }
}
