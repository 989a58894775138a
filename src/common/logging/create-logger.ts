import pino, { DestinationStream, Logger } from 'pino';
import { consoleDestination } from './console-destination';
import { scrubSecrets, scrubText } from './secret-scrubber';

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

interface LoggedRequest {
  id?: string;
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
}

/**
 * The process's one logger. Redaction is central: every object passes `scrubSecrets` and every message
 * string `scrubText` before it is written, so no call site can leak a token, code, password, phone
 * number or e-mail by forgetting to mask it.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'mfa-gateway' },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubSecrets(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        // Only the route template and method: a query string may hold an address, headers hold tokens.
        req: (req: LoggedRequest) => ({
          method: req.method,
          route: req.routeOptions?.url ?? req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
        err: (err: Error) => ({ type: err.name, message: scrubText(err.message) }),
      },
    },
    // JSON written asynchronously unless the caller says otherwise: under load, lines that arrive while a
    // write is under way go out together in one write instead of one blocking write each (bench/); idle,
    // each line still leaves at once. pino flushes what is pending when the process exits.
    options.destination ?? consoleDestination(false),
  );
}
