import type { RateLimitsConfig } from '../../config/app-config';

/** Every limit the gateway enforces; the name is also the metric label and the audit event's `limit`. */
export type LimitName =
  | 'client_ip'
  | 'bearer'
  | 'password_user_ip'
  | 'password_user'
  | 'challenge_cooldown'
  | 'enroll_destination'
  | 'enroll_prefix'
  | 'enroll_country'
  | 'enroll_ip'
  | 'enroll_api_key'
  | 'enroll_phone_codes'
  | 'enroll_email_codes';

export interface LimitRule {
  /** Events allowed per window; 0 switches the limit off. */
  limit: number;
  windowSeconds: number;
  /** What the 429 tells the caller; never names the identity that was counted. */
  detail: string;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

const perHour = (limit: number, detail: string): LimitRule => ({
  limit,
  windowSeconds: HOUR,
  detail,
});

/**
 * The rules by name. Codes to a factor the user has confirmed are limited only per authenticator (the
 * cooldown) and by Auth0's own per-user quotas: no pool that strangers can drain stands between a user
 * and their sign-in. Codes to new destinations (enrollments) have budgets of their own, e-mail apart
 * from phones, so that pumping SMS cannot stop an e-mail enrollment either (docs/security.md).
 */
export function limitRules(
  limits: RateLimitsConfig,
  challengeCooldownSeconds: number,
): Record<LimitName, LimitRule> {
  return {
    client_ip: {
      limit: limits.ipPerMinute,
      windowSeconds: MINUTE,
      detail: 'Too many requests from this address.',
    },
    bearer: {
      limit: limits.bearerPerMinute,
      windowSeconds: MINUTE,
      detail: 'Too many requests with this token.',
    },
    password_user_ip: {
      limit: limits.passwordUserIpPerMinute,
      windowSeconds: MINUTE,
      detail: 'Too many sign-in attempts for this user from this address.',
    },
    password_user: {
      limit: limits.passwordUserPerMinute,
      windowSeconds: MINUTE,
      detail: 'Too many sign-in attempts for this user.',
    },
    challenge_cooldown: {
      // One challenge per cooldown: a resend is possible once the previous code had time to arrive.
      limit: challengeCooldownSeconds > 0 ? 1 : 0,
      windowSeconds: challengeCooldownSeconds,
      detail: 'A code was just sent to this factor; wait before asking for another.',
    },
    enroll_destination: perHour(
      limits.enrollDestinationPerHour,
      'Too many enrollments for this phone number or e-mail address.',
    ),
    enroll_prefix: perHour(
      limits.enrollPrefixPerHour,
      'Too many enrollments for numbers in this range.',
    ),
    enroll_country: perHour(
      limits.enrollCountryPerHour,
      'Too many enrollments for numbers in this country.',
    ),
    enroll_ip: perHour(limits.enrollIpPerHour, 'Too many new factors from this address.'),
    enroll_api_key: perHour(limits.enrollApiKeyPerHour, 'Too many new factors from this caller.'),
    enroll_phone_codes: perHour(
      limits.enrollPhoneCodesPerHour,
      'The gateway has sent its hourly budget of codes to new phone numbers.',
    ),
    enroll_email_codes: perHour(
      limits.enrollEmailCodesPerHour,
      'The gateway has sent its hourly budget of codes to new e-mail addresses.',
    ),
  };
}
