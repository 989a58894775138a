import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API-key guard: a fingerprint of the key the request presented. */
    apiKeyId?: string;
    /** Set by the rate-limit guard on routes that batch their shared-state work. */
    stateBatch?: StateBatch;
  }
}

/**
 * The shared-state work of one request, gathered by the protection layer so that it travels in two
 * round trips (src/protection/admission/request-batch.ts). Opaque to everything else.
 */
export interface StateBatch {
  readonly batched: true;
}

/** Facts about the end user's request that Auth0 should see, not the gateway's. */
export interface CallContext {
  /** The end user's IP, sent as `auth0-forwarded-for` on token grants (brute-force protection). */
  clientIp?: string;
  /** Which API key called (a fingerprint, never the key), when `API_KEYS` is set. */
  apiKeyId?: string;
  /** The gateway's request id (`request.id`), for audit events; never sent to Auth0. */
  requestId?: string;
  stateBatch?: StateBatch;
}

/**
 * What Auth0 should know of the end user's request. `request.ip` already honours TRUST_PROXY, so the
 * forwarded IP comes only from the trusted proxy chain, never from a header the caller made up.
 */
export function callContextOf(request: FastifyRequest): CallContext {
  return {
    clientIp: request.ip,
    requestId: request.id,
    apiKeyId: request.apiKeyId,
    stateBatch: request.stateBatch,
  };
}

export const RequestContext = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CallContext =>
    callContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
