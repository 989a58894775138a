import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_CSS, demoHtml } from './demo-page';

/** Where the page's script is looked for, first match wins. */
export interface ScriptCandidate {
  path: string;
  /** `source`: TypeScript, transpiled at start-up; `built`: the output of `npm run build`. */
  kind: 'source' | 'built';
}

/**
 * Running from src/ (ts-jest, ts-node) the source sits beside this file and is always the freshest;
 * from dist/ the build put the compiled script in `public/`; and a dist/ built by `nest build` alone
 * (`npm run start:dev`) still finds the checkout's source two levels up.
 */
export function scriptCandidates(dir: string = __dirname): ScriptCandidate[] {
  return [
    { path: join(dir, 'web', 'app.mts'), kind: 'source' },
    { path: join(dir, 'public', 'app.mjs'), kind: 'built' },
    { path: join(dir, '..', '..', 'src', 'demo', 'web', 'app.mts'), kind: 'source' },
  ];
}

async function transpile(source: string): Promise<string | undefined> {
  try {
    // A development dependency: present wherever the TypeScript source is.
    const ts = await import('typescript');
    return ts.transpileModule(source, {
      fileName: 'app.mts',
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ES2022,
        removeComments: true,
      },
    }).outputText;
  } catch {
    return undefined;
  }
}

export async function loadDemoScript(
  candidates: ScriptCandidate[] = scriptCandidates(),
): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (!existsSync(candidate.path)) continue;
    const text = await readFile(candidate.path, 'utf8');
    const script = candidate.kind === 'built' ? text : await transpile(text);
    if (script) return script;
  }
  return undefined;
}

/** The page, its stylesheet and its script, prepared once at start-up and served from memory. */
export class DemoAssets {
  private static readonly logger = new Logger('DemoPage');

  constructor(
    readonly html: string,
    readonly css: string,
    /** Undefined when the script was neither built nor found as source; the page then says so. */
    readonly script: string | undefined,
  ) {}

  static async load(options: { inbox: boolean }): Promise<DemoAssets> {
    const script = await loadDemoScript();
    if (!script) {
      DemoAssets.logger.warn('the demo page script is missing: run `npm run build`');
    }
    return new DemoAssets(demoHtml(options), DEMO_CSS, script);
  }
}
