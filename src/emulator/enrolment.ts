import { recoveryCode } from './codes';
import { EmulatorStore } from './store/emulator-store';
import { newAuthenticatorId, suffixOf } from './store/authenticator-ids';
import { AuthenticatorRecord, UserRecord } from './store/records';

/** sms and voice records of one phone enrolment share a suffix; each is the other's twin. */
export function twinOf(
  store: EmulatorStore,
  record: AuthenticatorRecord,
): AuthenticatorRecord | undefined {
  if (record.kind !== 'sms' && record.kind !== 'voice') return undefined;
  const twinKind = record.kind === 'sms' ? 'voice' : 'sms';
  return store.authenticators.get(newAuthenticatorId(twinKind, suffixOf(record.id)));
}

/** A successful grant with an enrolment's oob_code or secret confirms it, its twin and the recovery code. */
export function activate(
  store: EmulatorStore,
  user: UserRecord,
  record: AuthenticatorRecord,
): void {
  record.active = true;
  const twin = twinOf(store, record);
  if (twin) twin.active = true;
  user.firstFactorConfirmed = true;
  for (const other of store.authenticatorsOf(user.id)) {
    if (other.kind === 'recovery-code') other.active = true;
  }
}

/**
 * `recovery_codes` comes with every association until the first factor is confirmed, the same code each
 * time, and never after.
 */
export function pendingRecoveryCodes(
  store: EmulatorStore,
  user: UserRecord,
  now: number,
): string[] | undefined {
  if (user.firstFactorConfirmed) return undefined;
  if (user.recoveryCode === undefined) {
    user.recoveryCode = recoveryCode();
    store.addAuthenticator({
      id: newAuthenticatorId('recovery-code'),
      userId: user.id,
      kind: 'recovery-code',
      active: false,
      implicit: false,
      createdAt: now,
    });
  }
  return [user.recoveryCode];
}
