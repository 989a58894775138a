import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether something answers on a TCP port (the machine's Redis, or one a test started). */
export function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(false));
    socket.connect(port, host);
  });
}

/**
 * Redis tests run wherever Redis is; outside CI a machine without it skips them and says so. In CI (where
 * `.ci/run` starts Redis) a missing Redis is a failure, not a skip. Synchronous (a child process tries the
 * port) because Jest needs to know before it collects the tests.
 */
export function redisSkipReason(): string | undefined {
  const probe = spawnSync(process.execPath, [
    '-e',
    "require('node:net').connect(6379,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))",
  ]);
  if (probe.status === 0) return undefined;
  if (process.env.CI) throw new Error('CI must provide Redis at 127.0.0.1:6379 (see .ci/run)');
  return 'no Redis at 127.0.0.1:6379: the shared-state tests are SKIPPED on this machine';
}

/** A key prefix of this test's own, so runs never see each other's counters. */
export function testKeyPrefix(): string {
  return `test-${randomBytes(4).toString('hex')}:`;
}

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** A private, disposable Redis on its own port: a test may stop and restart it. */
export class OwnRedis {
  private process?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Resolves once the port answers; rejects when redis-server cannot start or never listens. */
  async start(): Promise<void> {
    const running = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.process = running;
    let failed: Error | undefined;
    running.once('error', (error) => (failed = error));
    for (let i = 0; i < 100 && !failed; i++) {
      if (await listening(this.port)) return;
      await sleep(50);
    }
    if (failed) this.process = undefined;
    else await this.stop();
    throw new Error(
      failed
        ? `redis-server did not start: ${failed.message}`
        : `redis-server never listened on port ${this.port}`,
    );
  }

  async stop(): Promise<void> {
    const running = this.process;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  }
}
