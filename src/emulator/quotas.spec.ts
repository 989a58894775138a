import { TokenBucket } from './quotas';

describe('TokenBucket', () => {
  const minute = 60_000;

  it('allows its capacity, then refuses with the seconds until the next token', () => {
    const bucket = new TokenBucket(3, 6 * minute, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true]);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.retryAfterSeconds(0)).toBe(360);
    expect(bucket.retryAfterSeconds(minute)).toBe(300);
  });

  it('refills one token per interval, never above capacity', () => {
    const bucket = new TokenBucket(2, minute, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.hasToken(minute - 1)).toBe(false);
    expect(bucket.take(minute)).toBe(true);
    expect(bucket.take(minute)).toBe(false);
    expect(bucket.hasToken(100 * minute)).toBe(true);
    expect(bucket.take(100 * minute)).toBe(true);
    expect(bucket.take(100 * minute)).toBe(true);
    expect(bucket.take(100 * minute)).toBe(false);
  });

  it('counts the refill interval from the first token taken out of a full bucket', () => {
    const bucket = new TokenBucket(1, minute, 0);
    expect(bucket.take(10 * minute)).toBe(true);
    expect(bucket.retryAfterSeconds(10 * minute + 30_000)).toBe(30);
  });
});
