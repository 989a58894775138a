import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum } from '../../common/openapi/api-enum.decorator';
import {
  Factor,
  FACTOR_KINDS,
  FactorAuthenticatorIds,
  FactorKind,
  PHONE_CHANNELS,
  PhoneChannel,
} from '../factors';

/** Which Auth0 authenticators make up a factor: pass one to `/v1/challenges`. */
export class FactorAuthenticatorIdsDto implements FactorAuthenticatorIds {
  /** @example "sms|dev_NU1Ofuw3Cw0XCt5x" */
  sms?: string;
  /** @example "voice|dev_NU1Ofuw3Cw0XCt5x" */
  voice?: string;
  email?: string;
  otp?: string;
  push?: string;
  recovery_code?: string;
}

/** One factor as a person thinks of it: a phone is one factor, whichever channels it has. */
export class FactorDto implements Factor {
  /** The factor's first authenticator (the `sms|` one for a phone); `DELETE /v1/factors/{id}` takes it. @example "sms|dev_NU1Ofuw3Cw0XCt5x" */
  id!: string;
  /** Named as Auth0 names factor types (`mfa_requirements`). @example "phone" */
  @ApiEnum(FACTOR_KINDS, 'FactorKind')
  type!: FactorKind;
  /** Masked destination. @example "XXXXXXXX8730" */
  name?: string;
  /** False while the enrollment is unconfirmed (listed only with `include=pending`). @example true */
  active!: boolean;
  /** For a phone: the channels it can be challenged on. */
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'string', enum: [...PHONE_CHANNELS] },
    example: ['sms', 'voice'],
  })
  channels?: PhoneChannel[];
  @ApiProperty({ type: FactorAuthenticatorIdsDto })
  authenticator_ids!: FactorAuthenticatorIdsDto;
}
