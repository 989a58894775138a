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

/**
 * Everything that decides whether a request may go ahead, checked in one round trip: the request's own
 * limits, the feature's, the suspensions that refuse it, and its idempotency claim.
 */
export interface Admission {
  /** Counted whatever the outcome, unless one of them is over its limit (per-IP, per-bearer). */
  always: readonly CountedEvent[];
  /** Counted only when the request goes ahead. */
  events: readonly CountedEvent[];
  /** Refused while a live lease holds any of these ids in `registry`. */
  leases?: { registry: string; ids: readonly string[] };
  /** Put under `key` when the request goes ahead; whatever is there already is answered instead. */
  claim?: { key: string; value: string; ttlMs: number };
}

export type AdmissionResult =
  | { outcome: 'admitted' }
  /** `refused` indexes `always` followed by `events`. */
  | { outcome: 'refused'; refused: number; retryAfterSeconds: number }
  | { outcome: 'leased'; lease: Lease }
  | { outcome: 'claimed'; value: string };

/**
 * The fraud guard's bookkeeping of one code sent to a new destination: one `sent` in each window, the
 * pending record, and for each window that is then over the threshold its lease (`candidates[i]` for
 * `windows[i]`; the value a JSON object that gets the window's `sent` and `confirmed` added).
 */
export interface SendRecord {
  windows: readonly string[];
  shape: WindowShape;
  pending: { key: string; ttlMs: number };
  registry: string;
  minSends: number;
  minConfirmationPercent: number;
  candidates: readonly Lease[];
}

/** What a request leaves behind once its outcome is known, all sent to the store together. */
export type Settlement =
  | { op: 'set'; key: string; value: string; ttlMs: number }
  | { op: 'deleteIf'; key: string; expected: string }
  | { op: 'uncount'; keys: readonly string[] }
  /** Counted without refusing: limits of a request that ended before its admission. */
  | { op: 'count'; events: readonly CountedEvent[] }
  /** Answers the ids of the leases granted. */
  | { op: 'send'; record: SendRecord }
  /** Takes the pending record under `key` and adds a `confirmed` to its windows. */
  | { op: 'confirm'; key: string; shape: WindowShape };

export type SettlementResult = string[] | undefined;

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

  /** Decides a request in one round trip (see `Admission`). */
  abstract admit(admission: Admission): Promise<AdmissionResult>;

  /** Records a request's outcome in one round trip; answers one result per settlement. */
  abstract settle(settlements: readonly Settlement[]): Promise<SettlementResult[]>;

  health(): SharedStateHealth | undefined {
    return undefined;
  }
}

/** The lease value of a suspension judged now: its JSON object with the window's counts added. */
export function withCounts(value: string, sent: number, confirmed: number): string {
  return `${value.slice(0, -1)},"sent":${sent},"confirmed":${confirmed}}`;
}

/** True when a window's totals are over the fraud guard's threshold. */
export function overThreshold(totals: WindowTotals, record: SendRecord): boolean {
  const sent = totals.sent ?? 0;
  return (
    sent >= record.minSends && (totals.confirmed ?? 0) * 100 < record.minConfirmationPercent * sent
  );
}

/** The slot a moment falls in, and the oldest slot still inside a window ending in it. */
export function slotsOf(nowMs: number, shape: WindowShape): { current: number; oldest: number } {
  const current = Math.floor(nowMs / shape.slotMs);
  return { current, oldest: current - Math.ceil(shape.windowMs / shape.slotMs) + 1 };
}
