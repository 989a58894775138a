import { ConfigModule } from '@nestjs/config';
import pino from 'pino';
import { LoggingModule } from '../../src/common/logging/logging.module';
import { ObservabilityModule } from '../../src/observability/observability.module';
import { Test, TestingModule } from '@nestjs/testing';
import type { Auth0Config } from '../../src/config/app-config';
import { Clock, SystemClock } from '../../src/config/clock';
import { Secrets } from '../../src/config/secrets';
import { Auth0Client } from '../../src/auth0/auth0.client';
import { Auth0Module } from '../../src/auth0/auth0.module';

/** Canaries: each must appear on the wire only where the wire document (docs/auth0-wire.md) puts it, and never in an error. */
export const CLIENT_ID = 'client-id-under-test';
export const CLIENT_SECRET = 'CANARY-client-secret-7f3a9c';

export function auth0Config(baseUrl: string, overrides: Partial<Auth0Config> = {}): Auth0Config {
  return {
    domain: 'tenant.example.test',
    baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    timeoutMs: 2000,
    connectTimeoutMs: 500,
    proxy: {},
    breaker: { volumeThreshold: 10, errorPercent: 50, resetMs: 10000, windowMs: 10000 },
    mfaAudience: 'https://tenant.example.test/mfa/',
    ...overrides,
  };
}

/** The real Auth0Module, configured the way main.ts configures it, pointed at `baseUrl`. */
export async function createAuth0Testing(
  baseUrl: string,
  overrides: Partial<Auth0Config> = {},
): Promise<{ moduleRef: TestingModule; client: Auth0Client }> {
  const auth0 = auth0Config(baseUrl, overrides);
  const clock = new SystemClock();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        ignoreEnvVars: true,
        load: [() => ({ auth0 })],
      }),
      {
        // What AppConfigModule provides besides the configuration: the clock and the secrets in use.
        module: class Auth0TestingWorld {},
        global: true,
        providers: [
          { provide: Clock, useValue: clock },
          {
            provide: Secrets,
            useValue: new Secrets({ auth0, apiKeys: [], metrics: {}, secretFiles: {} }, clock),
          },
        ],
        exports: [Clock, Secrets],
      },
      LoggingModule.forRoot(pino({ enabled: false })),
      ObservabilityModule,
      Auth0Module,
    ],
  }).compile();
  return { moduleRef, client: moduleRef.get(Auth0Client) };
}
