import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { MemorySharedState } from './memory-shared-state';
import { Clock } from '../../config/clock';
import {
  Admission,
  AdmissionResult,
  CountedEvent,
  CountResult,
  Lease,
  Settlement,
  SettlementResult,
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
const WINDOW_FUNCTION = `
local function addTo(key, counter, current, oldest, ttl)
  if counter ~= '' then
    redis.call('HINCRBY', key, current .. ':' .. counter, 1)
    redis.call('PEXPIRE', key, ttl)
  end
  local flat = redis.call('HGETALL', key)
  local totals = {}
  for j = 1, #flat, 2 do
    local slot, name = string.match(flat[j], '^(%-?%d+):(.*)$')
    if tonumber(slot) < tonumber(oldest) then
      redis.call('HDEL', key, flat[j])
    else
      totals[name] = (totals[name] or 0) + tonumber(flat[j + 1])
    end
  end
  return totals
end`;
const ADD_TO_WINDOWS = `${WINDOW_FUNCTION}
local out = {}
for i, key in ipairs(KEYS) do
  local answer = {}
  for name, n in pairs(addTo(key, ARGV[1], ARGV[2], ARGV[3], ARGV[4])) do
    table.insert(answer, name)
    table.insert(answer, n)
  end
  out[i] = answer
end
return out`;
// One request's admission (SharedState.admit): its own limits, an existing idempotency record, a live
// suspension, the feature's limits — then everything counted and the claim put, or nothing but its own.
const ADMIT = `
local nA, nE, nL = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local hasClaim, now = ARGV[4] == '1', tonumber(ARGV[5])
local function over(i)
  if tonumber(redis.call('GET', KEYS[i]) or '0') + 1 > tonumber(ARGV[6 + 2 * i]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = tonumber(ARGV[7 + 2 * i]) end
    return ttl
  end
end
local function count(last)
  for i = 1, last do
    redis.call('INCR', KEYS[i])
    if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[7 + 2 * i]) end
  end
end
for i = 1, nA do
  local ttl = over(i)
  if ttl then return {'refused', i, ttl} end
end
local registry = nA + nE + 1
local claimKey = nA + nE + (nL > 0 and 2 or 1)
if hasClaim then
  local existing = redis.call('GET', KEYS[claimKey])
  if existing then count(nA) return {'claimed', existing} end
end
local base = 7 + 2 * (nA + nE)
for j = 1, nL do
  local held = redis.call('HGET', KEYS[registry], ARGV[base + j])
  if held and tonumber(string.match(held, '^(%d+)|')) > now then
    count(nA)
    return {'leased', ARGV[base + j], held}
  end
end
for i = nA + 1, nA + nE do
  local ttl = over(i)
  if ttl then count(nA) return {'refused', i, ttl} end
end
count(nA + nE)
if hasClaim then redis.call('SET', KEYS[claimKey], ARGV[6], 'PX', ARGV[7], 'NX') end
return {'admitted'}`;
// Counts without refusing: the limits of a request that ended before its admission.
const COUNT_FORCED = `
for i, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[i]) end
end
return 0`;
// A code to a new destination (SendRecord): a "sent" in each window, the pending record, and a lease for
// each window over the threshold, its value given the window's counts. Answers the ids granted.
const SEND = `${WINDOW_FUNCTION}
local n = tonumber(ARGV[1])
local current, oldest, ttl = ARGV[2], ARGV[3], ARGV[4]
local minSends, minPercent, now = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
redis.call('SET', KEYS[n + 1], ARGV[5], 'PX', ARGV[6])
local granted = {}
for i = 1, n do
  local totals = addTo(KEYS[i], 'sent', current, oldest, ttl)
  local sent, confirmed = totals['sent'] or 0, totals['confirmed'] or 0
  if sent >= minSends and confirmed * 100 < minPercent * sent then
    local id, untilMs, value = ARGV[7 + 3 * i], ARGV[8 + 3 * i], ARGV[9 + 3 * i]
    local held = redis.call('HGET', KEYS[n + 2], id)
    if not (held and tonumber(string.match(held, '^(%d+)|')) > now) then
      value = string.sub(value, 1, -2) .. ',"sent":' .. sent .. ',"confirmed":' .. confirmed .. '}'
      redis.call('HSET', KEYS[n + 2], id, untilMs .. '|' .. value)
      local left = tonumber(untilMs) - now
      if redis.call('PTTL', KEYS[n + 2]) < left then redis.call('PEXPIRE', KEYS[n + 2], left) end
      table.insert(granted, id)
    end
  end
end
return granted`;
// A confirmed enrollment: its pending record taken, a "confirmed" in the windows it names. Those keys
// are stored without the key prefix, which a script does not get from ioredis: it comes as ARGV[1].
const CONFIRM = `${WINDOW_FUNCTION}
local pending = redis.call('GETDEL', KEYS[1])
if not pending then return 0 end
for _, key in ipairs(cjson.decode(pending)) do
  addTo(ARGV[1] .. key, 'confirmed', ARGV[2], ARGV[3], ARGV[4])
end
return 1`;
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
  mfaAdmit(...keysThenArgs: (string | number)[]): Promise<(string | number)[]>;
  mfaUncountAll(...countThenKeys: (string | number)[]): Promise<number>;
  mfaAddToWindows(...keysThenArgs: (string | number)[]): Promise<(string | number)[][]>;
  mfaGrantLease(registry: string, ...args: (string | number)[]): Promise<number>;
  mfaRevokeLease(registry: string, id: string): Promise<string | null>;
  mfaDeleteIf(key: string, expected: string): Promise<number>;
}

/** Scripts only ever sent in a pipeline (`settle`). */
type PipelinedScript = 'mfaCountForced' | 'mfaSend' | 'mfaConfirm';

/** Defined with a variable number of keys: the first argument of each call says how many. */
const SCRIPTS: Record<keyof Scripts | PipelinedScript, { lua: string; numberOfKeys?: number }> = {
  mfaCountAll: { lua: COUNT_ALL },
  mfaAdmit: { lua: ADMIT },
  mfaCountForced: { lua: COUNT_FORCED },
  mfaSend: { lua: SEND },
  mfaConfirm: { lua: CONFIRM, numberOfKeys: 1 },
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

  async admit(admission: Admission): Promise<AdmissionResult> {
    const { always, events, leases, claim } = admission;
    const counted = [...always, ...events];
    const leaseIds = leases?.ids ?? [];
    const keys = [
      ...counted.map(({ key }) => key),
      ...(leaseIds.length > 0 && leases ? [leases.registry] : []),
      ...(claim ? [claim.key] : []),
    ];
    const args = [
      always.length,
      events.length,
      leaseIds.length,
      claim ? 1 : 0,
      this.options.clock.now(),
      claim?.value ?? '',
      claim?.ttlMs ?? 0,
      ...counted.flatMap(({ limit, windowSeconds }) => [limit, windowSeconds * 1000]),
      ...leaseIds,
    ];
    const answer = await this.attempt(() => this.client.mfaAdmit(keys.length, ...keys, ...args));
    if (!answer) return this.memory.admit(admission);
    const [outcome, first, second] = answer;
    switch (outcome) {
      case 'refused':
        return {
          outcome,
          refused: Number(first) - 1,
          retryAfterSeconds: Math.max(1, Math.ceil(Number(second) / 1000)),
        };
      case 'claimed':
        return { outcome, value: String(first) };
      case 'leased':
        return { outcome, lease: leaseOf(String(first), String(second)) as Lease };
      default:
        return { outcome: 'admitted' };
    }
  }

  /** One pipeline: every settlement of the request in one round trip. */
  async settle(settlements: readonly Settlement[]): Promise<SettlementResult[]> {
    if (settlements.length === 0) return [];
    const answer = await this.attempt(async () => {
      const pipeline = this.client.pipeline() as unknown as Record<
        string,
        (...args: (string | number)[]) => unknown
      > & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const settlement of settlements) this.queue(pipeline, settlement);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
      return results.map(([, result]) => result);
    });
    if (!answer) return this.memory.settle(settlements);
    return settlements.map((settlement, i) =>
      settlement.op === 'send' ? (answer[i] as string[]) : undefined,
    );
  }

  private queue(
    pipeline: Record<string, (...args: (string | number)[]) => unknown>,
    settlement: Settlement,
  ): void {
    switch (settlement.op) {
      case 'set':
        pipeline.set(settlement.key, settlement.value, 'PX', settlement.ttlMs);
        return;
      case 'deleteIf':
        pipeline.mfaDeleteIf(settlement.key, settlement.expected);
        return;
      case 'uncount':
        pipeline.mfaUncountAll(settlement.keys.length, ...settlement.keys);
        return;
      case 'count': {
        const { events } = settlement;
        pipeline.mfaCountForced(
          events.length,
          ...events.map(({ key }) => key),
          ...events.map(({ windowSeconds }) => windowSeconds * 1000),
        );
        return;
      }
      case 'send': {
        const { record } = settlement;
        const now = this.options.clock.now();
        const { current, oldest } = slotsOf(now, record.shape);
        pipeline.mfaSend(
          record.windows.length + 2,
          ...record.windows,
          record.pending.key,
          record.registry,
          record.windows.length,
          current,
          oldest,
          record.shape.windowMs + record.shape.slotMs,
          JSON.stringify(record.windows),
          record.pending.ttlMs,
          record.minSends,
          record.minConfirmationPercent,
          now,
          ...record.candidates.flatMap(({ id, untilMs, value }) => [id, untilMs, value]),
        );
        return;
      }
      case 'confirm': {
        const { current, oldest } = slotsOf(this.options.clock.now(), settlement.shape);
        pipeline.mfaConfirm(
          settlement.key,
          this.options.keyPrefix,
          current,
          oldest,
          settlement.shape.windowMs + settlement.shape.slotMs,
        );
        return;
      }
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
