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
  | 'codes_sent';

export interface LimitRule {
  /** Events allowed per window; 0 switches the limit off. */
  limit: number;
  windowSeconds: number;
  /** What the 429 tells the caller; never names the identity that was counted. */
  detail: string;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

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
    enroll_destination: {
      limit: limits.enrollDestinationPerHour,
      windowSeconds: HOUR,
      detail: 'Too many enrollments for this phone number or e-mail address.',
    },
    enroll_prefix: {
      limit: limits.enrollPrefixPerHour,
      windowSeconds: HOUR,
      detail: 'Too many enrollments for numbers in this range.',
    },
    codes_sent: {
      limit: limits.codesPerHour,
      windowSeconds: HOUR,
      detail: 'The gateway has sent its hourly budget of codes.',
    },
  };
}
