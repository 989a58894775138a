import { afterEach, describe, expect, it } from '@jest/globals';
import { emulatorPerSuite, startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';

describe('service authentication and browser origins', () => {
  const emulator = emulatorPerSuite();
  let gateway: TestGateway;
  afterEach(() => gateway.close());

  const signIn = (headers: Record<string, string>) =>
    call(gateway.url, 'POST', '/v1/token/password', {
      body: { username: 'demo@example.com', password: 'Demo-password-1' },
      headers,
    });

  it('with API_KEYS, every /v1 call needs one of the keys; health and docs do not', async () => {
    gateway = await startGateway({
      emulator: emulator(),
      env: { API_KEYS: 'first-key-0123456789,second-key-0123456789' },
    });

    const wrong: Array<Record<string, string>> = [
      {},
      { 'x-api-key': '' },
      { 'x-api-key': 'first-key-012345678' },
    ];
    for (const headers of wrong) {
      const refused = await signIn(headers);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'invalid_api_key' });
      expect(refused.text).not.toContain('first-key');
    }
    expect((await signIn({ 'x-api-key': 'first-key-0123456789' })).status).toBe(403);
    expect((await signIn({ 'x-api-key': 'second-key-0123456789' })).body).toMatchObject({
      code: 'mfa_required',
    });
    expect((await call(gateway.url, 'GET', '/health/live')).status).toBe(200);
    expect((await call(gateway.url, 'GET', '/docs-json')).status).toBe(200);
  });

  it('without API_KEYS, no key is asked for', async () => {
    gateway = await startGateway({ emulator: emulator() });
    expect((await signIn({})).body).toMatchObject({ code: 'mfa_required' });
  });

  it('answers CORS only for the listed origins, exposing what a browser client needs', async () => {
    gateway = await startGateway({
      emulator: emulator(),
      env: { CORS_ORIGINS: 'https://app.example.com' },
    });
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/v1/challenges`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });

    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');

    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const answer = await signIn({ origin: 'https://app.example.com' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(answer.headers.get('access-control-expose-headers')).toContain('retry-after');
  });

  it('without CORS_ORIGINS, sends no CORS headers at all', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const answer = await signIn({ origin: 'https://app.example.com' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
