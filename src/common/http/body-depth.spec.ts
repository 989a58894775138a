import { MAX_BODY_DEPTH, nestedDeeperThan } from './body-depth';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('body depth', () => {
  it('measures nesting without recursion, even thousands of levels deep', () => {
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: {} }] }, 3)).toBe(true);
    expect(nestedDeeperThan(JSON.parse(nested(100_000)), MAX_BODY_DEPTH)).toBe(true);
    expect(
      nestedDeeperThan(JSON.parse(`{"a":${nested(MAX_BODY_DEPTH - 1)}}`), MAX_BODY_DEPTH),
    ).toBe(false);
    expect(nestedDeeperThan('text', 0)).toBe(false);
  });
});
