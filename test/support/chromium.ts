import { describe } from '@jest/globals';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser (.ci/run installs it with apt when missing). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * `describe` where Chromium is; outside CI a machine without it skips the suite and says so, under CI
 * the suite runs and fails.
 */
export function describeWithChromium(what: string): typeof describe {
  if (existsSync(CHROMIUM) || process.env.CI) return describe;
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: ${what} needs Chromium at ${CHROMIUM} (apt install chromium)`);
  return describe.skip as typeof describe;
}

/** Headless, with the flags a closed network needs. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} did not start: ${String(error)}`, { cause: error });
  }
}
