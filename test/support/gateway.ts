import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap/create-app';
import { createLogger } from '../../src/common/logging/create-logger';
import { AppConfig } from '../../src/config/app-config';
import { Clock } from '../../src/config/clock';
import { emulatorClient, emulatorTarget } from '../../src/bootstrap/dev-stack';
import { loadConfig, withAuth0Target } from '../../src/config/load-config';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { LogCapture } from './log-capture';

export interface TestGateway {
  url: string;
  app: NestFastifyApplication;
  config: AppConfig;
  logs: LogCapture;
  /** The emulator this gateway talks to (started for it unless one was passed in). */
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Environment variables, as an operator would set them. */
  env?: Record<string, string>;
  /** Talk to this emulator instead of starting a fresh one. */
  emulator?: RunningEmulator;
  /**
   * Talk to this base URL as if it were the tenant `AUTH0_DOMAIN` (e.g. a misbehaving upstream); with
   * `emulator` as well, as that emulator's tenant reached through it (a recording proxy in between).
   */
  upstream?: string;
  /** The gateway's clock: a test that moves it sees windows and suspensions pass without waiting. */
  clock?: Clock;
}

/**
 * One emulator for the whole suite, for suites whose cases each start their own gateway but only ever use
 * fresh users. Registers the hooks; the emulator is there inside the cases.
 */
export function emulatorPerSuite(): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, logDeliveries: false });
  });
  afterAll(() => emulator?.close());
  return () => {
    if (!emulator) throw new Error('no emulator outside the suite');
    return emulator;
  };
}

/**
 * The real gateway, built by the same `createApp` as production, listening on a free loopback port and
 * talking to a real emulator (or a given upstream) over real HTTP.
 */
export async function startGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const env: Record<string, string> = { LOG_LEVEL: 'info', ...options.env };
  let emulator = options.emulator;
  const ownsEmulator = !emulator && !options.upstream;
  if (options.upstream) {
    // With an emulator too, the upstream stands between them (a recording proxy): the emulator's tenant.
    env.AUTH0_DOMAIN ??= emulator?.domain ?? 'tenant.example.com';
    env.AUTH0_BASE_URL ??= options.upstream;
    env.AUTH0_CLIENT_ID ??= emulator?.clientId ?? 'gateway-client';
    env.AUTH0_CLIENT_SECRET ??= emulator?.clientSecret ?? 'gateway-secret-value';
  }
  const pending = loadConfig(env);
  if (ownsEmulator) {
    emulator = await startEmulator({ port: 0, logDeliveries: false, ...emulatorClient(pending) });
  }
  const config = withAuth0Target(
    pending,
    emulator && !options.upstream ? emulatorTarget(emulator) : undefined,
  );
  const logs = new LogCapture();
  const app = await createApp(config, createLogger({ level: config.logLevel, destination: logs }), {
    clock: options.clock,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    url,
    app,
    config,
    logs,
    emulator,
    close: async () => {
      await app.close();
      if (ownsEmulator) await emulator?.close();
    },
  };
}
