import { expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SharedState } from '../../src/protection/state/shared-state';
import { ManualClock } from './manual-clock';

/** A store under test, built on a clock the test moves, and how to find out which keys it holds. */
export interface StoreUnderTest {
  state: SharedState;
  clock: ManualClock;
  /** Whether the backend still holds anything under `key` (expired or not yet collected counts). */
  holds(key: string): Promise<boolean>;
}

const HOUR_MS = 3_600_000;
const shape = { windowMs: HOUR_MS, slotMs: HOUR_MS / 60 };

/**
 * What every SharedState backend must do alike: the memory store and Redis run the same cases
 * (src/protection/state/memory-shared-state.spec.ts, test/safety/redis-shared-state.e2e-spec.ts).
 */
export function sharedStateContract(make: () => Promise<StoreUnderTest>): void {
  const fresh = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

  it('counts all events or none, and says which limit refused', async () => {
    const { state } = await make();
    const [a, b] = [fresh('a'), fresh('b')];
    const both = [
      { key: a, limit: 5, windowSeconds: 60 },
      { key: b, limit: 1, windowSeconds: 60 },
    ];
    expect(await state.countAll(both)).toEqual({ allowed: true });
    const refused = await state.countAll(both);
    expect(refused).toMatchObject({ allowed: false, refused: 1 });
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    // The refusal counted nothing: `a` still has four of its five.
    for (let i = 0; i < 4; i++) {
      expect(await state.countAll([{ key: a, limit: 5, windowSeconds: 60 }])).toEqual({
        allowed: true,
      });
    }
    expect(await state.countAll([{ key: a, limit: 5, windowSeconds: 60 }])).toMatchObject({
      allowed: false,
    });
  });

  it('leaves no key behind for a refused or refunded count', async () => {
    const { state, holds } = await make();
    const [full, untouched] = [fresh('full'), fresh('untouched')];
    await state.countAll([{ key: full, limit: 1, windowSeconds: 60 }]);
    await state.countAll([
      { key: untouched, limit: 1, windowSeconds: 60 },
      { key: full, limit: 1, windowSeconds: 60 },
    ]);
    expect(await holds(untouched)).toBe(false);
    await state.uncountAll([full]);
    expect(await holds(full)).toBe(false);
    // A refund of what was never counted creates nothing either.
    await state.uncountAll([untouched]);
    expect(await holds(untouched)).toBe(false);
  });

  it('sums a sliding window by counter, and lets old slots slide out', async () => {
    const { state, clock } = await make();
    const key = fresh('window');
    await state.addToWindows([key], 'sent', shape);
    clock.advance(1800);
    await state.addToWindows([key], 'sent', shape);
    const [totals] = await state.addToWindows([key], 'confirmed', shape);
    expect(totals).toEqual({ sent: 2, confirmed: 1 });
    clock.advance(1860);
    expect(await state.addToWindows([key], undefined, shape)).toEqual([{ sent: 1, confirmed: 1 }]);
    clock.advance(3600);
    expect(await state.addToWindows([key], undefined, shape)).toEqual([{}]);
  });

  it('grants a lease once while it holds, lists it, and ends it early or on time', async () => {
    const { state, clock } = await make();
    const registry = fresh('registry');
    const lease = { id: 'x', untilMs: clock.now() + 60_000, value: '{"a":1}' };
    expect(await state.grantLease(registry, lease)).toBe(true);
    expect(await state.grantLease(registry, { ...lease, value: 'other' })).toBe(false);
    expect(await state.leases(registry)).toEqual([lease]);
    expect(await state.leases(registry, ['y', 'x'])).toEqual([lease]);
    clock.advance(61);
    expect(await state.leases(registry)).toEqual([]);
    expect(await state.grantLease(registry, { ...lease, untilMs: clock.now() + 60_000 })).toBe(
      true,
    );
    expect(await state.revokeLease(registry, 'x')).toBe(true);
    expect(await state.revokeLease(registry, 'x')).toBe(false);
    expect(await state.leases(registry, ['x'])).toEqual([]);
  });

  it('claims a key once, releases only its holder, and hands a taken value to one caller', async () => {
    const { state } = await make();
    const claim = fresh('claim');
    expect(await state.putIfAbsent(claim, 'mine', 10_000)).toBe(true);
    expect(await state.putIfAbsent(claim, 'theirs', 10_000)).toBe(false);
    await state.deleteIf(claim, 'theirs');
    expect(await state.get(claim)).toBe('mine');
    await state.deleteIf(claim, 'mine');
    expect(await state.get(claim)).toBeUndefined();

    const pending = fresh('pending');
    await state.set(pending, 'value', 10_000);
    const taken = await Promise.all([state.take(pending), state.take(pending)]);
    expect(taken.sort()).toEqual(['value', undefined].sort());
  });

  it('admits a request in one step: its own limits always, the rest only when it goes ahead', async () => {
    const { state, clock } = await make();
    const own = { key: fresh('own'), limit: 10, windowSeconds: 60 };
    const feature = { key: fresh('feature'), limit: 1, windowSeconds: 60 };
    const claim = { key: fresh('claim'), value: 'pending', ttlMs: 10_000 };
    const registry = fresh('registry');
    const leases = { registry, ids: ['place'] };
    const admission = { always: [own], events: [feature], leases, claim };

    expect(await state.admit(admission)).toEqual({ outcome: 'admitted' });
    expect(await state.get(claim.key)).toBe('pending');
    // The same claim again: answered, and only the request's own limit counted.
    expect(await state.admit(admission)).toEqual({ outcome: 'claimed', value: 'pending' });
    // The feature's limit is spent: refused at its index, after the request's own.
    const refused = await state.admit({ ...admission, claim: undefined });
    expect(refused).toMatchObject({ outcome: 'refused', refused: 1 });
    // A live lease refuses before the feature's limits are looked at.
    const lease = { id: 'place', untilMs: clock.now() + 60_000, value: '{}' };
    await state.grantLease(registry, lease);
    expect(await state.admit({ ...admission, claim: undefined })).toEqual({
      outcome: 'leased',
      lease,
    });
    // Four requests so far, each counted once against its own limit: six left of ten.
    for (let i = 0; i < 6; i++) {
      expect(await state.countAll([own])).toEqual({ allowed: true });
    }
    const spent = await state.admit(admission);
    expect(spent).toMatchObject({ outcome: 'refused', refused: 0 });
  });

  it('settles a request in one step: records, refunds, sends and confirmations', async () => {
    const { state, clock, holds } = await make();
    const [record, claim, counter] = [fresh('record'), fresh('claim'), fresh('counter')];
    await state.putIfAbsent(claim, 'mine', 10_000);
    await state.countAll([{ key: counter, limit: 5, windowSeconds: 60 }]);
    const forced = { key: fresh('forced'), limit: 1, windowSeconds: 60 };
    await state.countAll([forced]);
    const [country, range] = [fresh('country'), fresh('range')];
    const registry = fresh('suspensions');
    const pending = fresh('pending');
    const send = (pendingKey: string) => ({
      op: 'send' as const,
      record: {
        windows: [country, range],
        shape,
        pending: { key: pendingKey, ttlMs: HOUR_MS },
        registry,
        minSends: 2,
        minConfirmationPercent: 50,
        candidates: [
          { id: 'country', untilMs: clock.now() + 60_000, value: '{"scope":"country"}' },
          { id: 'range', untilMs: clock.now() + 60_000, value: '{"scope":"number_range"}' },
        ],
      },
    });

    const results = await state.settle([
      { op: 'set', key: record, value: 'done', ttlMs: 10_000 },
      { op: 'deleteIf', key: claim, expected: 'mine' },
      { op: 'uncount', keys: [counter] },
      { op: 'count', events: [forced] },
      send(pending),
    ]);
    expect(results).toEqual([undefined, undefined, undefined, undefined, []]);
    expect(await state.get(record)).toBe('done');
    expect(await holds(claim)).toBe(false);
    expect(await holds(counter)).toBe(false);
    // Counted twice, once over its limit of one.
    expect(await state.countAll([{ ...forced, limit: 2 }])).toMatchObject({ allowed: false });

    // The first send is confirmed; then two unconfirmed: 1 of 3 is under 50 %, both places suspended.
    expect(await state.settle([{ op: 'confirm', key: pending, shape }])).toEqual([undefined]);
    expect(await state.settle([{ op: 'confirm', key: pending, shape }])).toEqual([undefined]);
    expect(await state.settle([send(fresh('p2'))])).toEqual([[]]);
    expect(await state.settle([send(fresh('p3'))])).toEqual([['country', 'range']]);
    const granted = await state.leases(registry);
    expect(granted.map(({ value }) => JSON.parse(value) as unknown)).toEqual([
      { scope: 'country', sent: 3, confirmed: 1 },
      { scope: 'number_range', sent: 3, confirmed: 1 },
    ]);
    // Held leases are not granted twice.
    expect(await state.settle([send(fresh('p4'))])).toEqual([[]]);
  });
}
