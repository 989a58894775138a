import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { SecretSet } from '../common/crypto/secret-set';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { bearerIn } from '../common/http/bearer-token.decorator';
import { Secrets } from '../config/secrets';

/**
 * The operators' endpoints need `Authorization: Bearer <ADMIN_TOKEN>` (compared in constant time). Without
 * ADMIN_TOKEN they do not exist: a 404 like any unknown path, so nobody can probe for a switch that is off.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly token: () => SecretSet;

  constructor(secrets: Secrets) {
    this.token = secrets.derive('adminToken', SecretSet.ofOptional);
  }

  canActivate(context: ExecutionContext): boolean {
    const token = this.token();
    if (token.empty) throw new GatewayError(ErrorCode.NotFound);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const presented = bearerIn(request.headers.authorization);
    if (presented === undefined) {
      throw new GatewayError(ErrorCode.MissingToken, {
        detail: 'The operators\u2019 endpoints need `Authorization: Bearer <ADMIN_TOKEN>`.',
      });
    }
    if (!token.has(presented)) {
      throw new GatewayError(ErrorCode.InvalidToken, { detail: 'Wrong admin token.' });
    }
    return true;
  }
}
