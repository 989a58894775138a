import { randomBytes } from 'node:crypto';
import { EmulatorClock } from './clock';
import { bindingCode, opaqueToken, SEALED_LENGTH } from './codes';
import { Delivery } from './delivery';
import { takeSendQuota } from './send-quotas';
import { EmulatorStore } from './store/emulator-store';
import { AuthenticatorRecord, DeliveryChannel, UserRecord } from './store/records';
import { OOB_CODE_TTL_MS, Tenant } from './tenant';

/**
 * Creates oob_codes: with a 6-digit binding code delivered by e-mail, SMS or voice, or — for push — a
 * request waiting for the user's answer on their device. Within the send quotas.
 */
export class OobCodes {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly delivery: Delivery,
  ) {}

  /** Quota first, so a refused send leaves nothing behind. */
  checkQuota(user: UserRecord, channel: DeliveryChannel | 'push'): void {
    takeSendQuota(user, channel, this.clock);
  }

  send(user: UserRecord, authenticator: AuthenticatorRecord, channel: DeliveryChannel): string {
    const code = this.tenant.fixedCode ?? bindingCode();
    const oobCode = this.create(user, authenticator, SEALED_LENGTH.oobCode, { bindingCode: code });
    this.delivery.send(channel, authenticator.destination ?? user.email, code);
    return oobCode;
  }

  /**
   * A push request: a notification to the device for a challenge, or — for an enrollment — the wait for
   * the device to scan the `barcode_uri`. Approved or rejected through the virtual Guardian device.
   */
  push(user: UserRecord, authenticator: AuthenticatorRecord): string {
    return this.create(user, authenticator, SEALED_LENGTH.pushOobCode, {
      push: { notificationId: randomBytes(12).toString('base64url'), decision: 'pending' },
    });
  }

  private create(
    user: UserRecord,
    authenticator: AuthenticatorRecord,
    length: number,
    how: { bindingCode: string } | { push: { notificationId: string; decision: 'pending' } },
  ): string {
    const expiresAt = this.clock.now() + OOB_CODE_TTL_MS;
    const oobCode = opaqueToken(length, expiresAt);
    this.store.oobCodes.set(oobCode, {
      code: oobCode,
      userId: user.id,
      authenticatorId: authenticator.id,
      ...how,
      expiresAt,
      used: false,
    });
    return oobCode;
  }
}
