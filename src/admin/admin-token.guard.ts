import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyRequest } from 'fastify';
import { SecretSet } from '../common/crypto/secret-set';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { bearerIn } from '../common/http/bearer-token.decorator';
import { AppConfig } from '../config/app-config';

/**
 * The operators' endpoints need `Authorization: Bearer <ADMIN_TOKEN>` (compared in constant time). Without
 * ADMIN_TOKEN they do not exist: a 404 like any unknown path, so nobody can probe for a switch that is off.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly token: SecretSet;

  constructor(config: ConfigService<AppConfig, true>) {
    const token = config.get('adminToken', { infer: true });
    this.token = new SecretSet(token ? [token] : []);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.token.empty) throw new GatewayError(ErrorCode.NotFound);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const presented = bearerIn(request.headers.authorization);
    if (presented === undefined) {
      throw new GatewayError(ErrorCode.MissingToken, {
        detail: 'The operators\u2019 endpoints need `Authorization: Bearer <ADMIN_TOKEN>`.',
      });
    }
    if (!this.token.has(presented)) {
      throw new GatewayError(ErrorCode.InvalidToken, { detail: 'Wrong admin token.' });
    }
    return true;
  }
}
