import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-code';

/** One field that failed validation. */
export class FieldErrorDto {
  /** @example "phone_number" */
  field!: string;
  /** @example "phone_number must be a dialable number in international format" */
  message!: string;
}

const KNOWN_CODES = Object.values(ErrorCode);

/** A vendor extension listing the values of an open string (ApiProperty's options type has no slot). */
function knownValues(values: readonly string[]): object {
  return { 'x-known-values': values };
}

/** An RFC 9457 problem: every error the gateway answers has this shape. */
export class ProblemDto {
  /** @example "urn:mfa-gateway:error:invalid_binding_code" */
  type!: string;
  /** @example "Invalid binding code" */
  title!: string;
  /** The HTTP status, repeated. @example 400 */
  @ApiProperty({ type: 'integer' })
  status!: number;
  /** For people; never contains a secret. @example "The code is wrong or has been used." */
  detail!: string;
  /**
   * Stable and machine-readable: switch on this. An open string, not an enum: an Auth0 refusal the
   * gateway has no code of its own for passes through with Auth0's own `error` value. The gateway's own
   * codes are listed in `x-known-values`.
   * @example "invalid_binding_code"
   */
  @ApiProperty({ type: 'string', ...knownValues(KNOWN_CODES) })
  code!: string;
  /** The same id as the `x-request-id` header and the log lines. @example "9f1c6a1e-2f8b-4f5e-9a53-0d6c1c1f3b7a" */
  request_id!: string;
  /** Only for `validation_failed`. */
  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

/** A factor type as Auth0 names it in `mfa_requirements`. */
export class FactorRequirementDto {
  /**
   * `otp`, `phone`, `email`, `push-notification`, `recovery-code` — an open string, since Auth0 names
   * new factors as it adds them (`webauthn-roaming` …).
   * @example "otp"
   */
  type!: string;
}

/** What Auth0 asks of the user next, when the tenant has Customizable MFA. */
export class MfaRequirementsDto {
  /** Factors the user already has and may be challenged with. */
  @ApiPropertyOptional({ type: [FactorRequirementDto] })
  challenge?: FactorRequirementDto[];
  /** Factors the user may enroll, having none yet. */
  @ApiPropertyOptional({ type: [FactorRequirementDto] })
  enroll?: FactorRequirementDto[];
}

/** `403 mfa_required`: the password was right, and a second factor is needed. */
export class MfaRequiredProblemDto extends ProblemDto {
  /** Always `mfa_required` here. @example "mfa_required" */
  @ApiProperty({ type: 'string', enum: [ErrorCode.MfaRequired] })
  declare code: string;
  /**
   * The bearer token of every next call (`Authorization: Bearer …`); valid 10 minutes.
   * @example "Fe26.2*1*4b0f9c2e7a1d*..."
   */
  mfa_token!: string;
  /** Sent by tenants with Customizable MFA; absent otherwise. */
  @ApiPropertyOptional({ type: MfaRequirementsDto })
  mfa_requirements?: MfaRequirementsDto;
}
