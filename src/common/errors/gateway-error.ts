import { ERROR_CODES, ErrorCode } from './error-code';

export interface FieldError {
  field: string;
  message: string;
}

export interface GatewayErrorOptions {
  /** A sentence for people; never a secret. Defaults to the code's own sentence. */
  detail?: string;
  /** Seconds, sent as `Retry-After` (every 429 has one). */
  retryAfter?: number;
  /** Validation failures. */
  errors?: FieldError[];
  /** Extension members of the problem body (e.g. `mfa_token` of `mfa_required`). */
  extensions?: Record<string, unknown>;
  /** For pass-through of an Auth0 error the table does not name: Auth0's status and `error` value. */
  status?: number;
  passThroughCode?: string;
  title?: string;
  /** The underlying failure, for operators' logs only; never rendered. */
  cause?: unknown;
}

/**
 * The one error type the gateway throws. Everything else (Auth0 answers, transport failures, Fastify and
 * validation errors) is converted into it before it is rendered as `application/problem+json`.
 */
export class GatewayError extends Error {
  /** The row of the error table this error belongs to. */
  readonly kind: ErrorCode;
  /** What the caller sees: the kind's code, or Auth0's own `error` value when passed through. */
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly retryAfter?: number;
  readonly errors?: FieldError[];
  readonly extensions?: Record<string, unknown>;

  constructor(code: ErrorCode, options: GatewayErrorOptions = {}) {
    const info = ERROR_CODES[code];
    const detail = options.detail ?? info.detail;
    super(detail, { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = code;
    this.code = options.passThroughCode ?? code;
    this.status = options.status ?? info.status;
    this.title = options.title ?? info.title;
    this.detail = detail;
    this.retryAfter = options.retryAfter;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }
}
