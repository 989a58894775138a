import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Who may read /metrics: anyone when no METRICS_TOKEN is set, else only `Authorization: Bearer <token>`.
 * Both sides are hashed to one length first, so the comparison is constant-time whatever was sent.
 */
export class MetricsAccess {
  private readonly expected?: Buffer;

  constructor(token: string | undefined) {
    this.expected = token ? digest(token) : undefined;
  }

  /** Throws `401 missing_token` / `401 invalid_token` (problem+json) unless the caller may scrape. */
  check(authorization: string | undefined): void {
    if (!this.expected) return;
    const presented = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!authorization) {
      throw new GatewayError(ErrorCode.MissingToken, {
        detail: '/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.',
      });
    }
    if (!presented || !timingSafeEqual(digest(presented), this.expected)) {
      throw new GatewayError(ErrorCode.InvalidToken, { detail: 'Wrong metrics token.' });
    }
  }
}
