/** One event to count against a fixed-window limit, under a key already free of secrets. */
export interface CountedEvent {
  key: string;
  /** Events allowed in one window. */
  limit: number;
  windowSeconds: number;
}

/** The answer of `countAll`: every event counted, or none, and which one was over its limit. */
export type CountResult =
  | { allowed: true }
  | {
      allowed: false;
      /** The index (in the events given) of the first limit that refused. */
      refused: number;
      /** Seconds until that limit's window resets (at least 1): the `Retry-After` of the refusal. */
      retryAfterSeconds: number;
    };

/** A sliding window's totals per counter name (`{ sent: 31, confirmed: 2 }`); absent names are 0. */
export type WindowTotals = Record<string, number>;

/** The shape of a sliding window: its length and the width of the slots it is counted in. */
export interface WindowShape {
  windowMs: number;
  slotMs: number;
}

/** A record in a lease registry that holds until `untilMs` on the gateway's clock. */
export interface Lease {
  id: string;
  untilMs: number;
  value: string;
}

/** How the shared state is doing, for `/health/ready`; absent when no Redis is configured. */
export type SharedStateHealth = {
  status: 'up' | 'down';
  mode: 'redis' | 'memory-fallback';
};

/**
 * The state several gateway instances must share: rate-limit counters, the fraud guard's windows and
 * suspensions, idempotency records. In memory by default, in Redis when `REDIS_URL` is set. Every
 * operation is atomic in its backend (one Redis round trip) and every key expires, so nothing needs
 * cleaning up. Keys are already free of secrets (keyed hashes) when they arrive here. Time is the gateway's
 * clock, except where a Redis TTL only collects what has expired anyway.
 */
export abstract class SharedState {
  /**
   * Counts one event under each key, each in a fixed window that starts at its first event — all of them
   * or, when any is over its limit, none: a refused request costs no other budget.
   */
  abstract countAll(events: readonly CountedEvent[]): Promise<CountResult>;

  /**
   * Gives back one event under each key (an attempt that turned out to cost nothing). A counter that falls
   * to zero is deleted, so a refused attempt leaves nothing behind.
   */
  abstract uncountAll(keys: readonly string[]): Promise<void>;

  /**
   * Adds one to `counter` in the current slot of each key's sliding window (nothing when `counter` is
   * undefined) and returns each window's totals.
   */
  abstract addToWindows(
    keys: readonly string[],
    counter: string | undefined,
    shape: WindowShape,
  ): Promise<WindowTotals[]>;

  /** Stores a lease unless a live one holds `id` already; true when this call granted it. */
  abstract grantLease(registry: string, lease: Lease): Promise<boolean>;

  /** The live leases of a registry, or only those among `ids`. */
  abstract leases(registry: string, ids?: readonly string[]): Promise<Lease[]>;

  /** Ends a lease early; true when a live one was there. */
  abstract revokeLease(registry: string, id: string): Promise<boolean>;

  /** Stores `value` only when `key` holds nothing; true when this call stored it (a claim). */
  abstract putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;

  abstract get(key: string): Promise<string | undefined>;

  /** Reads and deletes `key` at once: only one caller ever gets its value. */
  abstract take(key: string): Promise<string | undefined>;

  abstract set(key: string, value: string, ttlMs: number): Promise<void>;

  /** Deletes `key` only while it still holds `expected` (releases one's own claim, never another's). */
  abstract deleteIf(key: string, expected: string): Promise<void>;

  abstract deleteAll(keys: readonly string[]): Promise<void>;

  health(): SharedStateHealth | undefined {
    return undefined;
  }
}

/** The slot a moment falls in, and the oldest slot still inside a window ending in it. */
export function slotsOf(nowMs: number, shape: WindowShape): { current: number; oldest: number } {
  const current = Math.floor(nowMs / shape.slotMs);
  return { current, oldest: current - Math.ceil(shape.windowMs / shape.slotMs) + 1 };
}
