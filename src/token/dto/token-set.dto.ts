import { ApiProperty } from '@nestjs/swagger';

/** The user's tokens, exactly as Auth0 returns them. */
export class TokenSetDto {
  /** @example "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2ln" */
  access_token!: string;
  /** Present when the scope included `openid`. @example "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhdXRoMHwxIn0.c2ln" */
  id_token?: string;
  /** Present when the scope included `offline_access`. @example "v1.MrQ8xK2pLw9" */
  refresh_token?: string;
  /** Seconds. @example 86400 */
  @ApiProperty({ type: 'integer' })
  expires_in!: number;
  /** @example "openid profile" */
  scope?: string;
  /** @example "Bearer" */
  token_type!: string;
}
