import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PROCESS_LOGGER } from './create-logger';

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
