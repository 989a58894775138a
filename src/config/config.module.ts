import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Clock, SystemClock } from './clock';
import { AppConfig } from './app-config';
import { Secrets } from './secrets';

/**
 * Makes the validated configuration available everywhere as `ConfigService<AppConfig, true>`, and with it
 * the `Clock` and the `Secrets` that rotate on SIGHUP: they describe the world the process runs in, and
 * tests replace them. The object is built
 * once by the caller (main.ts or a test), never read from `process.env` inside a module.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: Clock, useValue: clock },
        { provide: Secrets, useFactory: () => new Secrets(config, clock) },
      ],
      exports: [Clock, Secrets],
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          load: [() => config],
        }),
      ],
    };
  }
}
