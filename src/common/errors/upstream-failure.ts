import { GatewayError } from './gateway-error';

/**
 * What a GatewayError from a call upstream (Auth0) keeps as `cause`: facts for operators and for the
 * protections that decide what a failed call costs (refunds, idempotency records, the breaker), and
 * nothing from the request itself.
 */
export interface UpstreamFailure {
  /**
   * `client`: the upstream judged the request (4xx); `server`: it failed (5xx) or answered something
   * unreadable; `transport`: no answer came; `breaker`: the call was never made.
   */
  kind: 'client' | 'server' | 'transport' | 'breaker';
  status?: number;
  /** The upstream's own `error` value, or the transport's error code (`ECONNREFUSED` …). */
  code?: string;
  /** False only when nothing can have reached the upstream (connect failed), so a retry cannot repeat a send. */
  requestSent: boolean;
}

/** The failure facts of an error thrown by a call upstream; undefined for anything else. */
export function failureCauseOf(error: unknown): Partial<UpstreamFailure> | undefined {
  return error instanceof GatewayError
    ? (error.cause as Partial<UpstreamFailure> | undefined)
    : undefined;
}
