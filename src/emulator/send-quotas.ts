import { EmulatorClock } from './clock';
import { MESSAGES, tooMany } from './emulator-errors';
import { OobChannel, UserRecord } from './store/records';

/** SMS and voice share one bucket (10, then 1 per hour); e-mail has its own (20, then 1 per minute). */
export function takeSendQuota(user: UserRecord, channel: OobChannel, clock: EmulatorClock): void {
  const now = clock.now();
  const bucket = channel === 'email' ? user.emailSends : user.phoneSends;
  const retryAfter = bucket.retryAfterSeconds(now);
  if (retryAfter > 0) {
    throw tooMany(
      'too_many_requests',
      channel === 'email' ? MESSAGES.tooManyEmails : MESSAGES.tooManySms,
      retryAfter,
    );
  }
  bucket.take(now);
}
