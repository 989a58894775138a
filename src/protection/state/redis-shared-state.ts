import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { MemorySharedState } from './memory-shared-state';
import { HitResult, SharedState, SharedStateHealth } from './shared-state';

export interface RedisSharedStateOptions {
  url: string;
  /** Prepended to every key, so several gateways (or test runs) can share one Redis. */
  keyPrefix: string;
  /** A command that takes longer fails over to memory: an outage never stalls a request for long. */
  commandTimeoutMs: number;
  /** Called on every transition between Redis and the in-memory fallback. */
  onDegraded?: (degraded: boolean) => void;
}

// Fixed window: the first event of a window sets its expiry; later ones only count.
const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;
// Never creates a key (a plain DECR on an expired key would leave -1 without expiry).
const UNHIT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0`;
const DELETE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** How often a connection whose commands timed out is tried again. */
const PROBE_INTERVAL_MS = 1000;

interface Scripts {
  mfaHit(key: string, windowMs: number): Promise<[number, number]>;
  mfaUnhit(key: string): Promise<number>;
  mfaDeleteIf(key: string, expected: string): Promise<number>;
}

/**
 * Redis-backed state shared by every instance. While Redis cannot be reached, each operation falls back to
 * this instance's memory (fail open to per-instance limits: an MFA gateway that refuses every sign-in
 * because a cache is down would be the bigger outage), says so once in the log, in readiness and in metrics,
 * and returns to Redis as soon as ioredis has reconnected.
 */
export class RedisSharedState extends SharedState {
  private readonly logger = new Logger('SharedState');
  private readonly memory = new MemorySharedState();
  private readonly client: Redis & Scripts;
  private up = false;
  private everReported = false;
  /** While down on a live connection (commands timed out), when to try Redis again. */
  private nextProbeAt = 0;
  private closed = false;

  constructor(private readonly options: RedisSharedStateOptions) {
    super();
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
    client.defineCommand('mfaHit', { numberOfKeys: 1, lua: HIT });
    client.defineCommand('mfaUnhit', { numberOfKeys: 1, lua: UNHIT });
    client.defineCommand('mfaDeleteIf', { numberOfKeys: 1, lua: DELETE_IF });
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

  async hit(key: string, limit: number, windowSeconds: number): Promise<HitResult> {
    const answer = await this.attempt(() => this.client.mfaHit(key, windowSeconds * 1000));
    if (!answer) return this.memory.hit(key, limit, windowSeconds);
    const [count, ttlMs] = answer;
    return {
      allowed: count <= limit,
      count,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  }

  async unhit(key: string): Promise<void> {
    if ((await this.attempt(() => this.client.mfaUnhit(key))) === undefined) {
      await this.memory.unhit(key);
    }
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
