import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
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
    .headers({
      ...problem.headers,
      'x-request-id': request.id,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .send(problem.body);
}
