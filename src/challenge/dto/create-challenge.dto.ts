import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CHALLENGE_TYPES, ChallengeType } from '../../auth0/auth0.types';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';
import { AUTHENTICATOR_ID } from '../../common/authenticators/authenticator-id';

export class CreateChallengeDto {
  /** From `GET /v1/authenticators`. @example "sms|dev_NU1Ofuw3Cw0XCt5x" */
  @IsString()
  @Matches(AUTHENTICATOR_ID, {
    message: 'authenticator_id must be an id such as sms|dev_NU1Ofuw3Cw0XCt5x',
  })
  authenticator_id!: string;

  /** Derived from the authenticator id when omitted. @example "oob" */
  @IsOptional()
  @IsIn(CHALLENGE_TYPES)
  @ApiEnum(CHALLENGE_TYPES, 'ChallengeType', { required: false })
  challenge_type?: ChallengeType;
}
