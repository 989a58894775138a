import type { RegisteredClient } from './client-auth';
import { ClientPublicKey, toClientPublicKey } from './client-assertions';
import type { EmulatorOptions, PhoneFactorChannel } from './emulator-options';

/** What this emulated tenant is: one domain, one client, the factors it has switched on. */
export class Tenant {
  readonly issuer: string;
  /** The MFA API's audience: `https://<domain>/mfa/`. */
  readonly mfaAudience: string;
  /** The friendly name shown in authenticator apps and messages. */
  readonly name: string;

  /** Clients registered through the support API since the last reset. */
  private readonly registered: RegisteredClient[] = [];

  readonly domain: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The client's Private Key JWT credentials; none: it authenticates with its secret. */
  readonly clientPublicKeys: readonly ClientPublicKey[];
  readonly mfaRequirements: boolean;
  readonly fixedCode?: string;
  readonly additionalClients: readonly RegisteredClient[];
  /** Which channels the tenant's phone factor offers (the Dashboard's "SMS", "Voice" or both). */
  readonly phoneChannels: readonly PhoneFactorChannel[];

  constructor(options: EmulatorOptions) {
    this.domain = options.domain;
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.clientPublicKeys = (options.clientPublicKeys ?? []).map(toClientPublicKey);
    this.mfaRequirements = options.mfaRequirements;
    this.fixedCode = options.fixedCode;
    this.additionalClients = options.additionalClients ?? [];
    this.phoneChannels = options.phoneChannels;
    this.issuer = `https://${this.domain}/`;
    this.mfaAudience = `https://${this.domain}/mfa/`;
    const host = this.domain.split(':')[0];
    this.name = host.split('.')[0] || host;
  }

  get clients(): readonly RegisteredClient[] {
    return [
      this.clientPublicKeys.length > 0
        ? { clientId: this.clientId, publicKeys: this.clientPublicKeys }
        : { clientId: this.clientId, clientSecret: this.clientSecret },
      ...this.additionalClients,
      ...this.registered,
    ];
  }

  /** Another application of this tenant (a test's: one without some grant, say); replaces one of its id. */
  register(client: RegisteredClient): void {
    if (this.clients.some((c) => c.clientId === client.clientId && !this.registered.includes(c))) {
      throw new Error(`client ${client.clientId} is configured and cannot be replaced`);
    }
    const existing = this.registered.findIndex((c) => c.clientId === client.clientId);
    if (existing >= 0) this.registered.splice(existing, 1);
    this.registered.push(client);
  }

  forgetRegisteredClients(): void {
    this.registered.length = 0;
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
/** The mfa-oob grant may poll one push request at most this often. */
export const PUSH_POLL_INTERVAL_MS = 5_000;
