import type { TokenBucket } from '../quotas';

export type OobChannel = 'sms' | 'voice' | 'email';
export type AuthenticatorKind = OobChannel | 'totp' | 'recovery-code';

export interface UserRecord {
  id: string;
  email: string;
  password: string;
  emailVerified: boolean;
  /** The current recovery code; set at the first association, usable once its authenticator is active. */
  recoveryCode?: string;
  /** Set once a first factor is confirmed: `recovery_codes` is then never returned again. */
  firstFactorConfirmed: boolean;
  failedCodes: TokenBucket;
  phoneSends: TokenBucket;
  emailSends: TokenBucket;
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
  createdAt: number;
}

export interface MfaTokenRecord {
  token: string;
  userId: string;
  clientId: string;
  audience?: string;
  scope: string;
  expiresAt: number;
}

export interface OobCodeRecord {
  code: string;
  userId: string;
  /** The authenticator the code was sent for; an enrolment's code activates it on success. */
  authenticatorId: string;
  bindingCode: string;
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
  channel: OobChannel;
  to: string;
  code: string;
  text: string;
  sent_at: string;
}
