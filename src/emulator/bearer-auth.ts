import { expiredToken, insufficientScope, invalidGrant, MESSAGES } from './emulator-errors';
import { JwtSigner } from './jwt-signer';
import { MfaTokens } from './mfa-tokens';
import { EmulatorStore } from './store/emulator-store';
import { Tenant } from './tenant';

export type MfaApiScope = 'enroll' | 'read:authenticators' | 'remove:authenticators';

export interface BearerIdentity {
  userId: string;
  /** An mfa_token (not an MFA-audience access token): the "already enrolled" rule applies to it. */
  viaMfaToken: boolean;
}

/**
 * Who is calling the MFA API: an mfa_token, or an access token for `https://<domain>/mfa/` holding the scope
 * the endpoint needs. Deleting needs `remove:authenticators`, which an mfa_token never has.
 */
export class BearerAuth {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly mfaTokens: MfaTokens,
    private readonly signer: JwtSigner,
  ) {}

  async identify(authorization: string | undefined, scope: MfaApiScope): Promise<BearerIdentity> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw invalidGrant(MESSAGES.invalidBearer, 401);
    const token = match[1];
    const mfaToken = this.mfaTokens.asBearer(token);
    if (mfaToken) {
      if (scope === 'remove:authenticators') throw insufficientScope(scope);
      return { userId: mfaToken.userId, viaMfaToken: true };
    }
    const verified = await this.signer.verify(token, this.tenant.mfaAudience);
    if (!verified) throw invalidGrant(MESSAGES.invalidBearer, 401);
    if (verified.expired) throw expiredToken(MESSAGES.expiredMfaToken, 401);
    const { sub, scope: granted } = verified.payload;
    if (typeof sub !== 'string' || !this.store.users.has(sub)) {
      throw invalidGrant(MESSAGES.invalidBearer, 401);
    }
    const scopes = typeof granted === 'string' ? granted.split(' ') : [];
    if (!scopes.includes(scope)) throw insufficientScope(scope);
    return { userId: sub, viaMfaToken: false };
  }
}
