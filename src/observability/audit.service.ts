import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PROCESS_LOGGER } from '../common/logging/logging.module';
import { AuditEventName, AuditFields } from './audit-event';
import { MetricsService } from './metrics.service';

/**
 * One structured log line per security-relevant event (`audit: true`, `event: <name>`), written through
 * the redacting logger so a careless field still cannot leak a secret. Each event is also counted in
 * `mfa_gateway_audit_events_total{event}`.
 */
@Injectable()
export class AuditService {
  private readonly log: Logger;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(PROCESS_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ context: 'Audit' });
  }

  record(event: AuditEventName, fields: AuditFields = {}): void {
    this.metrics.auditEvent(event);
    this.log.info({ audit: true, event, ...fields });
  }
}
