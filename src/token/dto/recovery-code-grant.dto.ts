import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

export class RecoveryCodeGrantDto {
  /** The 24-character recovery code (spaces and case are forgiven). @example "N3BGPZZWJ85JLCNPZBDW6QXC" */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : value,
  )
  @IsString()
  @Matches(/^[A-Z0-9]{24}$/, { message: 'recovery_code must be 24 letters and digits' })
  recovery_code!: string;
}
