import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type BreakerState = 'closed' | 'open' | 'half_open';
/** How an Auth0 call ended: an answer (by class) or none at all. */
export type Auth0Outcome = 'success' | 'client_error' | 'server_error' | 'transport_error';
/** The channels a code is delivered by. */
export type CodeChannel = 'email' | 'sms' | 'voice';
/** Where in the journey a code was sent or verified. */
export type MfaFlow = 'enrollment' | 'sign_in';
export type VerificationGrant = 'oob' | 'otp' | 'recovery-code';
export type VerificationOutcome = 'success' | 'failure';

/** The route label of a request no route matched (404s, 405s): one fixed value, never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The gateway's Prometheus series, on one registry together with the default process metrics. Label
 * values are always from small fixed sets (route templates, limit names, channels, grants, error codes):
 * never an id, token, phone number or e-mail.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'mfa_gateway_http_request_duration_seconds',
    help: 'Duration of HTTP requests, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly rateLimitedTotal = new Counter({
    name: 'mfa_gateway_rate_limited_total',
    help: 'Requests answered 429 by the gateway, by limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  private readonly suspensionsTotal = new Counter({
    name: 'mfa_gateway_destination_suspensions_total',
    help: 'Fraud-guard suspensions of new phone enrollments, by scope and country calling code',
    labelNames: ['scope', 'country_code'] as const,
    registers: [this.registry],
  });

  private readonly idempotentReplaysTotal = new Counter({
    name: 'mfa_gateway_idempotent_replays_total',
    help: 'Answers replayed from an Idempotency-Key record instead of calling Auth0',
    registers: [this.registry],
  });

  private readonly breakerStateGauge = new Gauge({
    name: 'mfa_gateway_circuit_breaker_state',
    help: 'Auth0 circuit breaker: 0 closed, 1 half open, 2 open',
    registers: [this.registry],
  });

  private readonly sharedStateGauge = new Gauge({
    name: 'mfa_gateway_shared_state_degraded',
    help: '1 while Redis is configured but unreachable and limits are kept per instance',
    registers: [this.registry],
  });

  private readonly auth0Duration = new Histogram({
    name: 'mfa_gateway_auth0_request_duration_seconds',
    help: 'Duration of calls to Auth0 (or the emulator), by endpoint and outcome',
    labelNames: ['endpoint', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly codesSentTotal = new Counter({
    name: 'mfa_gateway_codes_sent_total',
    help: 'Codes Auth0 was asked to deliver (an oob_code came back), by channel and flow',
    labelNames: ['channel', 'flow'] as const,
    registers: [this.registry],
  });

  private readonly verificationsTotal = new Counter({
    name: 'mfa_gateway_verifications_total',
    help: 'Second-factor verifications, by grant, flow, outcome and (for failures) the gateway error code',
    labelNames: ['grant', 'flow', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });

  private readonly auditEventsTotal = new Counter({
    name: 'mfa_gateway_audit_events_total',
    help: 'Audit events written, by event name',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Closed until the breaker says otherwise; present from the first scrape so alerts have a series.
    this.breakerStateGauge.set(0);
    this.sharedStateGauge.set(0);
  }

  /** The hot path: one observe per request. `route` is Fastify's template, or undefined when none matched. */
  observeHttpRequest(
    method: string,
    route: string | undefined,
    status: number,
    seconds: number,
  ): void {
    this.httpDuration.observe(
      {
        method: HTTP_METHODS.has(method) ? method : 'OTHER',
        route: route ?? UNMATCHED_ROUTE,
        status,
      },
      seconds,
    );
  }

  observeAuth0Call(endpoint: string, outcome: Auth0Outcome, seconds: number): void {
    this.auth0Duration.observe({ endpoint, outcome }, seconds);
  }

  codeSent(channel: CodeChannel, flow: MfaFlow): void {
    this.codesSentTotal.inc({ channel, flow });
  }

  /** `reason` is the gateway error code of a failure (a bounded enum), `none` for a success. */
  verification(
    grant: VerificationGrant,
    flow: MfaFlow,
    outcome: VerificationOutcome,
    reason: string,
  ): void {
    this.verificationsTotal.inc({ grant, flow, outcome, reason });
  }

  auditEvent(event: string): void {
    this.auditEventsTotal.inc({ event });
  }

  rateLimited(limit: string): void {
    this.rateLimitedTotal.inc({ limit });
  }

  /** `countryCode` is a calling code: a few hundred values at most, never a number. */
  destinationSuspended(scope: 'country' | 'number_range', countryCode: string): void {
    this.suspensionsTotal.inc({ scope, country_code: countryCode });
  }

  idempotentReplay(): void {
    this.idempotentReplaysTotal.inc();
  }

  breakerState(state: BreakerState): void {
    this.breakerStateGauge.set(state === 'closed' ? 0 : state === 'half_open' ? 1 : 2);
  }

  sharedStateDegraded(degraded: boolean): void {
    this.sharedStateGauge.set(degraded ? 1 : 0);
  }

  /** The Prometheus text exposition of every series. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
