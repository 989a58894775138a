import { ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { request } from 'node:http';
import { createServer, AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRODUCTION_NODE_FLAGS } from './start-flags';

/** The repository root (dist-bench/ sits next to dist/). */
export const ROOT = resolve(__dirname, '..');
/** Where `snapshotGateway` copies the build; node_modules still resolves from the repository root. */
const SNAPSHOT_DIR = join(ROOT, 'dist-bench', 'gateway');
/** Override to measure an experimental build (a patched copy of dist/) against the same baseline. */
export const GATEWAY_MAIN = process.env.BENCH_GATEWAY_MAIN ?? join(SNAPSHOT_DIR, 'main.js');

/**
 * Copies dist/ aside before anything starts: other people's `npm run build` empties dist/ while a run
 * may still be spawning gateways (cold start), which would fail it or measure a half-written build.
 */
export function snapshotGateway(): void {
  const source = process.env.BENCH_GATEWAY_MAIN ? GATEWAY_MAIN : join(ROOT, 'dist', 'main.js');
  if (!existsSync(source)) throw new Error(`${source} is missing: run npm run build`);
  if (process.env.BENCH_GATEWAY_MAIN) return;
  rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
  cpSync(join(ROOT, 'dist'), SNAPSHOT_DIR, { recursive: true });
}
export const BENCH_CLIENT_ID = 'bench-client';
export const BENCH_CLIENT_SECRET = 'bench-client-secret-0b5e7f1d9c';

/** An empty working directory, so that a developer's `.env` cannot change what is measured. */
const CHILD_CWD = mkdtempSync(join(tmpdir(), 'mfa-gateway-bench-'));

/** Removes the children's working directory (their logs) once the run is over. */
export function removeChildFiles(): void {
  rmSync(CHILD_CWD, { recursive: true, force: true });
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const READY_POLL_MS = 5;

export interface Child {
  process: ChildProcess;
  stderr: () => string;
}

function track(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Keep the tail only: a crash's stack is what matters.
    text = (text + chunk.toString('utf8')).slice(-8000);
  });
  return () => text;
}

/** Starts a bench helper (stub or baseline) and waits for the one JSON line it prints when listening. */
export async function startHelper<T>(
  script: string,
  env: Record<string, string>,
): Promise<{ child: Child; info: T }> {
  const proc = spawn(process.execPath, [join(__dirname, script)], {
    cwd: CHILD_CWD,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = track(proc);
  const lines = createInterface({ input: proc.stdout });
  const info = await new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start: ${stderr()}`)),
      START_TIMEOUT_MS,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolvePromise(JSON.parse(line) as T);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}): ${stderr()}`));
    });
  });
  return { child: { process: proc, stderr }, info };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePromise(port));
    });
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolvePromise) => {
    const req = request(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolvePromise(res.statusCode ?? 0);
    });
    req.once('error', () => resolvePromise(0));
    req.once('timeout', () => req.destroy());
    req.end();
  });
}

export interface Gateway extends Child {
  url: string;
  /** From spawn to the first `200` of `/health/ready`. */
  readyMs: number;
  logPath: string;
  /** Where the V8 CPU profile is written at exit, when one was asked for. */
  profilePath?: string;
}

/** What the gateways of a run use unless a scenario says otherwise: BENCH_NODE_FLAGS=none for none. */
const DEFAULT_NODE_FLAGS =
  process.env.BENCH_NODE_FLAGS === undefined
    ? PRODUCTION_NODE_FLAGS
    : process.env.BENCH_NODE_FLAGS.split(/\s+/).filter((flag) => flag.startsWith('--'));

export interface GatewayOptions {
  upstreamUrl: string;
  env: Record<string, string>;
  label: string;
  /** Node's flags instead of `npm start`'s. */
  nodeFlags?: string[];
  /** Write a V8 CPU profile into this directory when the process exits. */
  cpuProfDir?: string;
  /** Another build's `main.js` (BENCH_COMPARE) instead of the one under test. */
  main?: string;
}

/** How every gateway of the bench runs, besides its port, the stub's address and the run's own env. */
export const GATEWAY_BASE_ENV = { NODE_ENV: 'production', LOG_LEVEL: 'info' } as const;

/** `node dist/main.js` in production mode against the stub; its log lines go to a file. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const port = await freePort();
  const logPath = join(CHILD_CWD, `${options.label}.log`);
  const logFd = openSync(logPath, 'w');
  const args = options.cpuProfDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${options.cpuProfDir}`,
        `--cpu-prof-name=${options.label}.cpuprofile`,
      ]
    : [];
  const started = performance.now();
  const nodeFlags = options.nodeFlags ?? DEFAULT_NODE_FLAGS;
  const proc = spawn(process.execPath, [...nodeFlags, ...args, options.main ?? GATEWAY_MAIN], {
    cwd: CHILD_CWD,
    env: {
      PATH: process.env.PATH ?? '',
      ...GATEWAY_BASE_ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH0_DOMAIN: 'bench.example.com',
      AUTH0_BASE_URL: options.upstreamUrl,
      AUTH0_CLIENT_ID: BENCH_CLIENT_ID,
      AUTH0_CLIENT_SECRET: BENCH_CLIENT_SECRET,
      ...options.env,
    },
    stdio: ['ignore', logFd, 'pipe'],
  });
  closeSync(logFd);
  const stderr = track(proc);
  let exited: number | null | undefined;
  proc.once('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`gateway exited (${exited}) before ready: ${stderr()}${tail(logPath)}`);
    }
    if ((await getStatus(`${url}/health/ready`)) === 200) {
      const profilePath = options.cpuProfDir
        ? join(options.cpuProfDir, `${options.label}.cpuprofile`)
        : undefined;
      return {
        process: proc,
        stderr,
        url,
        readyMs: performance.now() - started,
        logPath,
        profilePath,
      };
    }
    await sleep(READY_POLL_MS);
  }
  proc.kill('SIGKILL');
  throw new Error(`gateway not ready within ${START_TIMEOUT_MS} ms: ${stderr()}${tail(logPath)}`);
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

/** SIGTERM (the gateway's orderly stop, which also writes a CPU profile), SIGKILL if it hangs. */
export async function stop(child: Child): Promise<number | null> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Resident set size of a process, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  return statusMiB(pid, 'VmRSS');
}

/** The process's peak resident set so far (`VmHWM`). */
export function peakRssMiB(pid: number): number {
  return statusMiB(pid, 'VmHWM');
}

function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1];
  if (!kb) throw new Error(`no ${field} for ${pid}`);
  return Number(kb) / 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
