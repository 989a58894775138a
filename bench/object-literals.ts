/**
 * What one object literal costs on this Node, by how it is written: the reason for the
 * `no-restricted-syntax` rule on `src/` in eslint.config.mjs. Node 20's V8 takes a slow path for a
 * literal that starts with a spread and goes on (`{ ...a, b }`, `{ ...a, ...b }`); the same object
 * built with its named properties first, or with `Object.assign`, does not.
 *
 * `npm run prebench && node dist-bench/object-literals.js`: nanoseconds of CPU per literal, and how many
 * mark-compacts each shape caused (the slow path also leaves old-space garbage).
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';

const ITERATIONS = 500_000;
const WARMUP = 50_000;

const answer = { challenge_type: 'oob', oob_code: 'Fe26.2**bench', binding_method: 'prompt' };
const hints = {
  expires_at: '2026-12-02T00:05:00.000Z',
  resend_available_at: '2026-12-02T00:00:30.000Z',
};

/** Each shape builds the same object (the keys in a different order where the spread moves). */
const SHAPES: Record<string, (i: number) => object> = {
  '{ ...a, b }': (i) => ({ ...answer, n: i }),
  '{ ...a, ...b }': () => ({ ...answer, ...hints }),
  '{ b, ...a }': (i) => ({ n: i, ...answer }),
  'Object.assign({}, a, { b })': (i) => Object.assign({}, answer, { n: i }),
  'Object.assign({}, a, b)': () => Object.assign({}, answer, hints),
};

let majorGcs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const detail = (entry as { detail?: { kind?: number } }).detail;
    if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++;
  }
});
observer.observe({ entryTypes: ['gc'] });

/** Keeps each result reachable for a moment, as a request's objects are, so none is optimized away. */
const kept: object[] = new Array<object>(64);

/** CPU nanoseconds per literal. */
function measure(build: (i: number) => object): number {
  const before = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) kept[i & 63] = build(i);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / ITERATIONS;
}

/** The gc observer's entries arrive on a later turn of the event loop. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}

async function main(): Promise<void> {
  process.stdout.write(`Node ${process.version}, V8 ${process.versions.v8}\n`);
  for (const [shape, build] of Object.entries(SHAPES)) {
    for (let i = 0; i < WARMUP; i++) kept[i & 63] = build(i);
    await settle();
    const gcsBefore = majorGcs;
    const ns = measure(build);
    await settle();
    process.stdout.write(
      `  ${shape.padEnd(30)} ${ns.toFixed(0).padStart(6)} ns  ${majorGcs - gcsBefore} mark-compacts\n`,
    );
  }
  observer.disconnect();
}

void main();
