import pino, { DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Where log lines go on the console: readable, coloured lines for a developer at a terminal, JSON lines
 * (one object a line, written asynchronously) for everything else — a container's log collector, a
 * pipe, production.
 */
export function consoleDestination(pretty: boolean): DestinationStream {
  if (!pretty) return pino.destination({ dest: 1, sync: false });
  return pinoPretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    messageKey: 'msg',
  });
}

/** A person is reading: stdout is a terminal and this is not production. */
export function readableLogs(nodeEnv: string): boolean {
  return process.stdout.isTTY === true && nodeEnv !== 'production';
}
