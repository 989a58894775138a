import { EmulatorClock } from '../clock';
import { userId } from '../codes';
import { invalidRequest, MESSAGES } from '../emulator-errors';
import { bucketFor, EMAIL_SENDS, FAILED_CODES, PHONE_SENDS, PUSH_SENDS } from '../quotas';
import { newAuthenticatorId } from './authenticator-ids';
import {
  AuthenticatorRecord,
  MfaTokenRecord,
  OobCodeRecord,
  OutboxEntry,
  RefreshTokenRecord,
  UserRecord,
} from './records';

export const DEMO_USER = { email: 'demo@example.com', password: 'Demo-password-1' } as const;

/** All state of one emulator instance, in memory: a restart (or reset) starts clean. */
export class EmulatorStore {
  readonly users = new Map<string, UserRecord>();
  readonly authenticators = new Map<string, AuthenticatorRecord>();
  readonly mfaTokens = new Map<string, MfaTokenRecord>();
  readonly oobCodes = new Map<string, OobCodeRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  /** Oldest first; the outbox endpoint reverses it. */
  readonly outbox: OutboxEntry[] = [];

  constructor(private readonly clock: EmulatorClock) {
    this.seed();
  }

  reset(): void {
    this.users.clear();
    this.authenticators.clear();
    this.mfaTokens.clear();
    this.oobCodes.clear();
    this.refreshTokens.clear();
    this.outbox.length = 0;
    this.seed();
  }

  createUser(email: string, password: string, emailVerified: boolean): UserRecord {
    if (this.findUserByEmail(email)) throw new Error('user exists');
    const now = this.clock.now();
    const user: UserRecord = {
      id: userId(),
      email,
      password,
      emailVerified,
      failedCodes: bucketFor(FAILED_CODES, now),
      phoneSends: bucketFor(PHONE_SENDS, now),
      emailSends: bucketFor(EMAIL_SENDS, now),
      pushSends: bucketFor(PUSH_SENDS, now),
    };
    this.users.set(user.id, user);
    if (emailVerified) {
      this.addAuthenticator({
        id: newAuthenticatorId('email'),
        userId: user.id,
        kind: 'email',
        active: true,
        implicit: true,
        destination: email,
      });
    }
    return user;
  }

  findUserByEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  user(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw invalidRequest('Unknown user.', 404);
    return user;
  }

  addAuthenticator(record: AuthenticatorRecord): void {
    this.authenticators.set(record.id, record);
  }

  /**
   * In listing order, as recorded from a real tenant: by creation (the recovery code right after the first
   * association that created it), the implicit verified e-mail last.
   */
  authenticatorsOf(userId: string): AuthenticatorRecord[] {
    const mine = [...this.authenticators.values()].filter((a) => a.userId === userId);
    return [...mine.filter((a) => !a.implicit), ...mine.filter((a) => a.implicit)];
  }

  userAuthenticator(userId: string, id: string): AuthenticatorRecord {
    const record = this.authenticators.get(id);
    if (!record || record.userId !== userId) {
      throw invalidRequest(MESSAGES.authenticatorNotFound, 404);
    }
    return record;
  }

  /** Factors that count for "already enrolled": active, not the recovery code, not the implicit e-mail. */
  hasActiveRealFactor(userId: string): boolean {
    return this.authenticatorsOf(userId).some(
      (a) => a.active && !a.implicit && a.kind !== 'recovery-code',
    );
  }

  private seed(): void {
    this.createUser(DEMO_USER.email, DEMO_USER.password, false);
  }
}
