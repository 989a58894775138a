import { Injectable, Logger } from '@nestjs/common';
import { AuditEventName, AuditFields } from './audit-event';
import { MetricsService } from './metrics.service';

/**
 * One structured log line per security-relevant event (`audit: true`, `event: <name>`), written through
 * the redacting logger so a careless field still cannot leak a secret. Each event is also counted in
 * `mfa_gateway_audit_events_total{event}`.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly metrics: MetricsService) {}

  record(event: AuditEventName, fields: AuditFields = {}): void {
    this.metrics.auditEvent(event);
    this.logger.log({ audit: true, event, ...fields });
  }
}
