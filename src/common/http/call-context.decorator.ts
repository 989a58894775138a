import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { CallContext } from '../../auth0/auth0.types';

/**
 * What Auth0 should know of the end user's request. `request.ip` already honours TRUST_PROXY, so the
 * forwarded IP comes only from the trusted proxy chain, never from a header the caller made up.
 */
export function callContextOf(request: FastifyRequest): CallContext {
  return { clientIp: request.ip, requestId: request.id };
}

export const RequestContext = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CallContext =>
    callContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
