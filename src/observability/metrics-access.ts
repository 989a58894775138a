import { Injectable } from '@nestjs/common';
import { Secrets } from '../config/secrets';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { SecretSet } from '../common/crypto/secret-set';
import { bearerIn } from '../common/http/bearer-token.decorator';

/**
 * Who may read /metrics: anyone when no METRICS_TOKEN is set, else only `Authorization: Bearer <token>`.
 * The token rotates on SIGHUP like every secret read from a file.
 */
@Injectable()
export class MetricsAccess {
  private readonly token: () => SecretSet;

  constructor(secrets: Secrets) {
    this.token = secrets.derive('metricsToken', SecretSet.ofOptional);
  }

  /** Throws `401 missing_token` / `401 invalid_token` (problem+json) unless the caller may scrape. */
  check(authorization: string | undefined): void {
    const token = this.token();
    if (token.empty) return;
    if (!authorization) {
      throw new GatewayError(ErrorCode.MissingToken, {
        detail: '/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.',
      });
    }
    const presented = bearerIn(authorization);
    if (presented === undefined || !token.has(presented)) {
      throw new GatewayError(ErrorCode.InvalidToken, { detail: 'Wrong metrics token.' });
    }
  }
}
