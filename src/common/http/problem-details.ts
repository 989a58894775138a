import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../errors/error-code';
import { FieldError, GatewayError } from '../errors/gateway-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem body as the gateway renders it. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface RenderedProblem {
  status: number;
  headers: Record<string, string>;
  body: ProblemBody;
}

/** Fastify's own errors (body parsing, limits) by their `code`, mapped onto ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.ValidationFailed,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_ERR_BAD_URL: ErrorCode.NotFound,
  // A path segment longer than any id can name nothing.
  FST_ERR_MAX_PARAM_LENGTH: ErrorCode.NotFound,
  FST_ERR_ASYNC_CONSTRAINT: ErrorCode.NotFound,
};

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.ValidationFailed,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.InvalidToken,
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
  [HttpStatus.METHOD_NOT_ALLOWED]: ErrorCode.MethodNotAllowed,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ErrorCode.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RateLimited,
};

interface ErrorWithCode {
  code?: unknown;
  statusCode?: unknown;
}

/**
 * Turns anything thrown into a GatewayError. Known framework errors keep their meaning; anything else is
 * a bug and becomes `internal_error` with nothing of the original revealed.
 */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof HttpException) {
    const code = STATUS_CODES[error.getStatus()];
    return code
      ? new GatewayError(code)
      : new GatewayError(ErrorCode.InternalError, { cause: error });
  }
  const { code, statusCode } = (error ?? {}) as ErrorWithCode;
  if (typeof code === 'string' && FASTIFY_CODES[code]) return new GatewayError(FASTIFY_CODES[code]);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const mapped = STATUS_CODES[statusCode];
    if (mapped) return new GatewayError(mapped);
  }
  return new GatewayError(ErrorCode.InternalError, { cause: error });
}

export function renderProblem(error: GatewayError, requestId: string): RenderedProblem {
  const body: ProblemBody = {
    type: `urn:mfa-gateway:error:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    request_id: requestId,
  };
  if (error.errors) body.errors = error.errors;
  // Extension members (e.g. mfa_token) follow the standard ones and can never replace them.
  for (const [key, value] of Object.entries(error.extensions ?? {})) {
    if (!(key in body)) body[key] = value;
  }
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (error.status === 429)
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfter ?? 60)));
  else if (error.retryAfter !== undefined)
    headers['retry-after'] = String(Math.ceil(error.retryAfter));
  return { status: error.status, headers, body };
}
