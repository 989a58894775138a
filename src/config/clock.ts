import { setTimeout as delay } from 'node:timers/promises';

/**
 * The gateway's "now", in epoch milliseconds. Everything that decides by time — rate-limit windows in
 * memory, the fraud guard's sliding windows and suspensions, the pace of push polls — reads it from here, so tests move time
 * forward instead of waiting. Provided with the configuration (config.module.ts).
 */
export abstract class Clock {
  abstract now(): number;

  /** Resolves after `ms` on this clock, or at once when `signal` aborts (never rejects). */
  abstract sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return delay(ms, undefined, { signal }).catch(() => undefined);
  }
}
