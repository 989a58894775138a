import { EmulatorClock } from './clock';
import { EmulatorStore } from './store/emulator-store';
import { currentTotp } from './totp';

export interface AppCode {
  authenticator_id: string;
  code: string;
  /** Seconds until the app shows the next code. */
  expires_in: number;
}

/**
 * The authenticator app that tests and the reference page do not have: the code each of a user's TOTP
 * enrollments (confirmed or not) shows now, by the emulator's clock, so that a moved clock moves it too.
 * The secrets stay here; only the current codes leave, as the outbox lets the other channels' codes leave.
 */
export class VirtualAuthenticatorApp {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
  ) {}

  /** Newest enrollment first, as the outbox lists its newest message first. */
  codesOf(userId: string): AppCode[] {
    const now = this.clock.now();
    return this.store
      .authenticatorsOf(userId)
      .filter((a) => a.kind === 'totp' && a.secret !== undefined)
      .reverse()
      .map((a) => {
        const { code, expiresIn } = currentTotp(a.secret ?? '', now);
        return { authenticator_id: a.id, code, expires_in: expiresIn };
      });
  }
}
