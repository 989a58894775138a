import { EmulatorClock } from './clock';
import { bindingCode, opaqueToken } from './codes';
import { Delivery } from './delivery';
import { takeSendQuota } from './send-quotas';
import { EmulatorStore } from './store/emulator-store';
import { AuthenticatorRecord, OobChannel, UserRecord } from './store/records';
import { OOB_CODE_TTL_MS, Tenant } from './tenant';

/** Creates an oob_code with its 6-digit binding code and delivers the code, within the send quotas. */
export class OobCodes {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly delivery: Delivery,
  ) {}

  /** Quota first, so a refused send leaves nothing behind. */
  checkQuota(user: UserRecord, channel: OobChannel): void {
    takeSendQuota(user, channel, this.clock);
  }

  send(user: UserRecord, authenticator: AuthenticatorRecord, channel: OobChannel): string {
    const code = this.tenant.fixedCode ?? bindingCode();
    const oobCode = opaqueToken();
    this.store.oobCodes.set(oobCode, {
      code: oobCode,
      userId: user.id,
      authenticatorId: authenticator.id,
      bindingCode: code,
      expiresAt: this.clock.now() + OOB_CODE_TTL_MS,
      used: false,
    });
    this.delivery.send(channel, authenticator.destination ?? user.email, code);
    return oobCode;
  }
}
