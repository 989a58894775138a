import {
  AUTHENTICATOR_TYPES,
  AuthenticatorType,
  OOB_CHANNELS,
  OobChannel,
} from '../../auth0/auth0.types';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';

/** One authenticator as Auth0 lists it. */
export class AuthenticatorDto {
  /** Pass to `/v1/challenges`. @example "sms|dev_NU1Ofuw3Cw0XCt5x" */
  id!: string;
  /** @example "oob" */
  @ApiEnum(AUTHENTICATOR_TYPES, 'AuthenticatorType')
  authenticator_type!: AuthenticatorType;
  /** For `oob` authenticators. @example "sms" */
  @ApiEnum(OOB_CHANNELS, 'OobChannel', { required: false })
  oob_channel?: OobChannel;
  /** Masked destination. @example "XXXXXXXX8730" */
  name?: string;
  /** False until the enrollment is confirmed. @example true */
  active!: boolean;
}
