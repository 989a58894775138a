import { Clock, SystemClock } from '../../config/clock';
import {
  CountedEvent,
  CountResult,
  Lease,
  SharedState,
  slotsOf,
  WindowShape,
  WindowTotals,
} from './shared-state';

type Entry =
  | { kind: 'value'; value: string; expiresAt: number }
  | { kind: 'counter'; count: number; limit: number; expiresAt: number }
  /** Slot number → counter name → count. */
  | { kind: 'window'; slots: Map<number, Map<string, number>>; expiresAt: number }
  | { kind: 'leases'; leases: Map<string, Lease>; expiresAt: number };

type Kind = Entry['kind'];
type EntryOf<K extends Kind> = Extract<Entry, { kind: K }>;

/**
 * How often expired entries are swept (a full scan). By time, not by operation count: under load the map
 * holds a window's worth of keys (one per bearer token for a minute), and scanning it every thousand
 * operations cost more than the operations themselves (bench/).
 */
const SWEEP_INTERVAL_MS = 1000;

/** What a full store frees at once, as a share of its bound: eviction is a scan, done rarely. */
const EVICT_SHARE = 0.1;

/**
 * What an entry would cost the users it protects if it were forgotten, from 0 (nothing) upwards. A
 * counter's stake is how close it is to its limit: a flood of new identities makes counters at 1 of 60,
 * the first to go, while a counter near its limit — a password being guessed, an address being
 * throttled — is what an attacker would like reset, and goes last. Idempotency and pending records sit
 * between, fraud-guard windows above them, and suspensions are never evicted.
 */
function stakeOf(entry: Entry): number {
  switch (entry.kind) {
    case 'counter':
      return entry.count / entry.limit;
    case 'value':
      return 0.5;
    case 'window':
      return 0.75;
    case 'leases':
      return Infinity;
  }
}

/**
 * Per-instance state: a map with expiry and a bound on its size. Single-threaded JavaScript makes each
 * operation atomic. Used when no Redis is configured and, by the Redis store, while Redis is unreachable.
 * A full store never refuses a new identity: it evicts what has least at stake first (`stakeOf`), so
 * flooding it with identities cannot reset the counters that matter (docs/operations.md).
 */
export class MemorySharedState extends SharedState {
  private readonly entries = new Map<string, Entry>();
  private nextSweepAt = 0;

  constructor(
    private readonly clock: Clock = new SystemClock(),
    private readonly maxEntries = 100_000,
  ) {
    super();
  }

  /** How many entries it holds, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  countAll(events: readonly CountedEvent[]): Promise<CountResult> {
    const now = this.clock.now();
    const counters = events.map(({ key, windowSeconds }, i) => {
      const entry =
        this.live(key, 'counter', now) ??
        this.store(key, {
          kind: 'counter',
          count: 0,
          limit: events[i].limit,
          expiresAt: now + windowSeconds * 1000,
        });
      return entry;
    });
    const refused = counters.findIndex((entry, i) => entry.count + 1 > events[i].limit);
    if (refused >= 0) {
      // Nothing is counted; a counter this call created for nothing is not kept either.
      counters.forEach((entry, i) => {
        if (entry.count === 0) this.entries.delete(events[i].key);
      });
      const retryAfterSeconds = Math.max(1, Math.ceil((counters[refused].expiresAt - now) / 1000));
      return Promise.resolve({ allowed: false, refused, retryAfterSeconds });
    }
    for (const entry of counters) entry.count += 1;
    this.bound(events.map(({ key }) => key));
    return Promise.resolve({ allowed: true });
  }

  uncountAll(keys: readonly string[]): Promise<void> {
    const now = this.clock.now();
    for (const key of keys) {
      const entry = this.live(key, 'counter', now);
      if (!entry) continue;
      entry.count -= 1;
      if (entry.count <= 0) this.entries.delete(key);
    }
    return Promise.resolve();
  }

  addToWindows(
    keys: readonly string[],
    counter: string | undefined,
    shape: WindowShape,
  ): Promise<WindowTotals[]> {
    const now = this.clock.now();
    const { current, oldest } = slotsOf(now, shape);
    const all = keys.map((key) => {
      let entry = this.live(key, 'window', now);
      if (counter !== undefined) {
        entry ??= this.store(key, {
          kind: 'window',
          slots: new Map<number, Map<string, number>>(),
          expiresAt: 0,
        });
        entry.expiresAt = now + shape.windowMs + shape.slotMs;
        const slot = entry.slots.get(current) ?? new Map<string, number>();
        slot.set(counter, (slot.get(counter) ?? 0) + 1);
        entry.slots.set(current, slot);
      }
      const totals: WindowTotals = {};
      for (const [number, counts] of entry?.slots ?? []) {
        if (number < oldest) {
          entry?.slots.delete(number);
          continue;
        }
        for (const [name, count] of counts) totals[name] = (totals[name] ?? 0) + count;
      }
      return totals;
    });
    this.bound(keys);
    return Promise.resolve(all);
  }

  grantLease(registry: string, lease: Lease): Promise<boolean> {
    const now = this.clock.now();
    const entry =
      this.live(registry, 'leases', now) ??
      this.store(registry, { kind: 'leases', leases: new Map<string, Lease>(), expiresAt: 0 });
    const held = entry.leases.get(lease.id);
    if (held && held.untilMs > now) return Promise.resolve(false);
    entry.leases.set(lease.id, lease);
    entry.expiresAt = Math.max(entry.expiresAt, lease.untilMs);
    this.bound([registry]);
    return Promise.resolve(true);
  }

  leases(registry: string, ids?: readonly string[]): Promise<Lease[]> {
    const now = this.clock.now();
    const all = this.live(registry, 'leases', now)?.leases;
    if (!all) return Promise.resolve([]);
    const chosen = ids ? ids.map((id) => all.get(id)) : [...all.values()];
    return Promise.resolve(
      chosen.filter((lease): lease is Lease => lease !== undefined && lease.untilMs > now),
    );
  }

  revokeLease(registry: string, id: string): Promise<boolean> {
    const now = this.clock.now();
    const all = this.live(registry, 'leases', now)?.leases;
    const held = all?.get(id);
    all?.delete(id);
    return Promise.resolve(held !== undefined && held.untilMs > now);
  }

  putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    if (this.live(key, 'value', now)) return Promise.resolve(false);
    this.store(key, { kind: 'value', value, expiresAt: now + ttlMs });
    this.bound([key]);
    return Promise.resolve(true);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.live(key, 'value', this.clock.now())?.value);
  }

  take(key: string): Promise<string | undefined> {
    const value = this.live(key, 'value', this.clock.now())?.value;
    this.entries.delete(key);
    return Promise.resolve(value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.store(key, { kind: 'value', value, expiresAt: this.clock.now() + ttlMs });
    this.bound([key]);
    return Promise.resolve();
  }

  deleteIf(key: string, expected: string): Promise<void> {
    if (this.live(key, 'value', this.clock.now())?.value === expected) this.entries.delete(key);
    return Promise.resolve();
  }

  deleteAll(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
    return Promise.resolve();
  }

  private store<E extends Entry>(key: string, entry: E): E {
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Keeps the store within its bound once an operation is done with its entries: when over, frees a
   * tenth of the bound — the expired first, then the least at stake, the soonest to expire among
   * equals. The operation's own keys (`keep`) stay whatever their stake.
   */
  private bound(keep: readonly string[]): void {
    if (this.entries.size <= this.maxEntries) return;
    const now = this.clock.now();
    this.sweep(now);
    const target = Math.floor(this.maxEntries * (1 - EVICT_SHARE));
    if (this.entries.size <= target) return;
    const kept = new Set(keep);
    const candidates: { key: string; stake: number; expiresAt: number }[] = [];
    for (const [key, entry] of this.entries) {
      const stake = stakeOf(entry);
      if (stake !== Infinity && !kept.has(key)) {
        candidates.push({ key, stake, expiresAt: entry.expiresAt });
      }
    }
    candidates.sort((a, b) => a.stake - b.stake || a.expiresAt - b.expiresAt);
    const excess = this.entries.size - target;
    for (const { key } of candidates.slice(0, excess)) this.entries.delete(key);
  }

  /** The entry of that kind under `key` unless it has expired (then it is removed). */
  private live<K extends Kind>(key: string, kind: K, now: number): EntryOf<K> | undefined {
    if (now >= this.nextSweepAt) {
      this.nextSweepAt = now + SWEEP_INTERVAL_MS;
      this.sweep(now);
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    // Keys are namespaced by their users, so one key never holds two kinds.
    return entry.kind === kind ? (entry as EntryOf<K>) : undefined;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
