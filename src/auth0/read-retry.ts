import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import type { Auth0Answer } from './auth0-answer';
import { failureCauseOf } from '../common/errors/upstream-failure';

/**
 * How reads are retried. Two retries at most: a third failure in a row means Auth0 is down, which is the
 * circuit breaker's business, not a reason to keep the caller waiting. Backoff starts small because the
 * whole call, retries included, must fit in AUTH0_TIMEOUT_MS.
 */
export const READ_RETRY = {
  retries: 2,
  baseMs: 50,
  capMs: 1000,
  /** No retry unless at least this much of the call's time budget is left for it. */
  minAttemptMs: 50,
} as const;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): a random
 * wait in [0, min(cap, base·2^n)), so that gateways retrying after one Auth0 hiccup do not return in step.
 * `Math.random` is enough: nothing secret depends on it.
 */
export function retryDelayMs(retry: number, random: () => number = Math.random): number {
  return random() * Math.min(READ_RETRY.capMs, READ_RETRY.baseMs * 2 ** retry);
}

/** Auth0 answered but was not well: a 5xx may be gone a moment later. 4xx answers are final. */
export function shouldRetryAnswer(answer: Auth0Answer): boolean {
  return answer.status >= 500 && answer.status <= 599;
}

/**
 * No answer (refused, reset, connect timeout). Not when the breaker refused the call (nothing was tried)
 * and not for this side's own bugs. A whole-call timeout leaves no budget, so it is not retried either.
 */
export function shouldRetryError(error: unknown): boolean {
  if (!(error instanceof GatewayError) || error.kind === ErrorCode.InternalError) return false;
  return failureCauseOf(error)?.kind === 'transport';
}
