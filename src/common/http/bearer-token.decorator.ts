import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { ApiAccess } from '../openapi/api-access.decorator';
import { ErrorCode } from '../errors/error-code';
import { GatewayError } from '../errors/gateway-error';

// Printable token characters only; anything else could never be a token Auth0 issued.
const TOKEN = /^[\x21-\x7e]{1,4096}$/;

/** The token of an `Authorization: Bearer` header as sent, or undefined when there is none. */
export function bearerIn(header: string | undefined): string | undefined {
  return /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

export function extractBearer(header: string | undefined): string {
  const token = bearerIn(header);
  if (token === undefined) throw new GatewayError(ErrorCode.MissingToken);
  if (!TOKEN.test(token)) throw new GatewayError(ErrorCode.InvalidToken);
  return token;
}

/** The caller's `Authorization: Bearer` token (an mfa_token or an MFA-audience access token). */
export const BearerToken = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return extractBearer(request.headers.authorization);
});

/**
 * Documents that an endpoint needs the bearer token. Its 401 answers are documented with its other
 * problems (`ApiProblems`), so each status is described once.
 */
export function RequiresBearer(): MethodDecorator & ClassDecorator {
  return ApiAccess('bearer');
}
