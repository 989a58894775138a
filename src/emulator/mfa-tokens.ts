import { EmulatorClock } from './clock';
import { opaqueToken, SEALED_LENGTH } from './codes';
import {
  EmulatorError,
  expiredToken,
  invalidGrant,
  invalidRequest,
  MESSAGES,
} from './emulator-errors';
import { EmulatorStore } from './store/emulator-store';
import { MfaTokenRecord, UserRecord } from './store/records';
import { MFA_TOKEN_TTL_MS } from './tenant';

/** mfa_tokens: opaque, bound to the client, 10 minutes, carrying the password request's audience and scope. */
export class MfaTokens {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
  ) {}

  issue(user: UserRecord, clientId: string, audience: string | undefined, scope: string): string {
    const expiresAt = this.clock.now() + MFA_TOKEN_TTL_MS;
    const record: MfaTokenRecord = {
      token: opaqueToken(SEALED_LENGTH.mfaToken, expiresAt),
      userId: user.id,
      clientId,
      audience,
      scope,
      expiresAt,
    };
    this.store.mfaTokens.set(record.token, record);
    return record.token;
  }

  /** As /oauth/token and /mfa/challenge judge it: the 403 family of errors. */
  forGrant(token: string | undefined, clientId: string): MfaTokenRecord {
    if (token === undefined) throw invalidRequest('Missing required parameter: mfa_token');
    const record = this.store.mfaTokens.get(token);
    if (!record || !this.store.users.has(record.userId)) {
      throw invalidGrant(MESSAGES.malformedMfaToken);
    }
    if (this.clock.now() >= record.expiresAt) throw expiredToken(MESSAGES.expiredMfaToken);
    if (record.clientId !== clientId) {
      throw new EmulatorError(403, 'invalid_request', 'mfa_token not issued to this client');
    }
    return record;
  }

  /** As a Bearer on /mfa/*: undefined when the token is not an mfa_token at all. */
  asBearer(token: string): MfaTokenRecord | undefined {
    const record = this.store.mfaTokens.get(token);
    if (!record || !this.store.users.has(record.userId)) return undefined;
    if (this.clock.now() >= record.expiresAt) throw expiredToken(MESSAGES.expiredMfaToken, 401);
    return record;
  }
}
