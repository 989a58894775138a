import { Logger } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoHtml } from './demo-page';

/** The built script's place relative to dist/demo/ (src/demo/web/tsconfig.json's outDir). */
const BUILT_SCRIPT = join('public', 'app.mjs');

/**
 * Where `npm run build` put the page's script, first match wins. Running from dist/ it sits beside this
 * file; running from src/ (ts-jest) it is the checkout's dist/. Never the TypeScript source: the gateway
 * serves only what the build compiled, so production needs no compiler and no source tree.
 */
function scriptCandidates(dir: string = __dirname): string[] {
  return [join(dir, BUILT_SCRIPT), join(dir, '..', '..', 'dist', 'demo', BUILT_SCRIPT)];
}

async function loadDemoScript(
  candidates: string[] = scriptCandidates(),
): Promise<string | undefined> {
  for (const path of candidates) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return undefined;
}

/** The page and its script, prepared once at start-up and served from memory. */
export class DemoAssets {
  private static readonly logger = new Logger('DemoPage');

  constructor(
    readonly html: string,
    /** Undefined when the build has not produced the script; the page then says so. */
    readonly script: string | undefined,
  ) {}

  static async load(options: { inbox: boolean }): Promise<DemoAssets> {
    const script = await loadDemoScript();
    if (!script) {
      DemoAssets.logger.warn('the demo page script is missing: run `npm run build`');
    }
    return new DemoAssets(demoHtml(options), script);
  }
}
