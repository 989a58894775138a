import { describe, expect, it } from '@jest/globals';
import { MemorySharedState } from './memory-shared-state';

describe('MemorySharedState', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('counts hits in a fixed window that starts at the first one, then starts over', async () => {
    const time = clock();
    const state = new MemorySharedState(time.now);
    expect(await state.hit('k', 2, 60)).toMatchObject({ allowed: true, count: 1, remaining: 1 });
    time.advance(30_000);
    expect(await state.hit('k', 2, 60)).toMatchObject({ allowed: true, count: 2 });
    expect(await state.hit('k', 2, 60)).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    time.advance(30_000);
    expect(await state.hit('k', 2, 60)).toMatchObject({ allowed: true, count: 1 });
  });

  it('gives a hit back without going below zero', async () => {
    const state = new MemorySharedState();
    await state.hit('k', 1, 60);
    await state.unhit('k');
    await state.unhit('k');
    expect(await state.hit('k', 1, 60)).toMatchObject({ allowed: true, count: 1 });
  });

  it('claims a key once, and releases it only for its holder', async () => {
    const time = clock();
    const state = new MemorySharedState(time.now);
    expect(await state.putIfAbsent('claim', 'mine', 1000)).toBe(true);
    expect(await state.putIfAbsent('claim', 'theirs', 1000)).toBe(false);
    await state.deleteIf('claim', 'theirs');
    expect(await state.get('claim')).toBe('mine');
    await state.deleteIf('claim', 'mine');
    expect(await state.putIfAbsent('claim', 'theirs', 1000)).toBe(true);
    time.advance(1000);
    expect(await state.get('claim')).toBeUndefined();
  });

  it('forgets expired entries it is never asked about again', async () => {
    const time = clock();
    const state = new MemorySharedState(time.now);
    for (let i = 0; i < 1000; i++) await state.set(`gone-${i}`, 'x', 500);
    time.advance(2000);
    await state.get('anything');
    const entries = (state as unknown as { entries: Map<string, unknown> }).entries;
    expect(entries.size).toBe(0);
  });
});
