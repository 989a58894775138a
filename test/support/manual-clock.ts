import { Clock } from '../../src/config/clock';

/**
 * The gateway's clock under a test's control: real time plus however far the test has moved it. A
 * sleeper wakes when the test moves the clock past its moment, never by itself.
 */
export class ManualClock extends Clock {
  private offsetMs = 0;
  private readonly sleepers = new Set<{ due: number; wake: () => void }>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
    for (const sleeper of this.sleepers) if (sleeper.due <= this.now()) sleeper.wake();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        due: this.now() + ms,
        wake: () => {
          this.sleepers.delete(sleeper);
          resolve();
        },
      };
      if (signal?.aborted) return resolve();
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.sleepers.add(sleeper);
    });
  }

  /** How many are asleep on this clock now. */
  get sleeping(): number {
    return this.sleepers.size;
  }

  /** Resolves once `count` are asleep: the test knows the gateway is waiting before it moves time. */
  async untilSleeping(count = 1): Promise<void> {
    while (this.sleepers.size < count) await new Promise((resolve) => setImmediate(resolve));
  }
}
