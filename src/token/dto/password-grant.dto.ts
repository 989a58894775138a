import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class PasswordGrantDto {
  /** The user's login, usually an e-mail address. @example "demo@example.com" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  username!: string;

  /** @example "Demo-password-1" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;

  /** The connection to authenticate against; uses the password-realm grant when given. @example "Username-Password-Authentication" */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,128}$/, { message: 'realm must be a connection name' })
  realm?: string;

  /** An API identifier, or `mfa` for the tenant's MFA API (to manage authenticators). @example "mfa" */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  audience?: string;

  /** Space-separated; defaults to `openid profile`. @example "openid profile offline_access" */
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, {
    message: 'scope must be space-separated scope names',
  })
  @MaxLength(1024)
  scope?: string;
}
