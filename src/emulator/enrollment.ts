import { recoveryCode } from './codes';
import { EmulatorStore } from './store/emulator-store';
import { newAuthenticatorId, suffixOf } from './store/authenticator-ids';
import { AuthenticatorRecord, UserRecord } from './store/records';

/** sms and voice records of one phone enrollment share a suffix; each is the other's twin. */
export function twinOf(
  store: EmulatorStore,
  record: AuthenticatorRecord,
): AuthenticatorRecord | undefined {
  if (record.kind !== 'sms' && record.kind !== 'voice') return undefined;
  const twinKind = record.kind === 'sms' ? 'voice' : 'sms';
  return store.authenticators.get(newAuthenticatorId(twinKind, suffixOf(record.id)));
}

/** A successful grant with an enrollment's oob_code or secret confirms it, its twin and the recovery code. */
export function activate(
  store: EmulatorStore,
  user: UserRecord,
  record: AuthenticatorRecord,
): void {
  record.active = true;
  const twin = twinOf(store, record);
  if (twin) twin.active = true;
  for (const other of store.authenticatorsOf(user.id)) {
    if (other.kind === 'recovery-code') other.active = true;
  }
}

/**
 * `recovery_codes` comes once in a user's life: with the very first association. A second association
 * made before the first is confirmed carries none (recorded on a real tenant: an SMS association carried
 * it, a push association 0.4 s later did not), so a UI must show it the first time.
 */
export function firstRecoveryCodes(store: EmulatorStore, user: UserRecord): string[] | undefined {
  if (user.recoveryCode !== undefined) return undefined;
  user.recoveryCode = recoveryCode();
  store.addAuthenticator({
    id: newAuthenticatorId('recovery-code'),
    userId: user.id,
    kind: 'recovery-code',
    active: false,
    implicit: false,
  });
  return [user.recoveryCode];
}
