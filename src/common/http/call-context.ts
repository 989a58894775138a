import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API-key guard: a fingerprint of the key the request presented. */
    apiKeyId?: string;
    /** Set by the rate-limit guard on routes that batch their shared-state work. */
    stateBatch?: StateBatch;
    /** The request's first audit event, held for its one log line (src/observability/audit.service.ts). */
    auditSlot?: AuditSlot;
  }
}

/**
 * Where a request's first audit event waits to be written as part of the request's own log line, so a
 * request costs one line, not two (bench/README.md). `response` is how the audit service notices a request
 * that ends without that line (a client gone before its answer): the event is then written alone.
 */
export interface AuditSlot {
  readonly response: ServerResponse;
  entry?: Record<string, unknown>;
  /** Set once the entry is written, by whichever of the two writers comes first. */
  written?: boolean;
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
  audit?: AuditSlot;
  stateBatch?: StateBatch;
}

/**
 * What Auth0 should know of the end user's request. `request.ip` already honours TRUST_PROXY, so the
 * forwarded IP comes only from the trusted proxy chain, never from a header the caller made up.
 */
export function callContextOf(request: FastifyRequest, reply?: FastifyReply): CallContext {
  if (reply && !request.auditSlot) request.auditSlot = { response: reply.raw };
  return {
    clientIp: request.ip,
    requestId: request.id,
    apiKeyId: request.apiKeyId,
    stateBatch: request.stateBatch,
    audit: request.auditSlot,
  };
}

export const RequestContext = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CallContext =>
    callContextOf(
      ctx.switchToHttp().getRequest<FastifyRequest>(),
      ctx.switchToHttp().getResponse<FastifyReply>(),
    ),
);
