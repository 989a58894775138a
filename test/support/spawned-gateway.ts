import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// `npm start` runs the built app; `npm test` builds first (pretest), so dist/ is what an operator runs.
const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Throws unless the build the tests spawn is there. */
export function requireBuild(): void {
  if (!existsSync(MAIN))
    throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
}

/** Runs the app as `npm start` does; `terminal` runs it under a pseudo-terminal (util-linux `script`). */
export function startProcess(env: Record<string, string>, terminal = false): Started {
  let output = '';
  const [command, args] = terminal
    ? ['script', ['-qfec', `"${process.execPath}" "${MAIN}"`, '/dev/null']]
    : [process.execPath, [MAIN]];
  const child = spawn(command, args, {
    // Only what a fresh shell has: no AUTH0_* or other configuration leaks in from this process.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    cwd: join(__dirname, '..', '..'),
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitFor(
  started: Started,
  pattern: RegExp,
  ms = 15_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = pattern.exec(started.output());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${String(pattern)}; output:\n${started.output()}`);
}
