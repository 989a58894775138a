import pino, { DestinationStream } from 'pino';
import { AppConfig, PendingAppConfig } from '../config/app-config';
import { ConfigError, withAuth0Target } from '../config/load-config';
import { EmulatorOptions, loadEmulatorOptions, RunningEmulator, startEmulator } from '../emulator';

export interface DevStack {
  config: AppConfig;
  emulator?: RunningEmulator;
}

/**
 * Completes the configuration: with a tenant, Auth0 itself; without one, the embedded emulator, started
 * on its own port and reached over loopback HTTP exactly as Auth0 would be.
 */
export async function startDevStack(
  pending: PendingAppConfig,
  env: Record<string, string | undefined>,
  log: { level: string; destination: DestinationStream },
): Promise<DevStack> {
  if (!pending.emulatorMode) return { config: withAuth0Target(pending) };
  let options;
  try {
    options = loadEmulatorOptions(env);
  } catch (error) {
    throw new ConfigError([error instanceof Error ? error.message : String(error)]);
  }
  // The emulator's delivery lines (codes) are the developer's inbox, the one deliberate exception to
  // redaction (docs/security.md): they get a logger of their own so the gateway's redaction stays absolute.
  const inbox = pino({ level: log.level, base: { service: 'auth0-emulator' } }, log.destination);
  if (options.clientAuth === 'private_key_jwt' && pending.auth0.clientSecret) {
    throw new ConfigError([
      'EMULATOR_CLIENT_AUTH=private_key_jwt needs AUTH0_CLIENT_ASSERTION_KEY or nothing, not AUTH0_CLIENT_SECRET',
    ]);
  }
  // The emulator registers the client the gateway is: its id and secret, or its key's public half.
  const emulator = await startEmulator({ ...options, ...emulatorClient(pending), logger: inbox });
  const generated = emulator.generatedClientKey;
  const withKey: PendingAppConfig = generated
    ? {
        ...pending,
        auth0: {
          ...pending.auth0,
          clientAssertion: {
            privateKeyPem: generated.privateKeyPem.trim(),
            alg: 'RS256',
          },
        },
        // As if AUTH0_CLIENT_ASSERTION_KEY_FILE named it: rewriting the file and SIGHUP rotate it.
        secretFiles: {
          ...pending.secretFiles,
          AUTH0_CLIENT_ASSERTION_KEY: generated.privateKeyFile,
        },
      }
    : pending;
  return { config: withAuth0Target(withKey, emulatorTarget(emulator)), emulator };
}

/**
 * The emulator's client as the gateway's configuration describes it: AUTH0_CLIENT_ID, and its secret or the
 * public half of its assertion key. What is unset stays the emulator's development default.
 */
export function emulatorClient(
  pending: PendingAppConfig,
): Partial<Pick<EmulatorOptions, 'clientId' | 'clientSecret' | 'clientPublicKeys'>> {
  const { clientId, clientSecret, clientAssertion } = pending.auth0;
  return {
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(clientAssertion
      ? {
          clientPublicKeys: [
            {
              pem: clientAssertion.privateKeyPem,
              alg: clientAssertion.alg,
              ...(clientAssertion.kid ? { kid: clientAssertion.kid } : {}),
            },
          ],
        }
      : {}),
  };
}

/** Where the emulator answers and as which of its clients the gateway calls it. */
export function emulatorTarget(emulator: RunningEmulator): {
  domain: string;
  baseUrl: string;
  clientId: string;
  clientSecret?: string;
} {
  return {
    domain: emulator.domain,
    baseUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
  };
}

/** The start-up block a newcomer reads first: where everything is and how to try it. */
export function devBanner(gatewayUrl: string, emulator: RunningEmulator, demoUi: boolean): string {
  return [
    '────────────────────────────────────────────────────────────────',
    ' mfa-gateway is running against its built-in Auth0 MFA emulator',
    ' (no AUTH0_DOMAIN is set; nothing leaves this machine).',
    '',
    `   Gateway API   ${gatewayUrl}/v1    Swagger UI ${gatewayUrl}/docs`,
    ...(demoUi ? [`   Try it in a browser: ${gatewayUrl}/demo`] : []),
    emulator.banner(),
    '────────────────────────────────────────────────────────────────',
  ].join('\n');
}
