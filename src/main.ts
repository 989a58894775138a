import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './bootstrap/create-app';
import { devBanner, startDevStack } from './bootstrap/dev-stack';
import { onTerminalHangup } from './bootstrap/terminal-hangup';
import { consoleDestination, readableLogs } from './common/logging/console-destination';
import { createLogger } from './common/logging/create-logger';
import { ConfigError, loadConfig } from './config/load-config';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const pending = loadConfig(process.env);
  const readable = readableLogs(pending.nodeEnv);
  const logger = createLogger({
    level: pending.logLevel,
    destination: consoleDestination(readable),
  });

  // With no tenant configured the built-in emulator answers as Auth0 does, over real HTTP.
  const { config, emulator } = await startDevStack(pending, process.env, {
    level: pending.logLevel,
    destination: consoleDestination(readable),
  });
  const app = await createApp(config, logger);
  await app.listen({ port: config.port, host: config.host });
  const url = await app.getUrl();
  logger.info(
    { url, docs: `${url}/docs`, emulator: config.emulatorMode },
    'mfa-gateway is listening',
  );
  // The banner is the developer's inbox (demo password, dev secret): plain text, outside the redacting
  // log, and after every line written so far.
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  if (emulator) process.stdout.write(`\n${devBanner(url, emulator, config.demoUi)}\n\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    // Nest's own shutdown hooks re-raise the signal (exit 143); an orderly stop should exit 0.
    void app
      .close()
      .then(() => emulator?.close())
      .then(() => logger.info({ signal }, 'stopped'))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  onTerminalHangup(() => stop('SIGHUP'));
}

main().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say which variable, without a stack trace.
  const message = error instanceof ConfigError ? error.message : error;
  process.stderr.write(
    `mfa-gateway failed to start: ${String(message instanceof Error ? message.stack : message)}\n`,
  );
  process.exit(1);
});
