import { Clock } from '../../src/config/clock';

/** The gateway's clock under a test's control: real time plus however far the test has moved it. */
export class ManualClock extends Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
