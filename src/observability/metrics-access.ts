import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { SecretSet } from '../common/crypto/secret-set';
import { bearerIn } from '../common/http/bearer-token.decorator';

/** Who may read /metrics: anyone when no METRICS_TOKEN is set, else only `Authorization: Bearer <token>`. */
export class MetricsAccess {
  private readonly token: SecretSet;

  constructor(token: string | undefined) {
    this.token = new SecretSet(token ? [token] : []);
  }

  /** Throws `401 missing_token` / `401 invalid_token` (problem+json) unless the caller may scrape. */
  check(authorization: string | undefined): void {
    if (this.token.empty) return;
    if (!authorization) {
      throw new GatewayError(ErrorCode.MissingToken, {
        detail: '/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.',
      });
    }
    const presented = bearerIn(authorization);
    if (presented === undefined || !this.token.has(presented)) {
      throw new GatewayError(ErrorCode.InvalidToken, { detail: 'Wrong metrics token.' });
    }
  }
}
