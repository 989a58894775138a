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

  it('forgets expired entries it is never asked about again', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    for (let i = 0; i < 1000; i++) await state.set(`gone-${i}`, 'x', 500);
    clock.advance(2);
    await state.get('anything');
    expect(entriesOf(state).size).toBe(0);
  });
});
