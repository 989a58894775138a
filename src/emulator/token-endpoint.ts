import { EmulatorClock } from './clock';
import { assertGrantAllowed, ClientAuthenticator } from './client-auth';
import { sameSecret } from './codes';
import { Fields, optionalString, requiredString } from './body-fields';
import {
  EmulatorError,
  expiredToken,
  invalidGrant,
  invalidRequest,
  MESSAGES,
} from './emulator-errors';
import { activate } from './enrollment';
import { judgeCode } from './failed-codes';
import { MfaTokens } from './mfa-tokens';
import { EmulatorStore } from './store/emulator-store';
import { OobCodeRecord, PushState } from './store/records';
import { PUSH_POLL_INTERVAL_MS, Tenant } from './tenant';
import { TokenIssuer, IssuedTokens } from './token-issuer';
import { RecoveryCodeGrant } from './recovery-code.grant';
import { OtpGrant } from './otp.grant';

const GRANT = {
  password: 'password',
  passwordRealm: 'http://auth0.com/oauth/grant-type/password-realm',
  mfaOob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  mfaOtp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  mfaRecoveryCode: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  refreshToken: 'refresh_token',
} as const;

/** POST /oauth/token: client authentication, then one grant. */
export class TokenEndpoint {
  constructor(
    private readonly tenant: Tenant,
    private readonly clients: ClientAuthenticator,
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly mfaTokens: MfaTokens,
    private readonly issuer: TokenIssuer,
    private readonly otpGrant: OtpGrant,
    private readonly recoveryCodeGrant: RecoveryCodeGrant,
  ) {}

  async token(fields: Fields, authorization: string | undefined): Promise<IssuedTokens> {
    const grantType = requiredString(fields, 'grant_type');
    const client = await this.clients.authenticate(fields, authorization);
    const clientId = client.clientId;
    if ((Object.values(GRANT) as string[]).includes(grantType))
      assertGrantAllowed(client, grantType);
    switch (grantType) {
      case GRANT.password:
      case GRANT.passwordRealm:
        return this.password(fields, clientId, grantType === GRANT.passwordRealm);
      case GRANT.mfaOob:
        return this.mfaOob(fields, clientId);
      case GRANT.mfaOtp:
        return this.otpGrant.grant(fields, clientId);
      case GRANT.mfaRecoveryCode:
        return this.recoveryCodeGrant.grant(fields, clientId);
      case GRANT.refreshToken:
        return this.refresh(fields, clientId);
      default:
        throw new EmulatorError(
          403,
          'unsupported_grant_type',
          `Unsupported grant type: ${grantType}`,
        );
    }
  }

  async revoke(fields: Fields, authorization: string | undefined): Promise<void> {
    const { clientId } = await this.clients.authenticate(fields, authorization);
    const record = this.store.refreshTokens.get(requiredString(fields, 'token'));
    if (record && record.clientId === clientId) record.revoked = true;
  }

  /** Every user of this tenant has MFA on, so a right password always ends in `mfa_required`. */
  private password(fields: Fields, clientId: string, withRealm: boolean): Promise<IssuedTokens> {
    const username = requiredString(fields, 'username');
    const password = requiredString(fields, 'password');
    if (withRealm) requiredString(fields, 'realm');
    const user = this.store.findUserByEmail(username);
    if (!user || !sameSecret(password, user.password)) {
      throw invalidGrant('Wrong email or password.');
    }
    const audience = optionalString(fields, 'audience');
    const scope = optionalString(fields, 'scope') ?? '';
    const extra: Record<string, unknown> = {
      mfa_token: this.mfaTokens.issue(user, clientId, audience, scope),
    };
    if (this.tenant.mfaRequirements) {
      const canChallenge = this.store
        .authenticatorsOf(user.id)
        .some((a) => a.active && a.kind !== 'recovery-code');
      extra.mfa_requirements = canChallenge
        ? {
            challenge: [
              { type: 'otp' },
              { type: 'push-notification' },
              { type: 'phone' },
              { type: 'email' },
              { type: 'recovery-code' },
            ],
          }
        : {
            enroll: [
              { type: 'otp' },
              { type: 'push-notification' },
              { type: 'phone' },
              { type: 'email' },
            ],
          };
    }
    throw new EmulatorError(403, 'mfa_required', 'Multifactor authentication required', extra);
  }

  private mfaOob(fields: Fields, clientId: string): Promise<IssuedTokens> {
    const session = this.mfaTokens.forGrant(optionalString(fields, 'mfa_token'), clientId);
    const oob = this.store.oobCodes.get(requiredString(fields, 'oob_code'));
    const authenticator = oob && this.store.authenticators.get(oob.authenticatorId);
    if (!oob || oob.used || oob.userId !== session.userId || !authenticator) {
      throw invalidGrant(MESSAGES.malformedOobCode);
    }
    if (this.clock.now() >= oob.expiresAt) throw expiredToken(MESSAGES.expiredOobCode);
    const user = this.store.user(session.userId);
    if (oob.push) {
      this.pollPush(oob, oob.push);
    } else {
      const bindingCode = optionalString(fields, 'binding_code');
      if (bindingCode === undefined) throw invalidRequest('binding_code is required');
      const expected = oob.bindingCode ?? '';
      // Judged and used up without yielding: of concurrent submissions of one code, one wins.
      if (!judgeCode(user, this.clock, () => sameSecret(bindingCode, expected))) {
        throw invalidGrant('Invalid binding_code.');
      }
    }
    oob.used = true;
    activate(this.store, user, authenticator);
    return this.issuer.issue(user, session);
  }

  /**
   * A poll of a push request: at most one every 5 s, then pending until the user answers on the device.
   * Returns only once the request is approved; a rejection uses the code up.
   */
  private pollPush(oob: OobCodeRecord, push: PushState): void {
    const now = this.clock.now();
    const previous = push.lastPollAt;
    push.lastPollAt = now;
    if (previous !== undefined && now - previous < PUSH_POLL_INTERVAL_MS) {
      throw new EmulatorError(400, 'slow_down', MESSAGES.slowDown);
    }
    if (push.decision === 'pending') {
      throw new EmulatorError(400, 'authorization_pending', MESSAGES.authorizationPending);
    }
    if (push.decision === 'rejected') {
      oob.used = true;
      throw new EmulatorError(400, 'access_denied', MESSAGES.pushRejected);
    }
  }

  private async refresh(fields: Fields, clientId: string): Promise<IssuedTokens> {
    const record = this.store.refreshTokens.get(requiredString(fields, 'refresh_token'));
    const user = record && this.store.users.get(record.userId);
    if (!record || record.revoked || record.clientId !== clientId || !user) {
      throw invalidGrant('Unknown or invalid refresh token.');
    }
    // Rotation, as the recorded tenant had it on: a new refresh token each time, the used one revoked.
    record.revoked = true;
    return this.issuer.issue(user, record);
  }
}
