import { IsBindingCode } from '../../common/validation/binding-code';

export class OtpGrantDto {
  /** The 6-digit code shown by the authenticator app. @example "123456" */
  @IsBindingCode('otp')
  otp!: string;
}
