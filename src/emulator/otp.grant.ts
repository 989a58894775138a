import { EmulatorClock } from './clock';
import { Fields, optionalString, requiredString } from './body-fields';
import { EmulatorError, invalidGrant } from './emulator-errors';
import { activate } from './enrollment';
import { judgeCode } from './failed-codes';
import { MfaTokens } from './mfa-tokens';
import { EmulatorStore } from './store/emulator-store';
import { AuthenticatorRecord } from './store/records';
import { TokenIssuer, IssuedTokens } from './token-issuer';
import { matchingTotpStep } from './totp';

/** The mfa-otp grant: the current or previous TOTP window, each time step accepted once. */
export class OtpGrant {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly mfaTokens: MfaTokens,
    private readonly issuer: TokenIssuer,
  ) {}

  grant(fields: Fields, clientId: string): Promise<IssuedTokens> {
    const session = this.mfaTokens.forGrant(optionalString(fields, 'mfa_token'), clientId);
    const otp = requiredString(fields, 'otp');
    const user = this.store.user(session.userId);
    const totps = this.store.authenticatorsOf(user.id).filter((a) => a.kind === 'totp');
    if (totps.length === 0) {
      throw new EmulatorError(
        403,
        'unsupported_challenge_type',
        'User does not have any enrolled authenticator with the supported challenge type (otp)',
      );
    }
    const now = this.clock.now();
    let matched: { record: AuthenticatorRecord; step: number } | undefined;
    const right = judgeCode(user, this.clock, () => {
      for (const record of totps) {
        const step = matchingTotpStep(record.secret ?? '', otp, now);
        if (step !== undefined && step > (record.lastTotpStep ?? -1)) {
          matched = { record, step };
          return true;
        }
      }
      return false;
    });
    if (!right || !matched) throw invalidGrant('Invalid otp_code.');
    matched.record.lastTotpStep = matched.step;
    activate(this.store, user, matched.record);
    return this.issuer.issue(user, session);
  }
}
