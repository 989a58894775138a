import { BearerAuth } from './bearer-auth';
import { EmulatorError } from './emulator-errors';
import { twinOf } from './enrolment';
import { maskEmail, maskPhone } from './masks';
import { EmulatorStore } from './store/emulator-store';
import { AuthenticatorRecord } from './store/records';

export interface ListedAuthenticator {
  id: string;
  authenticator_type: 'oob' | 'otp' | 'recovery-code';
  active: boolean;
  oob_channel?: 'sms' | 'voice' | 'email';
  name?: string;
}

function listed(record: AuthenticatorRecord): ListedAuthenticator {
  switch (record.kind) {
    case 'recovery-code':
      return { id: record.id, authenticator_type: 'recovery-code', active: record.active };
    case 'totp':
      return { id: record.id, authenticator_type: 'otp', active: record.active };
    case 'email':
      return {
        id: record.id,
        authenticator_type: 'oob',
        active: record.active,
        oob_channel: 'email',
        name: maskEmail(record.destination ?? ''),
      };
    case 'sms':
    case 'voice':
      return {
        id: record.id,
        authenticator_type: 'oob',
        active: record.active,
        oob_channel: record.kind,
        name: maskPhone(record.destination ?? ''),
      };
  }
}

/** GET and DELETE /mfa/authenticators. */
export class AuthenticatorsService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly bearer: BearerAuth,
  ) {}

  async list(authorization: string | undefined): Promise<ListedAuthenticator[]> {
    const caller = await this.bearer.identify(authorization, 'read:authenticators');
    return this.store.authenticatorsOf(caller.userId).map(listed);
  }

  /** Deleting one of a phone's twins deletes the other; the verified primary e-mail stays. */
  async remove(authorization: string | undefined, id: string): Promise<void> {
    const caller = await this.bearer.identify(authorization, 'remove:authenticators');
    const record = this.store.userAuthenticator(caller.userId, id);
    if (record.implicit) {
      throw new EmulatorError(
        403,
        'access_denied',
        "The user's verified e-mail cannot be deleted.",
      );
    }
    const twin = twinOf(this.store, record);
    this.store.authenticators.delete(record.id);
    if (twin) this.store.authenticators.delete(twin.id);
  }
}
