import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PROCESS_LOGGER } from '../common/logging/logging.module';
import type { AuditSlot } from '../common/http/call-context';
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

  /**
   * With the request's `slot`, the request's first event is not written now but as part of the request's
   * own log line (RequestLogController), so the request costs one line; should the request end without
   * that line — a client gone before its answer — the event is written alone when the response closes.
   */
  record(event: AuditEventName, fields: AuditFields = {}, slot?: AuditSlot): void {
    this.metrics.auditEvent(event);
    const entry = { audit: true, event, ...fields };
    if (!slot || slot.entry || slot.written || slot.response.destroyed) {
      this.log.info(entry);
      return;
    }
    slot.entry = entry;
    slot.response.once('close', () => {
      if (slot.written) return;
      slot.written = true;
      this.log.info(entry);
    });
  }
}
