import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';

describe('MetricsService', () => {
  it('labels HTTP requests by template, a fixed set of methods, and unmatched routes as one value', async () => {
    const metrics = new MetricsService();
    metrics.observeHttpRequest('GET', '/v1/authenticators', 200, 0.01);
    metrics.observeHttpRequest('PROPFIND', undefined, 404, 0.001);
    const text = await metrics.scrape();
    expect(text).toContain(
      'mfa_gateway_http_request_duration_seconds_count{method="GET",route="/v1/authenticators",status="200"} 1',
    );
    expect(text).toContain(
      `mfa_gateway_http_request_duration_seconds_count{method="OTHER",route="${UNMATCHED_ROUTE}",status="404"} 1`,
    );
  });

  it('counts codes, verifications and audit events, and reports the breaker as a number', async () => {
    const metrics = new MetricsService();
    metrics.codeSent('sms', 'enrollment');
    metrics.verification('otp', 'sign_in', 'failure', 'invalid_otp');
    metrics.auditEvent('verification_failed');
    metrics.breakerState('half_open');
    const text = await metrics.scrape();
    expect(text).toContain('mfa_gateway_codes_sent_total{channel="sms",flow="enrollment"} 1');
    expect(text).toContain(
      'mfa_gateway_verifications_total{grant="otp",flow="sign_in",outcome="failure",reason="invalid_otp"} 1',
    );
    expect(text).toContain('mfa_gateway_audit_events_total{event="verification_failed"} 1');
    expect(text).toContain('mfa_gateway_circuit_breaker_state 1');
    expect(metrics.contentType).toContain('text/plain');
  });

  it('keeps each instance on its own registry', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.idempotentReplay();
    expect(await a.scrape()).toContain('mfa_gateway_idempotent_replays_total 1');
    expect(await b.scrape()).toContain('mfa_gateway_idempotent_replays_total 0');
  });
});
