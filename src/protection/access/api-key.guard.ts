import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Secrets } from '../../config/secrets';
import { SecretSet } from '../../common/crypto/secret-set';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { isV1Request } from '../../common/http/v1-route';

interface ApiKeys {
  set: SecretSet;
  /** A short digest per key: what per-key budgets count under, so no key is ever stored or logged. */
  fingerprints: string[];
}

/**
 * With `API_KEYS` set, every `/v1` call must name one in `x-api-key` (compared in constant time). The keys
 * rotate on SIGHUP (docs/operations.md); a key keeps its fingerprint, so its budgets survive a rotation.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: () => ApiKeys;

  constructor(secrets: Secrets) {
    this.keys = secrets.derive('apiKeys', (apiKeys) => ({
      set: new SecretSet(apiKeys),
      fingerprints: apiKeys.map((key) =>
        createHash('sha256').update(key).digest('hex').slice(0, 16),
      ),
    }));
  }

  canActivate(context: ExecutionContext): boolean {
    const keys = this.keys();
    if (keys.set.empty) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isV1Request(request)) return true;
    const given = request.headers['x-api-key'];
    if (typeof given !== 'string' || given.length === 0)
      throw new GatewayError(ErrorCode.InvalidApiKey);
    const index = keys.set.indexOf(given);
    if (index < 0) throw new GatewayError(ErrorCode.InvalidApiKey);
    request.apiKeyId = keys.fingerprints[index];
    return true;
  }
}
