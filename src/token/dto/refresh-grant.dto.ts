import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class RefreshGrantDto {
  /** A refresh token from an earlier answer (requires scope `offline_access`). @example "v1.MrQ8xK2pLw9" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  @Matches(/^[\x21-\x7e]+$/, { message: 'refresh_token must be a token' })
  refresh_token!: string;
}
