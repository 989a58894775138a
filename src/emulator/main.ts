import pino from 'pino';
import { loadEmulatorOptions, startEmulator } from './index';

/** `npm run emulator`: the emulator alone, configured from the environment. */
async function main(): Promise<void> {
  const logger = pino({ name: 'auth0-emulator' });
  let emulator;
  try {
    emulator = await startEmulator(Object.assign(loadEmulatorOptions(process.env), { logger }));
  } catch (error) {
    logger.fatal(
      { err: error instanceof Error ? error.message : String(error) },
      'emulator not started',
    );
    process.exitCode = 1;
    return;
  }
  logger.info(`\n${emulator.banner()}`);
  const running = emulator;
  const stop = (signal: string) => {
    logger.info({ signal }, 'emulator stopping');
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
