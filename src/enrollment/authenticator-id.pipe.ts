import { Injectable, PipeTransform } from '@nestjs/common';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { AUTHENTICATOR_ID } from '../common/authenticators/authenticator-id';

@Injectable()
export class AuthenticatorIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AUTHENTICATOR_ID.test(value)) {
      throw new GatewayError(ErrorCode.ValidationFailed, {
        errors: [
          {
            field: 'id',
            message: 'id must be an authenticator id such as sms|dev_NU1Ofuw3Cw0XCt5x',
          },
        ],
      });
    }
    return value;
  }
}
