import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { MetricsService } from './metrics.service';
import { SecurityEvents } from './security-events.service';

/** Metrics and audit events, for the modules that import this one. */
@Module({
  providers: [MetricsService, AuditService, SecurityEvents],
  exports: [MetricsService, AuditService, SecurityEvents],
})
export class ObservabilityModule {}
