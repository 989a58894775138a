import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { ErrorCode } from '../errors/error-code';
import { GatewayError } from '../errors/gateway-error';
import { renderProblem, toGatewayError } from './problem-details';

/**
 * Fastify's `frameworkErrors` option. The router refuses a path segment it cannot decode (`%zz`) or one
 * over `maxParamLength` before any hook or Nest filter runs, and by default answers with its own JSON
 * (status 400/414, no request id, the path echoed). This renders those as the gateway's problem bodies,
 * with the headers the `onRequest` hook would have set.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const problem = renderProblem(toGatewayError(error), request.id);
  void reply
    .status(problem.status)
    .headers(
      Object.assign({}, problem.headers, {
        'x-request-id': request.id,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      }),
    )
    .send(problem.body);
}

const CLIENT_ERRORS: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: ErrorCode.RequestHeadersTooLarge,
  ERR_HTTP_REQUEST_TIMEOUT: ErrorCode.RequestTimeout,
};

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (headers over the size limit,
 * not HTTP at all, too slow) before there was a request to route. Fastify would answer in its own JSON;
 * this answers with the gateway's problem body on the raw socket, then closes it as Node does.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const code = CLIENT_ERRORS[error.code ?? ''] ?? ErrorCode.MalformedRequest;
    const problem = renderProblem(new GatewayError(code), randomUUID());
    const body = JSON.stringify(problem.body);
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.body.title}\r\n` +
        `content-type: ${problem.headers['content-type']}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${problem.body.request_id}\r\n` +
        'cache-control: no-store\r\nconnection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}
