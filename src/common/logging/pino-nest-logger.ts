import { LoggerService } from '@nestjs/common';
import { Logger } from 'pino';

/**
 * Nest's own start-up chatter: one line per module and per route, every start. Useful when something
 * does not load, noise otherwise, so it is written at debug.
 */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * Nest's own messages (bootstrap, `new Logger(ctx)` in services) written through the same pino logger,
 * so they are redacted and structured like every other line.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(
      typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : 'info',
      message,
      rest,
    );
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    // Nest passes the context (the logger's name) last; an error's stack comes before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const extra of rest) {
      if (extra && typeof extra === 'object') Object.assign(fields, extra);
      // Logger.error(message, stack): keep the stack, it is what an operator needs for a bug.
      else if (typeof extra === 'string' && level === 'error') fields.stack = extra;
    }
    if (message instanceof Error)
      this.pino[level](Object.assign(fields, { err: message }), message.message);
    else if (message && typeof message === 'object')
      this.pino[level](Object.assign(fields, message));
    else this.pino[level](fields, String(message));
  }
}
