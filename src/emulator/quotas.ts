/**
 * A token bucket refilled one token per interval, up to its capacity. Auth0's failed-code limit (10, +1 per
 * 6 min), SMS/voice quota (10, then 1 per hour) and e-mail quota (20, then 1 per minute) are all this shape.
 * Time is passed in, so the bucket follows the emulator clock.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.lastRefill = now;
  }

  /** Seconds until a token is available; 0 when one is available now. */
  retryAfterSeconds(now: number): number {
    this.refill(now);
    if (this.tokens > 0) return 0;
    return Math.max(1, Math.ceil((this.lastRefill + this.refillMs - now) / 1000));
  }

  hasToken(now: number): boolean {
    return this.retryAfterSeconds(now) === 0;
  }

  /** Takes a token when one is available; says whether it did. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens <= 0) return false;
    if (this.tokens === this.capacity) this.lastRefill = now;
    this.tokens -= 1;
    return true;
  }

  private refill(now: number): void {
    if (this.tokens >= this.capacity) {
      this.lastRefill = now;
      return;
    }
    const earned = Math.floor((now - this.lastRefill) / this.refillMs);
    if (earned <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + earned);
    this.lastRefill =
      this.tokens === this.capacity ? now : this.lastRefill + earned * this.refillMs;
  }
}

export const FAILED_CODES = { capacity: 10, refillMs: 6 * 60_000 };
export const PHONE_SENDS = { capacity: 10, refillMs: 60 * 60_000 };
export const EMAIL_SENDS = { capacity: 20, refillMs: 60_000 };
/** "5 per minute": a burst of five, then one every 12 s. */
export const PUSH_SENDS = { capacity: 5, refillMs: 12_000 };

export function bucketFor(limit: { capacity: number; refillMs: number }, now: number): TokenBucket {
  return new TokenBucket(limit.capacity, limit.refillMs, now);
}
