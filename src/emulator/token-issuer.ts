import { refreshToken } from './codes';
import { JwtSigner } from './jwt-signer';
import { EmulatorStore } from './store/emulator-store';
import { UserRecord } from './store/records';
import {
  ACCESS_TOKEN_TTL_S,
  ID_TOKEN_TTL_S,
  MFA_ACCESS_TOKEN_TTL_S,
  MFA_API_SCOPES,
  OIDC_SCOPES,
  Tenant,
} from './tenant';

export interface IssuedTokens {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
  expires_in: number;
  token_type: 'Bearer';
  recovery_code?: string;
}

export interface Grant {
  clientId: string;
  audience?: string;
  scope: string;
}

/** Issues the token set at the end of a successful MFA (and on refresh). */
export class TokenIssuer {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly signer: JwtSigner,
  ) {}

  async issue(user: UserRecord, grant: Grant): Promise<IssuedTokens> {
    const requested = grant.scope.split(/\s+/).filter(Boolean);
    const forMfaApi = grant.audience === this.tenant.mfaAudience;
    const allowed: readonly string[] = [...OIDC_SCOPES, ...MFA_API_SCOPES];
    // The MFA API grants only its own scopes; anything else asked for it is dropped, as Auth0 does.
    const scopes = forMfaApi ? requested.filter((s) => allowed.includes(s)) : requested;
    const scope = scopes.join(' ');
    const expiresIn = forMfaApi ? MFA_ACCESS_TOKEN_TTL_S : ACCESS_TOKEN_TTL_S;

    const accessToken = await this.signer.sign({
      sub: user.id,
      aud: grant.audience ?? `${this.tenant.issuer}userinfo`,
      ttlSeconds: expiresIn,
      extra: { scope, azp: grant.clientId },
    });
    const set: IssuedTokens = {
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: 'Bearer',
    };
    if (scopes.includes('openid')) {
      set.id_token = await this.signer.sign({
        sub: user.id,
        aud: grant.clientId,
        ttlSeconds: ID_TOKEN_TTL_S,
        extra: scopes.includes('email')
          ? { email: user.email, email_verified: user.emailVerified }
          : {},
      });
    }
    if (scopes.includes('offline_access')) {
      const token = refreshToken();
      this.store.refreshTokens.set(token, {
        token,
        userId: user.id,
        clientId: grant.clientId,
        audience: grant.audience,
        scope,
        revoked: false,
      });
      set.refresh_token = token;
    }
    if (scope) set.scope = scope;
    return ordered(set);
  }
}

/** Auth0's field order, which people compare by eye. */
function ordered(set: IssuedTokens): IssuedTokens {
  const { access_token, id_token, refresh_token, scope, expires_in, token_type } = set;
  return JSON.parse(
    JSON.stringify({ access_token, id_token, refresh_token, scope, expires_in, token_type }),
  ) as IssuedTokens;
}
