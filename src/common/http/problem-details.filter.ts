import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../errors/error-code';
import { GatewayError } from '../errors/gateway-error';
import { renderProblem, toGatewayError } from './problem-details';
import { RouteRegistry } from './route-registry';

/**
 * Every error, whoever threw it (a service, the validation pipe, Fastify's body parser, the router),
 * leaves as `application/problem+json` with the stable code of docs/api.md and the request id. Nothing internal
 * is revealed; a bug is logged for operators and answered `500 internal_error`.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly routes: RouteRegistry) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let error = toGatewayError(exception);

    // Only a request no route took can be a wrong method; a handler's own 404 stays a 404.
    const unrouted = error.kind === ErrorCode.NotFound && request.routeOptions.url === undefined;
    const allow = unrouted ? this.routes.allowedMethods(request.url) : [];
    if (allow.length > 0) {
      error = new GatewayError(ErrorCode.MethodNotAllowed);
      void reply.header('allow', allow.join(', '));
    }
    if (error.kind === ErrorCode.InternalError) {
      this.logger.error({ err: error.cause ?? exception }, 'Unhandled error');
    }

    const problem = renderProblem(error, request.id);
    if (reply.sent) return;
    void reply.status(problem.status).headers(problem.headers).send(problem.body);
  }
}
