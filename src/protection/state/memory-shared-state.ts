import { HitResult, SharedState } from './shared-state';

interface Entry {
  value: string;
  count: number;
  expiresAt: number;
}

/**
 * How often expired entries are swept (a full scan). By time, not by operation count: under load the map
 * holds a window's worth of keys (one per bearer token for a minute), and scanning it every thousand
 * operations cost more than the operations themselves (bench/).
 */
const SWEEP_INTERVAL_MS = 1000;

/**
 * Per-instance state: a map with expiry. Single-threaded JavaScript makes each operation atomic. Used when
 * no Redis is configured and, by the Redis store, while Redis is unreachable.
 */
export class MemorySharedState extends SharedState {
  private readonly entries = new Map<string, Entry>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  hit(key: string, limit: number, windowSeconds: number): Promise<HitResult> {
    const now = this.now();
    let entry = this.live(key, now);
    if (!entry) {
      entry = { value: '', count: 0, expiresAt: now + windowSeconds * 1000 };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    return Promise.resolve({
      allowed: entry.count <= limit,
      count: entry.count,
      remaining: Math.max(0, limit - entry.count),
      retryAfterSeconds: Math.max(1, Math.ceil((entry.expiresAt - now) / 1000)),
    });
  }

  unhit(key: string): Promise<void> {
    const entry = this.live(key, this.now());
    if (entry && entry.count > 0) entry.count -= 1;
    return Promise.resolve();
  }

  putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (this.live(key, now)) return Promise.resolve(false);
    this.entries.set(key, { value, count: 0, expiresAt: now + ttlMs });
    return Promise.resolve(true);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.live(key, this.now())?.value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, count: 0, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  deleteIf(key: string, expected: string): Promise<void> {
    if (this.live(key, this.now())?.value === expected) this.entries.delete(key);
    return Promise.resolve();
  }

  /** The entry under `key` unless it has expired (then it is removed). */
  private live(key: string, now: number): Entry | undefined {
    if (now >= this.nextSweepAt) {
      this.nextSweepAt = now + SWEEP_INTERVAL_MS;
      this.sweep(now);
    }
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
