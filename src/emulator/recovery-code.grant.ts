import { EmulatorClock } from './clock';
import { recoveryCode, sameSecret } from './codes';
import { Fields, optionalString, requiredString } from './body-fields';
import { EmulatorError, invalidGrant } from './emulator-errors';
import { judgeCode } from './failed-codes';
import { MfaTokens } from './mfa-tokens';
import { EmulatorStore } from './store/emulator-store';
import { TokenIssuer, IssuedTokens } from './token-issuer';

/** The mfa-recovery-code grant: each success replaces the user's one recovery code. */
export class RecoveryCodeGrant {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly mfaTokens: MfaTokens,
    private readonly issuer: TokenIssuer,
  ) {}

  async grant(fields: Fields, clientId: string): Promise<IssuedTokens> {
    const session = this.mfaTokens.forGrant(optionalString(fields, 'mfa_token'), clientId);
    const given = requiredString(fields, 'recovery_code').replace(/[\s-]/g, '').toUpperCase();
    const user = this.store.user(session.userId);
    const current = user.recoveryCode;
    const hasActive = this.store
      .authenticatorsOf(user.id)
      .some((a) => a.kind === 'recovery-code' && a.active);
    if (current === undefined || !hasActive) {
      throw new EmulatorError(
        403,
        'unsupported_challenge_type',
        'User does not have a recovery-code.',
      );
    }
    if (!judgeCode(user, this.clock, () => sameSecret(given, current))) {
      throw invalidGrant('MFA Authorization rejected.');
    }
    const replacement = recoveryCode();
    user.recoveryCode = replacement;
    const tokens = await this.issuer.issue(user, session);
    return Object.assign(tokens, { recovery_code: replacement });
  }
}
