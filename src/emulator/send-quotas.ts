import { EmulatorClock } from './clock';
import { MESSAGES, tooMany } from './emulator-errors';
import { DeliveryChannel, UserRecord } from './store/records';

/**
 * SMS and voice share one bucket (10, then 1 per hour); e-mail has its own (20, then 1 per minute), and so
 * do push notifications (5, then 1 every 12 s).
 */
export function takeSendQuota(
  user: UserRecord,
  channel: DeliveryChannel | 'push',
  clock: EmulatorClock,
): void {
  const now = clock.now();
  const [bucket, message] =
    channel === 'email'
      ? [user.emailSends, MESSAGES.tooManyEmails]
      : channel === 'push'
        ? [user.pushSends, MESSAGES.tooManyPushes]
        : [user.phoneSends, MESSAGES.tooManySms];
  const retryAfter = bucket.retryAfterSeconds(now);
  if (retryAfter > 0) throw tooMany('invalid_request', message, retryAfter);
  bucket.take(now);
}
