import { Logger } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The page's own files: web/index.html and web/demo.css, copied to dist/demo/web by `nest build`. */
const PAGE_DIR = join(__dirname, 'web');

/**
 * Where `npm run build` put the page's compiled modules, first match wins: beside this file when the
 * gateway runs from dist/, the checkout's dist/ when it runs from src/ (the tests). Never the TypeScript
 * source: the gateway serves only what the build compiled.
 */
const SCRIPT_DIRS = [
  join(__dirname, 'public'),
  join(__dirname, '..', '..', 'dist', 'demo', 'public'),
];

/** What lies between these markers exists only with the emulator (its inbox, its demo user). */
const EMULATOR_ONLY = /<!-- emulator-only -->[\s\S]*?<!-- \/emulator-only -->/g;

async function loadModules(): Promise<Map<string, string>> {
  for (const dir of SCRIPT_DIRS) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.mjs'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const files = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
    return new Map(names.map((name, i) => [name, files[i]]));
  }
  return new Map();
}

/** The page, its stylesheet and its script modules, read once at start-up and served from memory. */
export class DemoAssets {
  private static readonly logger = new Logger('DemoPage');

  constructor(
    readonly html: string,
    readonly css: string,
    /** By file name (`app.mjs` …); empty when the build has not produced them, and the page says so. */
    readonly modules: ReadonlyMap<string, string>,
  ) {}

  static async load(options: { inbox: boolean }): Promise<DemoAssets> {
    const [page, css, modules] = await Promise.all([
      readFile(join(PAGE_DIR, 'index.html'), 'utf8'),
      readFile(join(PAGE_DIR, 'demo.css'), 'utf8'),
      loadModules(),
    ]);
    if (!modules.has('app.mjs')) {
      DemoAssets.logger.warn('the demo page script is missing: run `npm run build`');
    }
    const html = options.inbox
      ? page
      : page.replace(EMULATOR_ONLY, '').replace('data-inbox="on"', 'data-inbox="off"');
    return new DemoAssets(html, css, modules);
  }
}
