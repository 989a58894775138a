import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { AUTHENTICATOR_ID } from '../../enrollment/authenticator-id.pipe';

export class CreateChallengeDto {
  /** From `GET /v1/authenticators`. @example "sms|dev_NU1Ofuw3Cw0XCt5x" */
  @IsString()
  @Matches(AUTHENTICATOR_ID, {
    message: 'authenticator_id must be an id such as sms|dev_NU1Ofuw3Cw0XCt5x',
  })
  authenticator_id!: string;

  /** Derived from the authenticator id when omitted. @example "oob" */
  @IsOptional()
  @IsIn(['oob', 'otp'])
  challenge_type?: 'oob' | 'otp';
}
