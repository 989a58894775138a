/**
 * The security-relevant events, named to line up with Auth0's own log event types where one exists
 * (`Auth0EventType` below, and the audit table of docs/operations.md).
 */
export type AuditEventName =
  | 'enrollment_started'
  | 'enrollment_confirmed'
  | 'challenge_sent'
  | 'verification_succeeded'
  | 'verification_failed'
  | 'verification_locked_out'
  | 'recovery_code_used'
  | 'authenticator_deleted'
  | 'abandoned_enrollment_removed'
  | 'rate_limited'
  | 'idempotent_replay'
  | 'destination_suspended';

/**
 * Auth0's tenant log event types (https://auth0.com/docs/logs/references/log-events-data) that the
 * gateway's events correspond to, so the two logs can be read side by side.
 */
export type Auth0EventType =
  | 'gd_start_enroll'
  | 'gd_enrollment_complete'
  | 'gd_start_auth'
  | 'gd_send_mail'
  | 'gd_send_sms'
  | 'gd_send_voice'
  | 'gd_auth_succeed'
  | 'gd_auth_failed'
  | 'gd_otp_rate_limit_exceed'
  | 'gd_recovery_succeed'
  | 'gd_recovery_failed'
  | 'gd_recovery_rate_limit_exceed'
  | 'gd_unenroll';

/** What an event may say. Never a secret; destinations only masked. */
export interface AuditFields {
  request_id?: string;
  client_ip?: string;
  /** The `sub` of returned tokens (or of an accepted MFA-audience bearer), when known. */
  user_id?: string;
  channel?: string;
  /** Masked, e.g. `XXXXXXXX0123` or `****@exam*******`. */
  destination?: string;
  /** The authenticator id's prefix (`email`, `sms`, `voice`, `totp`, `recovery-code`, …), never the id. */
  authenticator_kind?: string;
  /** `oob` or `otp` at a challenge. */
  challenge_type?: string;
  grant?: 'oob' | 'otp' | 'recovery-code';
  /** `enrollment` (confirming a new factor) or `sign_in`. */
  flow?: 'enrollment' | 'sign_in';
  /** The gateway error code of a failure. */
  reason?: string;
  /** What a fraud-guard suspension covers: a whole calling code, or one number range in it. */
  scope?: 'country' | 'number_range';
  /** A calling code (`+62`): the most a suspension says about where. */
  country_code?: string;
  /** Which limit answered 429. */
  limit?: string;
  /** The corresponding Auth0 log event type, where one exists. */
  auth0_event?: Auth0EventType;
}
