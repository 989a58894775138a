import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { EmulatorError, invalidRequest } from './emulator-errors';

function hasStatusCode(value: unknown): value is { statusCode: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** Turns every failure, including unknown routes and unreadable bodies, into Auth0's error shape. */
@Catch()
export class EmulatorExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = this.toEmulatorError(exception);
    void reply
      .status(error.status)
      .headers(
        Object.assign({}, error.headers, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        }),
      )
      .send(JSON.stringify(error.body()));
  }

  private toEmulatorError(exception: unknown): EmulatorError {
    if (exception instanceof EmulatorError) return exception;
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : hasStatusCode(exception)
          ? exception.statusCode
          : 500;
    if (status === 404) return new EmulatorError(404, 'not_found', 'Not Found');
    if (status >= 400 && status < 500) {
      const error = invalidRequest('The request could not be read.', status);
      return error;
    }
    // Only the message: an unexpected error here may carry request data, and requests carry secrets.
    this.logger.error(
      { err: exception instanceof Error ? exception.message : 'unknown' },
      'emulator internal error',
    );
    return new EmulatorError(500, 'server_error', 'The emulator failed to answer this request.');
  }
}
