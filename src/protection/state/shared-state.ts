/** The answer of one counted event against a fixed-window limit. */
export interface HitResult {
  allowed: boolean;
  /** Events counted in the current window, this one included. */
  count: number;
  remaining: number;
  /** Seconds until the window resets (at least 1): the `Retry-After` of a refusal. */
  retryAfterSeconds: number;
}

/** How the shared state is doing, for `/health/ready`; absent when no Redis is configured. */
export type SharedStateHealth = {
  status: 'up' | 'down';
  mode: 'redis' | 'memory-fallback';
};

/**
 * The state several gateway instances must share: rate-limit counters and idempotency records. In memory by
 * default, in Redis when `REDIS_URL` is set. Every operation is atomic in its backend, and every key expires,
 * so nothing needs cleaning up. Keys are already free of secrets (hashed) when they arrive here.
 */
export abstract class SharedState {
  /** Counts one event under `key` in a fixed window of `windowSeconds` that starts at the first event. */
  abstract hit(key: string, limit: number, windowSeconds: number): Promise<HitResult>;

  /** Takes back one event counted by `hit` (an attempt that turned out to cost nothing). */
  abstract unhit(key: string): Promise<void>;

  /** Stores `value` only when `key` holds nothing; true when this call stored it (a claim). */
  abstract putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;

  abstract get(key: string): Promise<string | undefined>;

  abstract set(key: string, value: string, ttlMs: number): Promise<void>;

  /** Deletes `key` only while it still holds `expected` (releases one's own claim, never another's). */
  abstract deleteIf(key: string, expected: string): Promise<void>;

  health(): SharedStateHealth | undefined {
    return undefined;
  }
}
