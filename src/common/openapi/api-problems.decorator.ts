import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode } from '../errors/error-code';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details';
import { MfaRequiredProblemDto, ProblemDto } from './problem.dto';

/** Errors any `/v1` call can answer, whatever it does. */
const COMMON: ErrorCode[] = [
  ErrorCode.ValidationFailed,
  ErrorCode.MalformedJson,
  ErrorCode.InvalidApiKey,
  ErrorCode.PayloadTooLarge,
  ErrorCode.RequestHeadersTooLarge,
  ErrorCode.UnsupportedMediaType,
  ErrorCode.RateLimited,
  ErrorCode.UpstreamError,
  ErrorCode.UpstreamMisconfigured,
  ErrorCode.UpstreamUnavailable,
  ErrorCode.UpstreamTimeout,
  ErrorCode.InternalError,
];

/** What a call that needs the bearer token answers when the token is missing, bad or expired. */
export const BEARER_ERRORS: readonly ErrorCode[] = [
  ErrorCode.MissingToken,
  ErrorCode.InvalidToken,
  ErrorCode.MfaTokenExpired,
];

function example(code: ErrorCode): Record<string, unknown> {
  const info = ERROR_CODES[code];
  return {
    type: `urn:mfa-gateway:error:${code}`,
    title: info.title,
    status: info.status,
    detail: info.detail,
    code,
    request_id: '9f1c6a1e-2f8b-4f5e-9a53-0d6c1c1f3b7a',
    ...(code === ErrorCode.ValidationFailed
      ? { errors: [{ field: 'binding_code', message: 'binding_code must be 6 digits' }] }
      : {}),
    ...(code === ErrorCode.MfaRequired
      ? {
          mfa_token: 'Fe26.2*1*4b0f9c2e7a1d*...',
          mfa_requirements: { challenge: [{ type: 'otp' }, { type: 'phone' }] },
        }
      : {}),
  };
}

/**
 * The schema of a status's answers: the plain problem, or — where `mfa_required` is among them — that
 * answer with its `mfa_token`, or a plain problem, so a typed client can read the token it needs.
 */
function schemaFor(group: ErrorCode[]): Record<string, unknown> {
  const problem = { $ref: getSchemaPath(ProblemDto) };
  if (!group.includes(ErrorCode.MfaRequired)) return problem;
  // anyOf: an mfa_required answer is a problem too, so the two are not exclusive.
  return { anyOf: [{ $ref: getSchemaPath(MfaRequiredProblemDto) }, problem] };
}

/**
 * Documents the problem+json answers of an endpoint: the codes it can answer itself plus those every
 * `/v1` call can, grouped by status, each with an example, so `/docs-json` lists every error response.
 */
export function ApiProblems(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return problemResponses([...codes, ...COMMON]);
}

/** Only the given codes: for routes outside `/v1` (health), which answer none of `/v1`'s own. */
export function ApiProblemsOnly(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return problemResponses(codes);
}

function problemResponses(codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, group]) =>
      ApiResponse({
        status,
        description: group.map((code) => `\`${code}\``).join(', '),
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: schemaFor(group),
            examples: Object.fromEntries(group.map((code) => [code, { value: example(code) }])),
          },
        },
      }),
    );
  return applyDecorators(ApiExtraModels(ProblemDto, MfaRequiredProblemDto), ...responses);
}
