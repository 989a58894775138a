import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { bearerIn } from '../../common/http/bearer-token.decorator';
import { callContextOf } from '../../common/http/call-context';
import { isV1Request } from '../../common/http/v1-route';
import { Hit, RateLimiter } from './rate-limiter.service';

/**
 * The limits every `/v1` request counts against: its client IP (which honours TRUST_PROXY) and, when it
 * carries one, its bearer token. The limits that need the validated body (username, destination,
 * authenticator) are counted by the feature services.
 */
@Injectable()
export class RequestRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isV1Request(request)) return true;
    const hits: Hit[] = [['client_ip', request.ip]];
    const bearer = bearerIn(request.headers.authorization);
    if (bearer) hits.push(['bearer', bearer]);
    await this.limiter.consume(callContextOf(request), hits);
    return true;
  }
}
