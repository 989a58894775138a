import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { emulatorBanner } from './banner';
import { GeneratedClientKey, generateClientKey } from './generated-client-key';
import { registerLenientBodyParsers } from './body-parsers';
import { registerAuth0ContentTypes } from './content-types';
import { EmulatorOptions, resolveEmulatorOptions } from './emulator-options';
import { EmulatorExceptionFilter } from './emulator-exception.filter';
import { buildEmulatorServices } from './emulator-services';
import { EmulatorModule } from './emulator.module';
import { DEMO_USER } from './store/emulator-store';

export interface RunningEmulator {
  /** The real loopback URL to call, e.g. `http://127.0.0.1:3001`. */
  url: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  /** The key pair made at start for `clientAuth: private_key_jwt`, if one was. */
  generatedClientKey?: GeneratedClientKey;
  demoUser: { email: string; password: string };
  banner(): string;
  close(): Promise<void>;
}

/** A wildcard bind is still called over loopback. */
function callableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts one emulator on its own port; several may run in one process. */
export async function startEmulator(
  partial: Partial<EmulatorOptions> = {},
): Promise<RunningEmulator> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The Auth0 MFA emulator refuses to start when NODE_ENV=production.');
  }
  let options = resolveEmulatorOptions(partial);
  let generatedClientKey: GeneratedClientKey | undefined;
  if (options.clientAuth === 'private_key_jwt' && !options.clientPublicKeys?.length) {
    generatedClientKey = generateClientKey();
    options = Object.assign({}, options, {
      clientPublicKeys: [{ pem: generatedClientKey.publicKeyPem }],
    });
  }
  const logger = options.logger ?? pino({ name: 'auth0-emulator' });
  const services = await buildEmulatorServices(options, logger);

  const adapter = new FastifyAdapter();
  registerLenientBodyParsers(adapter.getInstance());
  registerAuth0ContentTypes(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    EmulatorModule.forInstance(services),
    adapter,
    { logger: false, bodyParser: false, abortOnError: false },
  );
  app.useGlobalFilters(new EmulatorExceptionFilter(logger));
  await app.listen(options.port, options.host);

  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://${callableHost(options.host)}:${address.port}`;
  const demoUser = { ...DEMO_USER };
  return {
    url,
    domain: options.domain,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(generatedClientKey ? { generatedClientKey } : {}),
    demoUser,
    banner: () =>
      emulatorBanner({
        url,
        domain: options.domain,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        clientKeys: options.clientPublicKeys?.length ?? 0,
        generatedKeyFile: generatedClientKey?.privateKeyFile,
        demoUser,
        logDeliveries: options.logDeliveries,
        fixedCode: options.fixedCode,
      }),
    close: () => app.close(),
  };
}
