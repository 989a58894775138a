import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsBindingCode } from '../../common/validation/binding-code';

export class OobGrantDto {
  /** From the enrollment or challenge answer. @example "Fe26.2*1*4b0f9c2e7a1d*..." */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  @Matches(/^[\x21-\x7e]+$/, { message: 'oob_code must be the code returned by the gateway' })
  oob_code!: string;

  /** The 6-digit code the user received. Omitted only for push. @example "123456" */
  @IsOptional()
  @IsBindingCode()
  binding_code?: string;
}
