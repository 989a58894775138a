import type { TokenBucket } from '../quotas';

/** The channels a code is delivered on; push (`auth0`) delivers a notification, not a code. */
export type DeliveryChannel = 'sms' | 'voice' | 'email';
export type AuthenticatorKind = DeliveryChannel | 'push' | 'totp' | 'recovery-code';

export interface UserRecord {
  id: string;
  email: string;
  password: string;
  emailVerified: boolean;
  /** The current recovery code; set at the first association, usable once its authenticator is active. */
  recoveryCode?: string;
  failedCodes: TokenBucket;
  phoneSends: TokenBucket;
  emailSends: TokenBucket;
  pushSends: TokenBucket;
}

export interface AuthenticatorRecord {
  id: string;
  userId: string;
  kind: AuthenticatorKind;
  active: boolean;
  /** The user's verified primary e-mail: listed automatically, never deletable. */
  implicit: boolean;
  /** E.164 number or e-mail address for oob authenticators. */
  destination?: string;
  /** Base32 TOTP secret. */
  secret?: string;
  /** The last TOTP time step accepted, so one code is not accepted twice. */
  lastTotpStep?: number;
  /** Push: the enrollment transaction of its `barcode_uri`, and the device once one has scanned it. */
  enrollmentTxId?: string;
  device?: { name?: string };
}

export interface MfaTokenRecord {
  token: string;
  userId: string;
  clientId: string;
  audience?: string;
  scope: string;
  expiresAt: number;
}

/** Where a push request stands: waiting for the user, or answered on the device. */
export type PushDecision = 'pending' | 'approved' | 'rejected';

export interface PushState {
  /** The id the virtual device knows this request by (a notification, or the enrollment itself). */
  notificationId: string;
  decision: PushDecision;
  /** When the mfa-oob grant last polled this code, for `slow_down`. */
  lastPollAt?: number;
}

export interface OobCodeRecord {
  code: string;
  userId: string;
  /** The authenticator the code was sent for; an enrollment's code activates it on success. */
  authenticatorId: string;
  /** The 6 digits delivered by e-mail, SMS or voice; absent for push. */
  bindingCode?: string;
  /** Push only: the user approves or rejects on the device instead of typing a code. */
  push?: PushState;
  expiresAt: number;
  used: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  userId: string;
  clientId: string;
  audience?: string;
  scope: string;
  revoked: boolean;
}

export interface OutboxEntry {
  channel: DeliveryChannel;
  to: string;
  code: string;
  text: string;
  sent_at: string;
}
