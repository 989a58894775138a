import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';

/** The request an `Idempotency-Key` may come with, and the reply a replay marks as one. */
export interface IdempotencyScope {
  request: FastifyRequest;
  reply: FastifyReply;
}

/** Hands a controller what `Idempotency.run` needs, without the controller touching the raw request. */
export const IdempotencyOf = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotencyScope => {
    const http = ctx.switchToHttp();
    return { request: http.getRequest<FastifyRequest>(), reply: http.getResponse<FastifyReply>() };
  },
);
