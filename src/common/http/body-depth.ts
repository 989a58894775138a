/**
 * No body of the API nests deeper than two levels, while class-transformer recurses once per level: a
 * 16 KiB body of `[[[[…` overflowed the stack and answered 500. The validation pipe refuses deeper ones
 * before class-transformer sees them.
 */
export const MAX_BODY_DEPTH = 16;

/** Iterative, so that the check itself cannot overflow on the bodies it exists to refuse. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.node === null || typeof item.node !== 'object') continue;
    if (item.depth >= limit) return true;
    for (const child of Object.values(item.node))
      pending.push({ node: child, depth: item.depth + 1 });
  }
  return false;
}
