import { randomBytes } from 'node:crypto';
import { EmulatorClock } from './clock';
import { EmulatorError, invalidRequest } from './emulator-errors';
import { EmulatorStore } from './store/emulator-store';
import { OobCodeRecord, PushDecision } from './store/records';

export interface GuardianNotification {
  id: string;
  device_id: string;
  expires_at: string;
}

/** The id Auth0 puts in a push enrollment's `barcode_uri`, which the Guardian app sends back. */
export function enrollmentTxId(): string {
  return randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32);
}

/**
 * The phone with Auth0 Guardian that tests and the reference page do not have: it scans an enrollment's
 * `barcode_uri` (which completes the enrollment on Auth0's side) and approves or rejects the push requests
 * waiting for its user. Driven through the support API; the MFA API itself never calls it.
 */
export class VirtualGuardian {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
  ) {}

  /** Pairs a device with the push enrollment of `barcodeUri`; the enrollment's poll then answers tokens. */
  scan(barcodeUri: string, deviceName?: string): { device_id: string } {
    let txId: string | null = null;
    try {
      txId = new URL(barcodeUri).searchParams.get('enrollment_tx_id');
    } catch {
      txId = null;
    }
    const authenticator = [...this.store.authenticators.values()].find(
      (a) => a.kind === 'push' && txId !== null && a.enrollmentTxId === txId,
    );
    if (!authenticator) throw invalidRequest('No push enrollment has that barcode_uri.', 404);
    // A QR code pairs one device once, as an enrollment transaction is used up by its first scan.
    const waiting = this.waitingFor(authenticator.id).find(
      (code) => !code.used && code.push?.decision === 'pending',
    );
    if (!waiting?.push) throw invalidRequest('That enrollment has expired or is complete.', 409);
    authenticator.device = deviceName === undefined ? {} : { name: deviceName };
    waiting.push.decision = 'approved';
    return { device_id: authenticator.id };
  }

  /** Push requests waiting for an answer on paired devices: one device's, one user's, or every one. */
  notifications(only: { deviceId?: string; userId?: string } = {}): GuardianNotification[] {
    const { deviceId, userId } = only;
    return [...this.store.oobCodes.values()]
      .filter((code) => code.push?.decision === 'pending' && !code.used && this.live(code))
      .filter((code) => deviceId === undefined || code.authenticatorId === deviceId)
      .filter((code) => userId === undefined || code.userId === userId)
      .filter((code) => this.store.authenticators.get(code.authenticatorId)?.device)
      .map((code) => ({
        id: code.push!.notificationId,
        device_id: code.authenticatorId,
        expires_at: new Date(code.expiresAt).toISOString(),
      }));
  }

  answer(notificationId: string, decision: Exclude<PushDecision, 'pending'>): void {
    const code = [...this.store.oobCodes.values()].find(
      (c) => c.push?.notificationId === notificationId,
    );
    // Answered once, a notification is gone from the device: a second answer finds nothing.
    if (!code?.push || code.push.decision !== 'pending' || code.used || !this.live(code)) {
      throw new EmulatorError(404, 'not_found', 'No push notification with that id is waiting.');
    }
    code.push.decision = decision;
  }

  private waitingFor(authenticatorId: string): OobCodeRecord[] {
    return [...this.store.oobCodes.values()].filter(
      (code) => code.authenticatorId === authenticatorId && code.push && this.live(code),
    );
  }

  private live(code: OobCodeRecord): boolean {
    return this.clock.now() < code.expiresAt;
  }
}
