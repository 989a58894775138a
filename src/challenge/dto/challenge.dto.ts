import {
  BINDING_METHODS,
  BindingMethod,
  CHALLENGE_TYPES,
  ChallengeType,
} from '../../auth0/auth0.types';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';

export class ChallengeDto {
  /** `oob`: a code was sent; `otp`: ask for the authenticator app's code. @example "oob" */
  @ApiEnum(CHALLENGE_TYPES, 'ChallengeType')
  challenge_type!: ChallengeType;
  /** Pass to `/v1/token/oob` with the code the user received. @example "Fe26.2*1*4b0f9c2e7a1d*..." */
  oob_code?: string;
  /** `prompt`: ask the user for the code. @example "prompt" */
  @ApiEnum(BINDING_METHODS, 'BindingMethod', { required: false })
  binding_method?: BindingMethod;
  /** When the code stops working (ISO 8601). @example "2026-11-23T10:05:00.000Z" */
  expires_at?: string;
  /** When this authenticator may be challenged again (ISO 8601). @example "2026-11-23T10:00:30.000Z" */
  resend_available_at?: string;
}
