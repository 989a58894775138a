import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsBindingCode } from '../../common/validation/binding-code';
import { NotWith } from './not-with';

/** Either `{oob_code, binding_code}` (e-mail, SMS, voice) or `{otp}` (authenticator app). */
export class ConfirmEnrollmentDto {
  /** From the enrollment answer. @example "Fe26.2*1*4b0f9c2e7a1d*..." */
  @ValidateIf((o: ConfirmEnrollmentDto) => o.otp === undefined || o.oob_code !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  @Matches(/^[\x21-\x7e]+$/, { message: 'oob_code must be the code returned by the gateway' })
  oob_code?: string;

  /** The 6-digit code the user received; omitted only for push, to wait for the approval. @example "123456" */
  @ValidateIf((o: ConfirmEnrollmentDto) => o.binding_code !== undefined)
  @IsBindingCode()
  binding_code?: string;

  /** For `otp` enrollments: the app's current 6-digit code. @example "123456" */
  @ValidateIf((o: ConfirmEnrollmentDto) => o.otp !== undefined)
  @NotWith('oob_code')
  @IsBindingCode('otp')
  otp?: string;
}
