import type { RegisteredClient } from './client-auth';

/** What this emulated tenant is: one domain, one client, the factors it has switched on. */
export class Tenant {
  readonly issuer: string;
  /** The MFA API's audience: `https://<domain>/mfa/`. */
  readonly mfaAudience: string;
  /** The friendly name shown in authenticator apps and messages. */
  readonly name: string;

  constructor(
    readonly domain: string,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly mfaRequirements: boolean,
    readonly fixedCode?: string,
    readonly additionalClients: readonly RegisteredClient[] = [],
  ) {
    this.issuer = `https://${domain}/`;
    this.mfaAudience = `https://${domain}/mfa/`;
    const host = domain.split(':')[0];
    this.name = host.split('.')[0] || host;
  }

  get clients(): readonly RegisteredClient[] {
    return [
      { clientId: this.clientId, clientSecret: this.clientSecret },
      ...this.additionalClients,
    ];
  }
}

export const MFA_API_SCOPES = ['enroll', 'read:authenticators', 'remove:authenticators'] as const;

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

export const OOB_CODE_TTL_MS = 5 * 60_000;
export const MFA_TOKEN_TTL_MS = 10 * 60_000;
export const ACCESS_TOKEN_TTL_S = 86_400;
export const MFA_ACCESS_TOKEN_TTL_S = 600;
export const ID_TOKEN_TTL_S = 36_000;
export const MAX_AUTHENTICATORS = 50;
