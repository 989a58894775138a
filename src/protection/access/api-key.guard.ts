import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { SecretSet } from '../../common/crypto/secret-set';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { isV1Request } from '../../common/http/v1-route';

/** With `API_KEYS` set, every `/v1` call must name one in `x-api-key` (compared in constant time). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: SecretSet;
  /** A short digest per key: what per-key budgets count under, so no key is ever stored or logged. */
  private readonly fingerprints: string[];

  constructor(config: ConfigService<AppConfig, true>) {
    const keys = config.get('apiKeys', { infer: true });
    this.keys = new SecretSet(keys);
    this.fingerprints = keys.map((key) =>
      createHash('sha256').update(key).digest('hex').slice(0, 16),
    );
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.empty) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isV1Request(request)) return true;
    const given = request.headers['x-api-key'];
    if (typeof given !== 'string' || given.length === 0)
      throw new GatewayError(ErrorCode.InvalidApiKey);
    const index = this.keys.indexOf(given);
    if (index < 0) throw new GatewayError(ErrorCode.InvalidApiKey);
    request.apiKeyId = this.fingerprints[index];
    return true;
  }
}
