import { EmulatorClock } from './clock';
import { MESSAGES, tooMany } from './emulator-errors';
import { UserRecord } from './store/records';

/**
 * Judges a submitted code against the user's failed-code bucket (10, +1 per 6 minutes). Once the bucket is
 * empty the code is refused unjudged, right or wrong. Synchronous on purpose: a code is judged and used up
 * without yielding, so concurrent submissions of one code cannot both pass.
 */
export function judgeCode(user: UserRecord, clock: EmulatorClock, isRight: () => boolean): boolean {
  const now = clock.now();
  const retryAfter = user.failedCodes.retryAfterSeconds(now);
  if (retryAfter > 0) throw tooMany('invalid_request', MESSAGES.tooManyFailedCodes, retryAfter);
  if (isRight()) return true;
  user.failedCodes.take(now);
  return false;
}
