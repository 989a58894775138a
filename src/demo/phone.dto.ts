import { IsIn, IsString, Matches, MaxLength } from 'class-validator';

/** What the virtual phone scans: the `barcode_uri` of a push enrollment, as the page received it. */
export class PhoneScanDto {
  @IsString()
  @MaxLength(2048)
  @Matches(/^otpauth:\/\/\S+$/, { message: 'barcode_uri must be the barcode_uri of an enrollment' })
  barcode_uri!: string;
}

/** The user's answer to a push request on the virtual phone. */
export class PushAnswerDto {
  @IsIn(['approve', 'reject'])
  action!: 'approve' | 'reject';
}
