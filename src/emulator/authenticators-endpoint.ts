import { BearerAuth } from './bearer-auth';
import { EmulatorError } from './emulator-errors';
import { twinOf } from './enrollment';
import { listedEmailName, listedPhoneName } from './listed-names';
import { EmulatorStore } from './store/emulator-store';
import { AuthenticatorKind, AuthenticatorRecord } from './store/records';
import { Tenant } from './tenant';

/** Factor types as Customizable-MFA tenants name them in `mfa_requirements` and in the list's `type`. */
export type ListedFactorType = 'phone' | 'email' | 'otp' | 'push-notification' | 'recovery-code';

export interface ListedAuthenticator {
  id: string;
  authenticator_type: 'oob' | 'otp' | 'recovery-code';
  active: boolean;
  oob_channel?: 'sms' | 'voice' | 'email' | 'auth0';
  name?: string;
  type?: ListedFactorType;
}

const FACTOR_TYPE: Record<AuthenticatorKind, ListedFactorType> = {
  sms: 'phone',
  voice: 'phone',
  email: 'email',
  push: 'push-notification',
  totp: 'otp',
  'recovery-code': 'recovery-code',
};

/** A list entry with Auth0's fields in Auth0's order: id, authenticator_type, active, oob_channel, name. */
function listed(record: AuthenticatorRecord): ListedAuthenticator {
  const { id, active } = record;
  switch (record.kind) {
    case 'recovery-code':
      return { id, authenticator_type: 'recovery-code', active };
    case 'totp':
      return { id, authenticator_type: 'otp', active };
    case 'push':
      // Recorded without a name; the paired device's name when it gave one (Auth0's guides).
      return {
        id,
        authenticator_type: 'oob',
        active,
        oob_channel: 'auth0',
        ...(record.device?.name ? { name: record.device.name } : {}),
      };
    case 'email':
      return {
        id,
        authenticator_type: 'oob',
        active,
        oob_channel: 'email',
        name: listedEmailName(record.destination ?? ''),
      };
    case 'sms':
    case 'voice':
      return {
        id,
        authenticator_type: 'oob',
        active,
        oob_channel: record.kind,
        name: listedPhoneName(record.destination ?? ''),
      };
  }
}

/** GET and DELETE /mfa/authenticators. */
export class AuthenticatorsEndpoint {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly bearer: BearerAuth,
  ) {}

  /**
   * Inactive (unconfirmed) enrollments included, as on a real tenant. Tenants with Customizable MFA — the
   * ones that send `mfa_requirements` — add each entry's factor `type`; clients that filter on it see
   * nothing without it.
   */
  async list(authorization: string | undefined): Promise<ListedAuthenticator[]> {
    const caller = await this.bearer.identify(authorization, 'read:authenticators');
    return this.store.authenticatorsOf(caller.userId).map((record) => {
      const entry = listed(record);
      return this.tenant.mfaRequirements
        ? Object.assign(entry, { type: FACTOR_TYPE[record.kind] })
        : entry;
    });
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
