import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Auth0Breaker } from '../auth0/auth0-breaker';
import { Auth0Client } from '../auth0/auth0.client';
import { SharedState } from '../protection/state/shared-state';
import { AppConfig } from '../config/app-config';
import { DependenciesDto } from './dto/readiness.dto';

/** What the shared dependencies look like from here, for operators; never decides readiness. */
@Injectable()
export class DependencyReport {
  constructor(
    private readonly auth0: Auth0Client,
    private readonly breaker: Auth0Breaker,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly state: SharedState,
  ) {}

  async report(): Promise<DependenciesDto> {
    const probe = await this.auth0.probe();
    // Absent without REDIS_URL: then there is no Redis to report on.
    const redis = this.state.health();
    return {
      auth0: {
        status: probe.up ? 'up' : 'down',
        target: this.config.get('emulatorMode', { infer: true }) ? 'emulator' : 'auth0',
        latency_ms: probe.latencyMs,
        ...(probe.detail ? { detail: probe.detail } : {}),
      },
      // The probe above bypasses the breaker: it reports Auth0 itself, this what callers meet.
      circuit_breaker: {
        status: this.breaker.state() === 'open' ? 'down' : 'up',
        state: this.breaker.state(),
      },
      ...(redis ? { redis } : {}),
    };
  }
}
