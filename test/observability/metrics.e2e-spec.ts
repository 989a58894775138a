import { createUser, latestCode } from '../support/emulator';
import { expectTokens } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import { parseSamples, Sample, valueOf } from './prometheus';

async function scrape(url: string): Promise<Sample[]> {
  const response = await call(url, 'GET', '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseSamples(response.text);
}

describe('GET /metrics after a full e-mail flow', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('counts each step in its series and never puts a secret in a label', async () => {
    const emulator = gw.emulator!.url;
    const before = await scrape(gw.url);
    const secrets: string[] = [];
    const keep = (...values: unknown[]): void => {
      for (const value of values) if (typeof value === 'string' && value) secrets.push(value);
    };

    const user = await createUser(emulator);
    keep(user.email, user.password, user.user_id);
    const login = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
    });
    expect(login.status).toBe(403);
    const mfaToken = login.body.mfa_token as string;
    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'email', email: user.email },
    });
    expect(enrollment.status).toBe(201);
    const code = await latestCode(emulator, user.email);
    keep(mfaToken, enrollment.body.oob_code, code, ...(enrollment.body.recovery_codes as string[]));
    const confirmed = expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: enrollment.body.oob_code, binding_code: code },
      }),
    );
    keep(confirmed.access_token, confirmed.id_token);

    const second = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
    });
    const next = second.body.mfa_token as string;
    const list = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: next,
    });
    const authenticatorId = String(list.body.find((a) => a.oob_channel === 'email')?.id);
    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: next,
      body: { authenticator_id: authenticatorId },
    });
    expect(challenge.status).toBe(200);
    const challengeCode = await latestCode(emulator, user.email);
    const wrongCode = challengeCode === '000000' ? '111111' : '000000';
    keep(next, authenticatorId, challenge.body.oob_code, challengeCode);
    const wrong = await call(gw.url, 'POST', '/v1/token/oob', {
      token: next,
      body: { oob_code: challenge.body.oob_code, binding_code: wrongCode },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('invalid_binding_code');
    const verified = expectTokens(
      await call(gw.url, 'POST', '/v1/token/oob', {
        token: next,
        body: { oob_code: challenge.body.oob_code, binding_code: challengeCode },
      }),
    );
    keep(verified.access_token, verified.id_token);

    // A templated route with an id in the URL, and URLs no route matches (holding would-be secrets).
    const denied = await call(
      gw.url,
      'DELETE',
      `/v1/authenticators/${encodeURIComponent(authenticatorId)}`,
      { token: next },
    );
    expect(denied.status).toBeGreaterThanOrEqual(400);
    keep(encodeURIComponent(authenticatorId));
    const nowhere = await call(
      gw.url,
      'GET',
      `/nowhere/${encodeURIComponent(user.email)}/4155550123`,
    );
    expect(nowhere.status).toBe(404);

    const after = await scrape(gw.url);
    const delta = (name: string, labels: Record<string, string> = {}): number =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    // HTTP: by route template, method and status.
    const http = 'mfa_gateway_http_request_duration_seconds_count';
    expect(delta(http, { method: 'POST', route: '/v1/token/password', status: '403' })).toBe(2);
    expect(delta(http, { method: 'POST', route: '/v1/enrollments', status: '201' })).toBe(1);
    expect(delta(http, { method: 'POST', route: '/v1/enrollments/confirm', status: '200' })).toBe(
      1,
    );
    expect(delta(http, { method: 'GET', route: '/v1/authenticators', status: '200' })).toBe(1);
    expect(delta(http, { method: 'POST', route: '/v1/challenges', status: '200' })).toBe(1);
    expect(delta(http, { method: 'POST', route: '/v1/token/oob', status: '400' })).toBe(1);
    expect(delta(http, { method: 'POST', route: '/v1/token/oob', status: '200' })).toBe(1);
    expect(
      delta(http, {
        method: 'DELETE',
        route: '/v1/authenticators/:id',
        status: String(denied.status),
      }),
    ).toBe(1);
    expect(delta(http, { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // The first scrape itself was answered (and observed) before the second one read the series.
    expect(delta(http, { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    expect(
      delta('mfa_gateway_http_request_duration_seconds_bucket', {
        method: 'POST',
        route: '/v1/token/oob',
        status: '200',
        le: '+Inf',
      }),
    ).toBe(1);

    // Auth0 calls by endpoint and outcome.
    const auth0 = 'mfa_gateway_auth0_request_duration_seconds_count';
    expect(delta(auth0, { endpoint: 'token', outcome: 'client_error' })).toBe(3);
    expect(delta(auth0, { endpoint: 'token', outcome: 'success' })).toBe(2);
    expect(delta(auth0, { endpoint: 'associate', outcome: 'success' })).toBe(1);
    expect(delta(auth0, { endpoint: 'challenge', outcome: 'success' })).toBe(1);
    expect(delta(auth0, { endpoint: 'list_authenticators', outcome: 'success' })).toBe(1);

    // Codes sent and verifications.
    const sent = 'mfa_gateway_codes_sent_total';
    expect(delta(sent, { channel: 'email', flow: 'enrollment' })).toBe(1);
    expect(delta(sent, { channel: 'email', flow: 'sign_in' })).toBe(1);
    expect(delta(sent, { channel: 'sms' })).toBe(0);
    const verifications = 'mfa_gateway_verifications_total';
    expect(
      delta(verifications, {
        grant: 'oob',
        flow: 'enrollment',
        outcome: 'success',
        reason: 'none',
      }),
    ).toBe(1);
    expect(
      delta(verifications, { grant: 'oob', flow: 'sign_in', outcome: 'success', reason: 'none' }),
    ).toBe(1);
    expect(
      delta(verifications, {
        grant: 'oob',
        flow: 'sign_in',
        outcome: 'failure',
        reason: 'invalid_binding_code',
      }),
    ).toBe(1);

    // Audit events, one per step.
    const audit = 'mfa_gateway_audit_events_total';
    for (const event of [
      'enrollment_started',
      'enrollment_confirmed',
      'challenge_sent',
      'verification_failed',
      'verification_succeeded',
    ]) {
      expect(delta(audit, { event })).toBe(1);
    }

    // Series the abuse controls and the breaker feed: present with their resting values.
    expect(valueOf(after, 'mfa_gateway_idempotent_replays_total')).toBe(0);
    expect(valueOf(after, 'mfa_gateway_circuit_breaker_state')).toBe(0);
    expect(valueOf(after, 'mfa_gateway_shared_state_degraded')).toBe(0);
    const raw = await call(gw.url, 'GET', '/metrics');
    expect(raw.text).toContain('# TYPE mfa_gateway_rate_limited_total counter');
    // Default process metrics on the same registry.
    expect(valueOf(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    // No label value is a secret, an id, an e-mail or a phone number.
    expect(secrets.length).toBeGreaterThan(10);
    const labelValues = new Set(after.flatMap((s) => Object.values(s.labels)));
    expect(labelValues.size).toBeGreaterThan(20);
    for (const value of labelValues) {
      for (const secret of secrets) expect(value).not.toContain(secret);
      expect(value).not.toMatch(/\d{6,}/);
      expect(value).not.toContain('@');
      expect(value).not.toContain('Fe26');
      expect(value).not.toContain('eyJ');
      expect(value).not.toContain('|');
    }
  });

  it('is not part of the OpenAPI document and not under /v1', async () => {
    const docs = await call<{ paths: Record<string, unknown> }>(gw.url, 'GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).not.toContain('/metrics');
    expect((await call(gw.url, 'GET', '/v1/metrics')).status).toBe(404);
  });
});
