import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { SharedState } from '../state/shared-state';
import { bearerIn } from '../../common/http/bearer-token.decorator';
import { callContextOf } from '../../common/http/call-context';
import { isV1Request } from '../../common/http/v1-route';
import { BATCHED_STATE, RequestBatch } from '../admission/request-batch';
import { Hit, RateLimiter } from './rate-limiter.service';

/**
 * The limits every `/v1` request counts against: its client IP (which honours TRUST_PROXY) and, when it
 * carries one, its bearer token. The limits that need the validated body (username, destination,
 * authenticator) are counted by the feature services. On a route that batches its shared-state work,
 * these are left in the request's batch and counted in the feature's admission: one round trip for all.
 */
@Injectable()
export class RequestRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
    private readonly state: SharedState,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isV1Request(request)) return true;
    const hits: Hit[] = [['client_ip', request.ip]];
    const bearer = bearerIn(request.headers.authorization);
    if (bearer) hits.push(['bearer', bearer]);
    if (this.reflector.get<boolean>(BATCHED_STATE, context.getHandler())) {
      const batch = new RequestBatch(this.limiter.eventsOf(hits));
      request.stateBatch = batch;
      // Refused before its handler ran (validation, say): its own limits still count, after the answer.
      context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .raw.once('finish', () => {
          if (!batch.flushed) void batch.flush(this.state);
        });
      return true;
    }
    await this.limiter.consume(
      callContextOf(request, context.switchToHttp().getResponse<FastifyReply>()),
      hits,
    );
    return true;
  }
}
