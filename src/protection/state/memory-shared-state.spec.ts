import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../test/support/manual-clock';
import { sharedStateContract } from '../../../test/support/shared-state-contract';
import { MemorySharedState } from './memory-shared-state';

const entriesOf = (state: MemorySharedState) =>
  (state as unknown as { entries: Map<string, unknown> }).entries;

describe('MemorySharedState', () => {
  sharedStateContract(() => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    return Promise.resolve({
      state,
      clock,
      holds: (key: string) => Promise.resolve(entriesOf(state).has(key)),
    });
  });

  it('dates fixed windows by its clock: a window that has passed starts over', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    const event = { key: 'k', limit: 1, windowSeconds: 60 };
    expect(await state.countAll([event])).toEqual({ allowed: true });
    clock.advance(30);
    expect(await state.countAll([event])).toEqual({
      allowed: false,
      refused: 0,
      retryAfterSeconds: 30,
    });
    clock.advance(30);
    expect(await state.countAll([event])).toEqual({ allowed: true });
  });

  describe('when full', () => {
    const MAX = 1000;
    const flood = async (state: MemorySharedState, n: number) => {
      for (let i = 0; i < n; i++) {
        expect(await state.countAll([{ key: `new-${i}`, limit: 60, windowSeconds: 60 }])).toEqual({
          allowed: true,
        });
      }
    };

    it('stays within its bound and still admits every new identity', async () => {
      const state = new MemorySharedState(new ManualClock(), MAX);
      await flood(state, 5 * MAX);
      expect(state.size).toBeLessThanOrEqual(MAX);
    });

    it('keeps the counters that matter: a flood cannot reset a limit near its end', async () => {
      const state = new MemorySharedState(new ManualClock(), MAX);
      const guessed = { key: 'password:victim', limit: 10, windowSeconds: 60 };
      for (let i = 0; i < 9; i++) await state.countAll([guessed]);
      await state.grantLease('fg:suspensions', {
        id: 'x',
        untilMs: Date.now() + 60_000,
        value: '',
      });
      await state.set('idem:record', 'sealed', 60_000);
      await flood(state, 5 * MAX);
      // Still at 9 of 10: one more, then refused.
      expect(await state.countAll([guessed])).toEqual({ allowed: true });
      expect(await state.countAll([guessed])).toMatchObject({ allowed: false });
      expect(await state.leases('fg:suspensions')).toHaveLength(1);
      expect(await state.get('idem:record')).toBe('sealed');
    });

    it('evicts what has expired before anything live', async () => {
      const clock = new ManualClock();
      const state = new MemorySharedState(clock, MAX);
      for (let i = 0; i < MAX; i++) await state.set(`short-${i}`, 'x', 1000);
      clock.advance(2);
      await state.set('fresh', 'x', 60_000);
      for (let i = 0; i < MAX / 2; i++) await state.set(`live-${i}`, 'x', 60_000);
      expect(await state.get('fresh')).toBe('x');
      expect(await state.get(`live-${MAX / 2 - 1}`)).toBe('x');
    });
  });

  it('forgets expired entries it is never asked about again', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    for (let i = 0; i < 1000; i++) await state.set(`gone-${i}`, 'x', 500);
    clock.advance(2);
    await state.get('anything');
    expect(entriesOf(state).size).toBe(0);
  });
});
