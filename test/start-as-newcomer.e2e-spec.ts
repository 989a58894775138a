import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { call } from './support/http';

// `npm start` runs the built app; `npm test` builds first (pretest), so dist/ is what a newcomer runs.
const MAIN = join(__dirname, '..', 'dist', 'main.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the app as `npm start` does; `terminal` runs it under a pseudo-terminal (util-linux `script`). */
function start(env: Record<string, string>, terminal = false): Started {
  let output = '';
  const [command, args] = terminal
    ? ['script', ['-qfec', `"${process.execPath}" "${MAIN}"`, '/dev/null']]
    : [process.execPath, [MAIN]];
  const child = spawn(command, args, {
    // Only what a fresh shell has: no AUTH0_* or other configuration leaks in from this process.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    cwd: join(__dirname, '..'),
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = pattern.exec(started.output());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${String(pattern)}; output:\n${started.output()}`);
}

describe('npm start on a fresh machine', () => {
  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error('dist/main.js is missing: run `npm run build` (npm test does)');
  });

  it('with no configuration at all: prints the start-up block, serves docs and is ready', async () => {
    const app = start({ PORT: '0', EMULATOR_PORT: '0', HOST: '127.0.0.1' });
    try {
      const [, url] = await waitFor(app, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      await waitFor(app, /demo user/);
      const banner = app.output();
      expect(banner).toContain('built-in Auth0 MFA emulator');
      expect(banner).toContain('demo@example.com');
      expect(banner).toContain('Demo-password-1');
      expect(banner).toContain('/__emulator/outbox');
      expect(banner).toContain(`${url}/docs`);
      expect(banner).toContain(`${url}/demo`);

      const ready = await call(url, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        dependencies: { auth0: { status: 'up', target: 'emulator' } },
      });
      expect((await call(url, 'GET', '/health/live')).status).toBe(200);
      expect((await call(url, 'GET', '/docs-json')).status).toBe(200);

      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      app.child.kill('SIGKILL');
    }
  });

  it('in a terminal: readable, coloured lines, and a start-up that fits on one screen', async () => {
    const app = start({ PORT: '0', EMULATOR_PORT: '0', HOST: '127.0.0.1', TERM: 'xterm' }, true);
    try {
      const [, url] = await waitFor(app, /Swagger UI (http:\/\/127\.0\.0\.1:\d+)\/docs/);
      await waitFor(app, /codes appear/);
      const shown = app.output();
      expect(shown).toContain('\u001b['); // colours
      expect(shown).not.toContain('{"level"'); // no JSON lines
      expect(shown.trimEnd().split('\n').length).toBeLessThanOrEqual(30);
      expect((await call(url, 'GET', '/health/live')).status).toBe(200);
    } finally {
      app.child.kill('SIGKILL');
    }
  });

  it('refuses to start in production without a tenant, naming the variable', async () => {
    const app = start({ NODE_ENV: 'production', PORT: '0' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('AUTH0_DOMAIN is required when NODE_ENV=production');
    expect(app.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses an incomplete tenant configuration, naming the variable', async () => {
    const app = start({ AUTH0_DOMAIN: 'tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'abc', PORT: '0' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('AUTH0_CLIENT_SECRET is required when AUTH0_DOMAIN is set');
  });
});
