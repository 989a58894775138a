import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { MemorySharedState } from './memory-shared-state';
import { Clock } from '../../config/clock';
import {
  CountedEvent,
  CountResult,
  Lease,
  SharedState,
  SharedStateHealth,
  slotsOf,
  WindowShape,
  WindowTotals,
} from './shared-state';

export interface RedisSharedStateOptions {
  url: string;
  /** Prepended to every key, so several gateways (or test runs) can share one Redis. */
  keyPrefix: string;
  /** A command that takes longer fails over to memory: an outage never stalls a request for long. */
  commandTimeoutMs: number;
  /** The bound of the in-memory fallback. */
  memoryMaxEntries?: number;
  /** The gateway's clock: windows and leases are dated by it (Redis TTLs only collect the expired). */
  clock: Clock;
  /** Called on every transition between Redis and the in-memory fallback. */
  onDegraded?: (degraded: boolean) => void;
}

// All or nothing: nothing is counted unless every limit has room. A counter's first event starts its window.
const COUNT_ALL = `
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') + 1 > tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then ttl = tonumber(ARGV[2 * i]) end
    return {i, ttl}
  end
end
for i, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return {0, 0}`;
// Never creates a key, and deletes one that falls to zero: a refund leaves nothing behind.
const UNCOUNT_ALL = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 1 then redis.call('DECR', key) elseif n == 1 then redis.call('DEL', key) end
end
return 0`;
// A sliding window is a hash of "<slot>:<counter>" fields; slots older than the window are dropped.
const ADD_TO_WINDOWS = `
local out = {}
for i, key in ipairs(KEYS) do
  if ARGV[1] ~= '' then
    redis.call('HINCRBY', key, ARGV[2] .. ':' .. ARGV[1], 1)
    redis.call('PEXPIRE', key, ARGV[4])
  end
  local flat = redis.call('HGETALL', key)
  local totals = {}
  for j = 1, #flat, 2 do
    local slot, name = string.match(flat[j], '^(%-?%d+):(.*)$')
    if tonumber(slot) < tonumber(ARGV[3]) then
      redis.call('HDEL', key, flat[j])
    else
      totals[name] = (totals[name] or 0) + tonumber(flat[j + 1])
    end
  end
  local answer = {}
  for name, n in pairs(totals) do
    table.insert(answer, name)
    table.insert(answer, n)
  end
  out[i] = answer
end
return out`;
// A lease is the field "<id>" holding "<untilMs>|<value>"; the registry lives as long as its last lease.
const GRANT_LEASE = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held and tonumber(string.match(held, '^(%d+)|')) > tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
local ttl = tonumber(ARGV[2]) - tonumber(ARGV[4])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`;
const REVOKE_LEASE = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
return held`;
const DELETE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** How often a connection whose commands timed out is tried again. */
const PROBE_INTERVAL_MS = 1000;

interface Scripts {
  mfaCountAll(...keysThenArgs: (string | number)[]): Promise<[number, number]>;
  mfaUncountAll(...countThenKeys: (string | number)[]): Promise<number>;
  mfaAddToWindows(...keysThenArgs: (string | number)[]): Promise<(string | number)[][]>;
  mfaGrantLease(registry: string, ...args: (string | number)[]): Promise<number>;
  mfaRevokeLease(registry: string, id: string): Promise<string | null>;
  mfaDeleteIf(key: string, expected: string): Promise<number>;
}

/** Defined with a variable number of keys: the first argument of each call says how many. */
const SCRIPTS: Record<keyof Scripts, { lua: string; numberOfKeys?: number }> = {
  mfaCountAll: { lua: COUNT_ALL },
  mfaUncountAll: { lua: UNCOUNT_ALL },
  mfaAddToWindows: { lua: ADD_TO_WINDOWS },
  mfaGrantLease: { lua: GRANT_LEASE, numberOfKeys: 1 },
  mfaRevokeLease: { lua: REVOKE_LEASE, numberOfKeys: 1 },
  mfaDeleteIf: { lua: DELETE_IF, numberOfKeys: 1 },
};

/** A lease as the registry hash holds it: "<untilMs>|<value>". */
function leaseOf(id: string, stored: string | null | undefined): Lease | undefined {
  if (!stored) return undefined;
  const bar = stored.indexOf('|');
  return { id, untilMs: Number(stored.slice(0, bar)), value: stored.slice(bar + 1) };
}

/**
 * Redis-backed state shared by every instance. While Redis cannot be reached, each operation falls back to
 * this instance's memory (fail open to per-instance limits: an MFA gateway that refuses every sign-in
 * because a cache is down would be the bigger outage), says so once in the log, in readiness and in metrics,
 * and returns to Redis as soon as ioredis has reconnected.
 */
export class RedisSharedState extends SharedState {
  private readonly logger = new Logger('SharedState');
  private readonly memory: MemorySharedState;
  private readonly client: Redis & Scripts;
  private up = false;
  private everReported = false;
  /** While down on a live connection (commands timed out), when to try Redis again. */
  private nextProbeAt = 0;
  private closed = false;

  constructor(private readonly options: RedisSharedStateOptions) {
    super();
    this.memory = new MemorySharedState(options.clock, options.memoryMaxEntries);
    const client = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(1000, options.commandTimeoutMs),
      // Keep trying in the background; requests meanwhile use memory.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    for (const [name, definition] of Object.entries(SCRIPTS))
      client.defineCommand(name, definition);
    client.on('ready', () => this.transition(true));
    client.on('error', (error: Error) => this.transition(false, error));
    client.on('close', () => this.transition(false));
    this.client = client as Redis & Scripts;
  }

  /** Connects once at start (bounded by the connect timeout); failure leaves the gateway on memory. */
  async connect(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      this.transition(false, error as Error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.removeAllListeners('close');
    try {
      if (this.client.status === 'ready') await this.client.quit();
    } catch {
      // Closing anyway.
    }
    this.client.disconnect();
  }

  override health(): SharedStateHealth {
    return this.up ? { status: 'up', mode: 'redis' } : { status: 'down', mode: 'memory-fallback' };
  }

  async countAll(events: readonly CountedEvent[]): Promise<CountResult> {
    if (events.length === 0) return { allowed: true };
    const args = events.flatMap(({ limit, windowSeconds }) => [limit, windowSeconds * 1000]);
    const answer = await this.attempt(() =>
      this.client.mfaCountAll(events.length, ...events.map(({ key }) => key), ...args),
    );
    if (!answer) return this.memory.countAll(events);
    const [refused, ttlMs] = answer;
    if (refused === 0) return { allowed: true };
    return {
      allowed: false,
      refused: refused - 1,
      retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  }

  async uncountAll(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if ((await this.attempt(() => this.client.mfaUncountAll(keys.length, ...keys))) === undefined) {
      await this.memory.uncountAll(keys);
    }
  }

  async addToWindows(
    keys: readonly string[],
    counter: string | undefined,
    shape: WindowShape,
  ): Promise<WindowTotals[]> {
    const { current, oldest } = slotsOf(this.options.clock.now(), shape);
    const ttlMs = shape.windowMs + shape.slotMs;
    const answer = await this.attempt(() =>
      this.client.mfaAddToWindows(keys.length, ...keys, counter ?? '', current, oldest, ttlMs),
    );
    if (!answer) return this.memory.addToWindows(keys, counter, shape);
    return answer.map((flat) => {
      const totals: WindowTotals = {};
      for (let i = 0; i < flat.length; i += 2) totals[String(flat[i])] = Number(flat[i + 1]);
      return totals;
    });
  }

  async grantLease(registry: string, lease: Lease): Promise<boolean> {
    const now = this.options.clock.now();
    const answer = await this.attempt(() =>
      this.client.mfaGrantLease(registry, lease.id, lease.untilMs, lease.value, now),
    );
    if (answer === undefined) return this.memory.grantLease(registry, lease);
    return answer === 1;
  }

  async leases(registry: string, ids?: readonly string[]): Promise<Lease[]> {
    const answer = await this.attempt(async () => {
      if (!ids) return Object.entries(await this.client.hgetall(registry));
      if (ids.length === 0) return [];
      const values = await this.client.hmget(registry, ...ids);
      return ids.map((id, i): [string, string | null] => [id, values[i]]);
    });
    if (answer === undefined) return this.memory.leases(registry, ids);
    const now = this.options.clock.now();
    return answer
      .map(([id, stored]) => leaseOf(id, stored))
      .filter((lease): lease is Lease => lease !== undefined && lease.untilMs > now);
  }

  async revokeLease(registry: string, id: string): Promise<boolean> {
    const answer = await this.attempt(() => this.client.mfaRevokeLease(registry, id));
    if (answer === undefined) return this.memory.revokeLease(registry, id);
    const lease = leaseOf(id, answer);
    return lease !== undefined && lease.untilMs > this.options.clock.now();
  }

  async putIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const answer = await this.attempt(() => this.client.set(key, value, 'PX', ttlMs, 'NX'));
    if (answer === undefined) return this.memory.putIfAbsent(key, value, ttlMs);
    return answer === 'OK';
  }

  async get(key: string): Promise<string | undefined> {
    const answer = await this.attempt(() => this.client.get(key));
    if (answer === undefined) return this.memory.get(key);
    return answer ?? undefined;
  }

  async take(key: string): Promise<string | undefined> {
    const answer = await this.attempt(() => this.client.getdel(key));
    if (answer === undefined) return this.memory.take(key);
    return answer ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if ((await this.attempt(() => this.client.set(key, value, 'PX', ttlMs))) === undefined) {
      await this.memory.set(key, value, ttlMs);
    }
  }

  async deleteIf(key: string, expected: string): Promise<void> {
    if ((await this.attempt(() => this.client.mfaDeleteIf(key, expected))) === undefined) {
      await this.memory.deleteIf(key, expected);
    }
  }

  async deleteAll(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    if ((await this.attempt(() => this.client.del(...keys))) === undefined) {
      await this.memory.deleteAll(keys);
    }
  }

  /** The command's answer, or undefined when Redis is (or just went) away and memory must answer. */
  private async attempt<T>(command: () => Promise<T>): Promise<T | undefined> {
    if (this.closed) return undefined;
    if (!this.up) {
      if (this.client.status !== 'ready' || Date.now() < this.nextProbeAt) return undefined;
      this.nextProbeAt = Date.now() + PROBE_INTERVAL_MS;
    }
    try {
      const answer = await command();
      if (!this.up) this.transition(true);
      return answer;
    } catch (error) {
      this.transition(false, error as Error);
      return undefined;
    }
  }

  private transition(up: boolean, error?: NodeJS.ErrnoException): void {
    if (this.closed || (up === this.up && this.everReported)) return;
    const first = !this.everReported;
    this.up = up;
    this.everReported = true;
    this.options.onDegraded?.(!up);
    if (up && first) {
      this.logger.log('Redis connected: rate limits and idempotency records are shared');
    } else if (up) {
      this.logger.warn(
        'Redis reachable again: rate limits and idempotency records are shared again',
      );
    } else {
      // Only the error's code or message: the URL may carry a password.
      const reason = error?.code ?? error?.message;
      this.logger.error(
        `Redis unreachable${reason ? ` (${reason})` : ''}: falling back to per-instance memory for rate limits and idempotency records until it is back`,
      );
    }
  }
}
