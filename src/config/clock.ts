/**
 * The gateway's "now", in epoch milliseconds. Everything that decides by time — rate-limit windows in
 * memory, the fraud guard's sliding windows and suspensions — reads it from here, so tests move time
 * forward instead of waiting. Provided with the configuration (config.module.ts).
 */
export abstract class Clock {
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
