import { readFileSync } from 'node:fs';
import { call } from './support/http';
import { requireBuild, startProcess as start, waitFor } from './support/spawned-gateway';

describe('npm start on a fresh machine', () => {
  beforeAll(requireBuild);

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

  it('closing the terminal stops it: the hangup is not taken for a secrets reload', async () => {
    const app = start({ PORT: '0', EMULATOR_PORT: '0', HOST: '127.0.0.1', TERM: 'xterm' }, true);
    try {
      const [, url] = await waitFor(app, /Swagger UI (http:\/\/127\.0\.0\.1:\d+)\/docs/);
      expect((await call(url, 'GET', '/health/live')).status).toBe(200);
      // The terminal goes away (as when its window is closed); nothing signals the app itself.
      app.child.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      let answering = true;
      while (answering && Date.now() < deadline) {
        answering = await call(url, 'GET', '/health/live').then(
          () => true,
          () => false,
        );
        if (answering) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answering).toBe(false);
    } finally {
      app.kill('SIGKILL');
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
      app.kill('SIGKILL');
      await app.exited;
      // The app itself, not only the terminal around it, is gone: nothing is left listening.
      await expect(call(url, 'GET', '/health/live')).rejects.toThrow();
    } finally {
      app.kill('SIGKILL');
    }
  });

  it('with EMULATOR_CLIENT_AUTH=private_key_jwt: signs in with a generated key pair the banner points to', async () => {
    const app = start({
      PORT: '0',
      EMULATOR_PORT: '0',
      HOST: '127.0.0.1',
      EMULATOR_CLIENT_AUTH: 'private_key_jwt',
    });
    try {
      const [, url] = await waitFor(app, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const [, keyFile] = await waitFor(app, /private key:\s+(\S+\.pem)/);
      expect(app.output()).toMatch(/client:\s+mfa-gateway-dev \/ Private Key JWT \(1 public key\)/);
      expect(app.output()).not.toContain('mfa-gateway-dev-secret');
      expect(readFileSync(keyFile, 'utf8')).toContain('BEGIN PRIVATE KEY');
      const signIn = await call(url, 'POST', '/v1/token/password', {
        body: { username: 'demo@example.com', password: 'Demo-password-1' },
      });
      expect(signIn.body).toMatchObject({ code: 'mfa_required' });
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
    expect(app.output()).toContain(
      'AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_KEY is required when AUTH0_DOMAIN is set',
    );
  });

  it('refuses a client assertion key it cannot use, naming the variable and quoting nothing of it', async () => {
    const notAKey =
      '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7\n-----END PRIVATE KEY-----';
    const app = start({
      AUTH0_DOMAIN: 'tenant.eu.auth0.com',
      AUTH0_CLIENT_ID: 'abc',
      AUTH0_CLIENT_ASSERTION_KEY: notAKey,
      PORT: '0',
    });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('AUTH0_CLIENT_ASSERTION_KEY is not a PEM-encoded private key');
    expect(app.output()).not.toContain('MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7');
  });
});
