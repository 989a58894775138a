import { ClientAuthenticator } from './client-auth';
import { Fields, optionalString } from './body-fields';
import {
  EmulatorError,
  invalidRequest,
  MESSAGES,
  unsupportedChallengeType,
} from './emulator-errors';
import { MfaTokens } from './mfa-tokens';
import { OobCodes } from './oob-codes';
import { EmulatorStore } from './store/emulator-store';
import { AuthenticatorRecord } from './store/records';

export type ChallengeAnswer =
  | { challenge_type: 'otp' }
  | { challenge_type: 'oob'; oob_code: string; binding_method?: 'prompt' };

function challengeTypeOf(record: AuthenticatorRecord): 'oob' | 'otp' | undefined {
  if (record.kind === 'totp') return 'otp';
  if (record.kind === 'recovery-code') return undefined;
  return 'oob';
}

/** POST /mfa/challenge: client credentials and mfa_token in the body; oob challenges send a code. */
export class ChallengeEndpoint {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly store: EmulatorStore,
    private readonly mfaTokens: MfaTokens,
    private readonly oobCodes: OobCodes,
  ) {}

  async challenge(fields: Fields): Promise<ChallengeAnswer> {
    const { clientId } = await this.clients.authenticate(
      fields,
      undefined,
      'Client authentication is required',
    );
    const session = this.mfaTokens.forGrant(optionalString(fields, 'mfa_token'), clientId);
    const requested = optionalString(fields, 'challenge_type');
    const types = (requested ?? 'oob otp').split(/\s+/).filter(Boolean);
    if (types.length === 0 || !types.every((t) => t === 'oob' || t === 'otp')) {
      throw invalidRequest('challenge_type must be "oob", "otp" or "oob otp"');
    }
    const wanted = types.join(' ');
    const user = this.store.user(session.userId);
    const usable = this.store
      .authenticatorsOf(user.id)
      .filter((a) => a.active && challengeTypeOf(a) !== undefined);
    if (usable.length === 0) {
      throw new EmulatorError(401, 'unsupported_challenge_type', MESSAGES.notEnrolled);
    }
    const authenticatorId = optionalString(fields, 'authenticator_id');
    let target: AuthenticatorRecord | undefined;
    if (authenticatorId !== undefined) {
      target = this.store.userAuthenticator(user.id, authenticatorId);
      if (!target.active && target.kind !== 'recovery-code') {
        throw invalidRequest(MESSAGES.authenticatorNotFound, 404);
      }
      const type = challengeTypeOf(target);
      if (type === undefined || !types.includes(type)) throw unsupportedChallengeType(wanted);
    } else {
      target = usable.find((a) => {
        const type = challengeTypeOf(a);
        return type !== undefined && types.includes(type);
      });
      if (!target) throw unsupportedChallengeType(wanted);
    }
    if (target.kind === 'totp') return { challenge_type: 'otp' };
    if (target.kind === 'recovery-code') throw unsupportedChallengeType(wanted);
    if (target.kind === 'push') {
      // A notification to the device, answered there; no binding code (recorded).
      this.oobCodes.checkQuota(user, 'push');
      return { challenge_type: 'oob', oob_code: this.oobCodes.push(user, target) };
    }
    this.oobCodes.checkQuota(user, target.kind);
    const oobCode = this.oobCodes.send(user, target, target.kind);
    return { challenge_type: 'oob', oob_code: oobCode, binding_method: 'prompt' };
  }
}
