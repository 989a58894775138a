import { MetricsServer } from '../../src/observability/metrics-server';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('METRICS_TOKEN on the main port', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => gw.close());

  it('answers 401 problem+json without the token', async () => {
    const response = await call(gw.url, 'GET', '/metrics');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'missing_token', status: 401 });
    expect(response.text).not.toContain('mfa_gateway_');
  });

  it('answers 401 invalid_token with a wrong token, of any length or scheme', async () => {
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      'Bearer x',
      `Basic ${TOKEN}`,
      TOKEN,
    ]) {
      const response = await call(gw.url, 'GET', '/metrics', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
      expect(response.text).not.toContain(TOKEN);
    }
  });

  it('serves the metrics with the token', async () => {
    const response = await call(gw.url, 'GET', '/metrics', { token: TOKEN });
    expect(response.status).toBe(200);
    expect(response.text).toContain('# TYPE mfa_gateway_http_request_duration_seconds histogram');
  });

  it('keeps the token out of the logs', () => {
    expect(gw.logs.text()).not.toContain(TOKEN);
  });
});

describe('METRICS_PORT: /metrics on its own listener', () => {
  let gw: TestGateway;
  let metricsUrl: string;
  beforeAll(async () => {
    gw = await startGateway({
      env: { METRICS_PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN: TOKEN },
    });
    metricsUrl = gw.app.get(MetricsServer).url!;
  });
  afterAll(() => gw?.close());

  it('is gone from the main port', async () => {
    const response = await call(gw.url, 'GET', '/metrics', { token: TOKEN });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('serves Prometheus text on the metrics port, including the main port traffic', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(metricsUrl).port).not.toBe(new URL(gw.url).port);
    await call(gw.url, 'GET', '/health/live');
    const response = await call(metricsUrl, 'GET', '/metrics', { token: TOKEN });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(response.text).toMatch(
      /mfa_gateway_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} 1/,
    );
    expect(response.text).toContain('process_cpu_user_seconds_total');
  });

  it('requires the token there too, and answers problem+json for anything else', async () => {
    const missing = await call(metricsUrl, 'GET', '/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ code: 'missing_token', request_id: expect.any(String) });
    const wrong = await call(metricsUrl, 'GET', '/metrics', { token: 'nope' });
    expect(wrong.body.code).toBe('invalid_token');
    const elsewhere = await call(metricsUrl, 'GET', '/v1/token/password', { token: TOKEN });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('not_found');
    const post = await call(metricsUrl, 'POST', '/metrics', { token: TOKEN, body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  describe('with the app', () => {
    let other: TestGateway | undefined;
    afterEach(async () => {
      await other?.close();
    });

    it('stops with the app', async () => {
      other = await startGateway({ env: { METRICS_PORT: '0', HOST: '127.0.0.1' } });
      const url = other.app.get(MetricsServer).url!;
      expect((await call(url, 'GET', '/metrics')).status).toBe(200);
      const closing = other;
      other = undefined;
      await closing.close();
      await expect(fetch(`${url}/metrics`)).rejects.toThrow();
    });
  });
});

describe('METRICS_PORT validation', () => {
  it('refuses the main port', async () => {
    await expect(startGateway({ env: { PORT: '4000', METRICS_PORT: '4000' } })).rejects.toThrow(
      /METRICS_PORT must differ from PORT/,
    );
  });

  it('refuses a short token', async () => {
    await expect(startGateway({ env: { METRICS_TOKEN: 'short' } })).rejects.toThrow(
      /METRICS_TOKEN must be at least 16 characters/,
    );
  });
});
