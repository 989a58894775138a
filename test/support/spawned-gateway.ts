import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../bench/start-flags';

const ROOT = join(__dirname, '..', '..');
// `npm start` runs the built app; `npm test` builds first (pretest), so dist/ is what an operator runs.
const MAIN = join(ROOT, 'dist', 'main.js');

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Signals the app; under a pseudo-terminal the app itself too, not only `script` around it. */
  kill: (signal: NodeJS.Signals) => void;
}

/** Throws unless the build the tests spawn is there. */
export function requireBuild(): void {
  if (!existsSync(MAIN))
    throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
}

/**
 * Runs the app as `npm start` does, with its flags: a V8 flag a later Node drops fails these tests, not
 * an operator's start. `terminal` runs it under a pseudo-terminal (util-linux `script`).
 */
export function startProcess(env: Record<string, string>, terminal = false): Started {
  let output = '';
  const [command, args] = terminal
    ? [
        'script',
        [
          '-qfec',
          `"${process.execPath}" ${PRODUCTION_NODE_FLAGS.join(' ')} "${MAIN}"`,
          '/dev/null',
        ],
      ]
    : [process.execPath, [...PRODUCTION_NODE_FLAGS, MAIN]];
  const child = spawn(command, args, {
    // Only what a fresh shell has: no AUTH0_* or other configuration leaks in from this process.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    cwd: ROOT,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const kill = (signal: NodeJS.Signals): void => {
    // `script` runs the app (under a shell) in a session of its own: `script` alone would reach it only
    // as the terminal's hangup, once `script` is gone. The app is signalled itself, so it stops at once.
    if (terminal && child.pid !== undefined)
      for (const pid of descendantsOf(child.pid)) signalProcess(pid, signal);
    child.kill(signal);
  };
  return { child, output: () => output, exited, kill };
}

/** A process's children, theirs, and so on (Linux's /proc). */
function descendantsOf(pid: number): number[] {
  const children = childrenOf(pid);
  return [...children, ...children.flatMap(descendantsOf)];
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // Already gone: what was asked for.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
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
