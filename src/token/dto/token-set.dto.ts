/** The user's tokens, exactly as Auth0 returns them. */
export class TokenSetDto {
  /** @example "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9…" */
  access_token!: string;
  /** Present when the scope included `openid`. @example "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9…" */
  id_token?: string;
  /** Present when the scope included `offline_access`. @example "v1.MrQ…" */
  refresh_token?: string;
  /** Seconds. @example 86400 */
  expires_in!: number;
  /** @example "openid profile" */
  scope?: string;
  /** @example "Bearer" */
  token_type!: string;
}
