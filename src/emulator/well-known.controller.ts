import { Controller, Get } from '@nestjs/common';
import type { JWK } from 'jose';
import { JwtSigner } from './jwt-signer';
import { Tenant } from './tenant';

/** Discovery names https://<domain>/ URLs even over loopback HTTP: clients route by their own base URL. */
@Controller('.well-known')
export class WellKnownController {
  constructor(
    private readonly tenant: Tenant,
    private readonly signer: JwtSigner,
  ) {}

  @Get('openid-configuration')
  discovery(): Record<string, unknown> {
    const base = this.tenant.issuer;
    return {
      issuer: base,
      authorization_endpoint: `${base}authorize`,
      token_endpoint: `${base}oauth/token`,
      userinfo_endpoint: `${base}userinfo`,
      mfa_challenge_endpoint: `${base}mfa/challenge`,
      jwks_uri: `${base}.well-known/jwks.json`,
      revocation_endpoint: `${base}oauth/revoke`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code'],
      grant_types_supported: [
        'password',
        'http://auth0.com/oauth/grant-type/password-realm',
        'http://auth0.com/oauth/grant-type/mfa-oob',
        'http://auth0.com/oauth/grant-type/mfa-otp',
        'http://auth0.com/oauth/grant-type/mfa-recovery-code',
        'refresh_token',
      ],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'iat', 'iss', 'sub'],
    };
  }

  @Get('jwks.json')
  jwks(): { keys: JWK[] } {
    return this.signer.jwks();
  }
}
