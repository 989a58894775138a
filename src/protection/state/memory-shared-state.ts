import { Clock, SystemClock } from '../../config/clock';
import {
  Admission,
  AdmissionResult,
  CountedEvent,
  CountResult,
  Lease,
  overThreshold,
  SendRecord,
  Settlement,
  SettlementResult,
  SharedState,
  slotsOf,
  WindowShape,
  WindowTotals,
  withCounts,
} from './shared-state';

type Entry =
  | { kind: 'value'; value: string; expiresAt: number }
  | { kind: 'counter'; count: number; limit: number; expiresAt: number }
  /** Slot number → counter name → count. */
  | { kind: 'window'; slots: Map<number, Map<string, number>>; expiresAt: number }
  | { kind: 'leases'; leases: Map<string, Lease>; expiresAt: number };

type Kind = Entry['kind'];
type EntryOf<K extends Kind> = Extract<Entry, { kind: K }>;
type Counter = EntryOf<'counter'>;

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

/** The first of `events[from..to)` whose counter has no room for one more, or -1. */
function firstOver(
  events: readonly CountedEvent[],
  found: readonly ({ count: number } | undefined)[],
  from: number,
  to: number,
): number {
  for (let i = from; i < to; i++) if ((found[i]?.count ?? 0) + 1 > events[i].limit) return i;
  return -1;
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

  // Each operation is synchronous underneath, so that `admit` and `settle` can combine them atomically.

  countAll(events: readonly CountedEvent[]): Promise<CountResult> {
    return Promise.resolve(this.count(events, this.clock.now()));
  }

  uncountAll(keys: readonly string[]): Promise<void> {
    this.uncount(keys, this.clock.now());
    return Promise.resolve();
  }

  addToWindows(
    keys: readonly string[],
    counter: string | undefined,
    shape: WindowShape,
  ): Promise<WindowTotals[]> {
    return Promise.resolve(this.addTo(keys, counter, shape, this.clock.now()));
  }

  grantLease(registry: string, lease: Lease): Promise<boolean> {
    return Promise.resolve(this.grant(registry, lease, this.clock.now()));
  }

  leases(registry: string, ids?: readonly string[]): Promise<Lease[]> {
    return Promise.resolve(this.liveLeases(registry, ids, this.clock.now()));
  }

  revokeLease(registry: string, id: string): Promise<boolean> {
    const now = this.clock.now();
    const all = this.live(registry, 'leases', now)?.leases;
    const held = all?.get(id);
    all?.delete(id);
    return Promise.resolve(held !== undefined && held.untilMs > now);
  }

  putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.claim(key, value, ttlMs, this.clock.now()));
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.live(key, 'value', this.clock.now())?.value);
  }

  take(key: string): Promise<string | undefined> {
    return Promise.resolve(this.takeNow(key, this.clock.now()));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs, this.clock.now());
    return Promise.resolve();
  }

  deleteIf(key: string, expected: string): Promise<void> {
    this.deleteIfNow(key, expected, this.clock.now());
    return Promise.resolve();
  }

  deleteAll(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
    return Promise.resolve();
  }

  admit(admission: Admission): Promise<AdmissionResult> {
    const now = this.clock.now();
    const { always, events, leases, claim } = admission;
    const all = events.length === 0 ? always : [...always, ...events];
    // Each counter is looked up once; nothing is created until something is counted.
    const found = this.countersOf(all, now);
    const overOwn = firstOver(all, found, 0, always.length);
    if (overOwn >= 0) {
      return Promise.resolve({ outcome: 'refused', ...this.refusal(all, found, overOwn, now) });
    }
    const existing = claim && this.live(claim.key, 'value', now);
    const held = leases ? this.liveLeases(leases.registry, leases.ids, now)[0] : undefined;
    const over = existing || held ? -1 : firstOver(all, found, always.length, all.length);
    if (existing || held || over >= 0) {
      // The request's own limits count whatever happens next; the feature's only when it goes ahead.
      this.increment(always, found, now);
      if (existing) return Promise.resolve({ outcome: 'claimed', value: existing.value });
      if (held) return Promise.resolve({ outcome: 'leased', lease: held });
      return Promise.resolve({ outcome: 'refused', ...this.refusal(all, found, over, now) });
    }
    this.increment(all, found, now);
    if (claim) this.claim(claim.key, claim.value, claim.ttlMs, now);
    return Promise.resolve({ outcome: 'admitted' });
  }

  settle(settlements: readonly Settlement[]): Promise<SettlementResult[]> {
    const now = this.clock.now();
    return Promise.resolve(settlements.map((settlement) => this.settleOne(settlement, now)));
  }

  private settleOne(settlement: Settlement, now: number): SettlementResult {
    switch (settlement.op) {
      case 'set':
        this.put(settlement.key, settlement.value, settlement.ttlMs, now);
        return undefined;
      case 'deleteIf':
        this.deleteIfNow(settlement.key, settlement.expected, now);
        return undefined;
      case 'uncount':
        this.uncount(settlement.keys, now);
        return undefined;
      case 'count':
        this.count(settlement.events, now, true);
        return undefined;
      case 'send':
        return this.recordSend(settlement.record, now);
      case 'confirm': {
        const pending = this.takeNow(settlement.key, now);
        if (pending !== undefined) {
          this.addTo(JSON.parse(pending) as string[], 'confirmed', settlement.shape, now);
        }
        return undefined;
      }
    }
  }

  private recordSend(record: SendRecord, now: number): string[] {
    const totals = this.addTo(record.windows, 'sent', record.shape, now);
    this.put(record.pending.key, JSON.stringify(record.windows), record.pending.ttlMs, now);
    return record.candidates
      .filter((lease, i) => {
        if (!overThreshold(totals[i], record)) return false;
        const value = withCounts(lease.value, totals[i].sent ?? 0, totals[i].confirmed ?? 0);
        return this.grant(record.registry, Object.assign({}, lease, { value }), now);
      })
      .map(({ id }) => id);
  }

  /** Counts one event under each key, all or none; `force` counts even over a limit (see `Settlement`). */
  private count(events: readonly CountedEvent[], now: number, force = false): CountResult {
    const found = this.countersOf(events, now);
    const refused = force ? -1 : firstOver(events, found, 0, events.length);
    if (refused >= 0) return { allowed: false, ...this.refusal(events, found, refused, now) };
    this.increment(events, found, now);
    return { allowed: true };
  }

  private countersOf(events: readonly CountedEvent[], now: number): (Counter | undefined)[] {
    return events.map(({ key }) => this.live(key, 'counter', now));
  }

  /** Adds one to each event's counter (`found[i]`, or a new one), then keeps the store within its bound. */
  private increment(
    events: readonly CountedEvent[],
    found: readonly (Counter | undefined)[],
    now: number,
  ): void {
    events.forEach(({ key, limit, windowSeconds }, i) => {
      // A key given twice was created by its first occurrence.
      const entry =
        found[i] ??
        this.live(key, 'counter', now) ??
        this.store(key, {
          kind: 'counter',
          count: 0,
          limit,
          expiresAt: now + windowSeconds * 1000,
        });
      entry.count += 1;
    });
    this.bound(events.map(({ key }) => key));
  }

  private refusal(
    events: readonly CountedEvent[],
    found: readonly (Counter | undefined)[],
    refused: number,
    now: number,
  ): { refused: number; retryAfterSeconds: number } {
    const expiresAt = found[refused]?.expiresAt ?? now + events[refused].windowSeconds * 1000;
    const retryAfterSeconds = Math.max(1, Math.ceil((expiresAt - now) / 1000));
    return { refused, retryAfterSeconds };
  }

  private uncount(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const entry = this.live(key, 'counter', now);
      if (!entry) continue;
      entry.count -= 1;
      if (entry.count <= 0) this.entries.delete(key);
    }
  }

  private addTo(
    keys: readonly string[],
    counter: string | undefined,
    shape: WindowShape,
    now: number,
  ): WindowTotals[] {
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
        for (const [name, n] of counts) totals[name] = (totals[name] ?? 0) + n;
      }
      return totals;
    });
    this.bound(keys);
    return all;
  }

  private grant(registry: string, lease: Lease, now: number): boolean {
    const entry =
      this.live(registry, 'leases', now) ??
      this.store(registry, { kind: 'leases', leases: new Map<string, Lease>(), expiresAt: 0 });
    const held = entry.leases.get(lease.id);
    if (held && held.untilMs > now) return false;
    entry.leases.set(lease.id, lease);
    entry.expiresAt = Math.max(entry.expiresAt, lease.untilMs);
    this.bound([registry]);
    return true;
  }

  private liveLeases(registry: string, ids: readonly string[] | undefined, now: number): Lease[] {
    const all = this.live(registry, 'leases', now)?.leases;
    if (!all) return [];
    const chosen = ids ? ids.map((id) => all.get(id)) : [...all.values()];
    return chosen.filter((lease): lease is Lease => lease !== undefined && lease.untilMs > now);
  }

  private claim(key: string, value: string, ttlMs: number, now: number): boolean {
    if (this.live(key, 'value', now)) return false;
    this.put(key, value, ttlMs, now);
    return true;
  }

  private put(key: string, value: string, ttlMs: number, now: number): void {
    this.store(key, { kind: 'value', value, expiresAt: now + ttlMs });
    this.bound([key]);
  }

  private takeNow(key: string, now: number): string | undefined {
    const value = this.live(key, 'value', now)?.value;
    this.entries.delete(key);
    return value;
  }

  private deleteIfNow(key: string, expected: string, now: number): void {
    if (this.live(key, 'value', now)?.value === expected) this.entries.delete(key);
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
