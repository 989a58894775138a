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

  constructor(config: ConfigService<AppConfig, true>) {
    this.keys = new SecretSet(config.get('apiKeys', { infer: true }));
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.empty) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isV1Request(request)) return true;
    const given = request.headers['x-api-key'];
    if (typeof given !== 'string' || given.length === 0)
      throw new GatewayError(ErrorCode.InvalidApiKey);
    if (!this.keys.has(given)) throw new GatewayError(ErrorCode.InvalidApiKey);
    return true;
  }
}
