import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node and V8 flags `npm start` runs the gateway with (package.json; docs/operations.md says why).
 * The bench measures the gateway with them and the tests that spawn it start it with them, so neither
 * can drift from what production runs.
 */
export const PRODUCTION_NODE_FLAGS: string[] = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));
