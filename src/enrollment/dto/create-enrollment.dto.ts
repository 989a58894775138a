import { IsIn, ValidateIf } from 'class-validator';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';
import { FACTOR_TYPES, FactorType } from '../../config/app-config';
import { EmailAddress } from '../../common/validation/email-address';
import { PhoneNumber } from '../../common/validation/phone-number';
import { OnlyWithType } from './only-with-type';

export class CreateEnrollmentDto {
  /** The factor to enroll. `otp` is an authenticator app, `push` the Auth0 Guardian app. @example "sms" */
  @IsIn(FACTOR_TYPES)
  @ApiEnum(FACTOR_TYPES, 'FactorType')
  type!: FactorType;

  /** Required for `email`: where the codes go. @example "someone@example.com" */
  @ValidateIf((o: CreateEnrollmentDto) => o.type === 'email' || o.email !== undefined)
  @OnlyWithType('email')
  @EmailAddress()
  email?: string;

  /**
   * Required for `sms` and `voice`: a real number in international format, written as people write it;
   * the gateway sends it to Auth0 as E.164.
   * @example "+1 (415) 555-0123"
   */
  @ValidateIf(
    (o: CreateEnrollmentDto) =>
      o.type === 'sms' || o.type === 'voice' || o.phone_number !== undefined,
  )
  @OnlyWithType('sms', 'voice')
  @PhoneNumber()
  phone_number?: string;
}
