import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { isV1Route } from '../../common/http/v1-route';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * With `API_KEYS` set, every `/v1` call must name one in `x-api-key`. Keys are compared as SHA-256
 * digests with `timingSafeEqual`, and every configured key is compared every time, so neither the position
 * of a wrong byte nor which key matched shows in the response time.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(config: ConfigService<AppConfig, true>) {
    this.keys = config.get('apiKeys', { infer: true }).map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.length === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isV1Route(request)) return true;
    const given = request.headers['x-api-key'];
    if (typeof given !== 'string' || given.length === 0)
      throw new GatewayError(ErrorCode.InvalidApiKey);
    const candidate = digest(given);
    let matched = false;
    for (const key of this.keys) matched = timingSafeEqual(key, candidate) || matched;
    if (!matched) throw new GatewayError(ErrorCode.InvalidApiKey);
    return true;
  }
}
