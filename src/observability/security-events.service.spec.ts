import pino from 'pino';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { AuditEventName, AuditFields } from './audit-event';
import { AuditService } from './audit.service';
import { MetricsService } from './metrics.service';
import { SecurityEvents } from './security-events.service';

class RecordingAudit extends AuditService {
  readonly events: { event: AuditEventName; fields: AuditFields }[] = [];
  override record(event: AuditEventName, fields: AuditFields = {}): void {
    this.events.push({ event, fields });
  }
}

describe('SecurityEvents', () => {
  const ctx = { clientIp: '203.0.113.7', requestId: 'req-1' };
  let metrics: MetricsService;
  let audit: RecordingAudit;
  let events: SecurityEvents;
  beforeEach(() => {
    metrics = new MetricsService();
    audit = new RecordingAudit(metrics, pino({ enabled: false }));
    events = new SecurityEvents(audit, metrics);
  });

  it('masks the destination at enrollment and counts the code', async () => {
    events.enrollmentStarted(
      ctx,
      'Fe26.2**opaque',
      { type: 'sms', phone_number: '+447911123456' },
      { oob_code: 'secret-oob', oob_channel: 'sms' },
    );
    expect(audit.events).toEqual([
      {
        event: 'enrollment_started',
        fields: {
          request_id: 'req-1',
          client_ip: '203.0.113.7',
          user_id: undefined,
          channel: 'sms',
          destination: 'XXXXXXXXX3456',
          auth0_event: 'gd_start_enroll',
        },
      },
    ]);
    expect(await metrics.scrape()).toContain(
      'mfa_gateway_codes_sent_total{channel="sms",flow="enrollment"} 1',
    );
  });

  it('rethrows a failed grant after recording its bounded reason', async () => {
    const failure = new GatewayError(ErrorCode.InvalidOtp);
    await expect(events.verify('otp', 'sign_in', ctx, Promise.reject(failure))).rejects.toBe(
      failure,
    );
    expect(audit.events[0]).toMatchObject({
      event: 'verification_failed',
      fields: { reason: 'invalid_otp', auth0_event: 'gd_auth_failed' },
    });
    await expect(
      events.verify('recovery-code', 'sign_in', ctx, Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(audit.events[1]).toMatchObject({
      fields: { reason: 'internal_error', auth0_event: 'gd_recovery_failed' },
    });
  });

  it('records a lockout as its own event, not as one more failed attempt', async () => {
    const lockout = new GatewayError(ErrorCode.TooManyAttempts, { retryAfter: 360 });
    await expect(events.verify('oob', 'sign_in', ctx, Promise.reject(lockout))).rejects.toBe(
      lockout,
    );
    await expect(
      events.verify('recovery-code', 'sign_in', ctx, Promise.reject(lockout)),
    ).rejects.toBe(lockout);
    expect(audit.events.map((e) => [e.event, e.fields.auth0_event])).toEqual([
      ['verification_locked_out', 'gd_otp_rate_limit_exceed'],
      ['verification_locked_out', 'gd_recovery_rate_limit_exceed'],
    ]);
    expect(await metrics.scrape()).toContain(
      'mfa_gateway_verifications_total{grant="oob",flow="sign_in",outcome="failure",reason="too_many_attempts"} 1',
    );
  });
});
