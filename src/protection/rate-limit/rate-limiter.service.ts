import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CallContext } from '../../common/http/call-context';
import { failureCauseOf } from '../../common/errors/upstream-failure';
import { AppConfig } from '../../config/app-config';
import { SecurityEvents } from '../../observability/security-events.service';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { Lease, SharedState } from '../state/shared-state';
import { StateKeys } from '../state/state-keys';
import { batchOf, ClaimTaken, NamedEvent, RequestBatch } from '../admission/request-batch';
import { LimitName, LimitRule, limitRules } from './limits';

/** One event to count: which limit, and whom it is counted against (hashed before it is stored). */
export type Hit = readonly [LimitName, string];

/** Leases that refuse a request while they hold (the fraud guard's suspensions), and how. */
export interface LeaseCheck {
  registry: string;
  ids: readonly string[];
  refusal(lease: Lease): GatewayError;
}

/**
 * The gateway's own rate limits (the rules in limits.ts; docs/api.md, "Safety features"), on fixed
 * windows in the shared state so that every instance enforces one limit. Auth0's limits are tenant-wide:
 * these must answer long before Auth0's do, so that one abusive caller cannot exhaust them for everybody.
 */
@Injectable()
export class RateLimiter {
  private readonly rules: Record<LimitName, LimitRule>;

  constructor(
    private readonly state: SharedState,
    private readonly keys: StateKeys,
    private readonly events: SecurityEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.rules = limitRules(
      config.get('rateLimits', { infer: true }),
      config.get('challengeCooldownSeconds', { infer: true }),
    );
  }

  /** The hits as events to count, those of switched-off limits left out. */
  eventsOf(hits: readonly Hit[]): NamedEvent[] {
    return hits
      .filter(([name]) => this.rules[name].limit > 0)
      .map(([name, identity]) => ({
        name,
        key: this.keys.of(`rl:${name}`, identity),
        limit: this.rules[name].limit,
        windowSeconds: this.rules[name].windowSeconds,
      }));
  }

  /**
   * Counts the hits at once, all of them or none: the first limit without room (in the order given, most
   * specific first) throws `429 rate_limited` with `Retry-After`, and a refused request costs no other
   * budget. One round trip; for calls that send nothing, so there is nothing to give back.
   */
  async consume(ctx: CallContext, hits: readonly Hit[]): Promise<void> {
    const events = this.eventsOf(hits);
    const result = await this.state.countAll(events);
    if (!result.allowed) this.refuse(ctx, events[result.refused], result.retryAfterSeconds);
  }

  /**
   * Counts the hits for `work` (a call that may send a code) and gives them back when the call provably
   * sent nothing — Auth0 refused it, or it never left — so a failed attempt does not use up a resend.
   * On a batched route the request's own limits, `leases` and its idempotency claim are decided in the
   * same round trip, and the refund waits for the batch's settlement; elsewhere this call settles itself.
   */
  async charged<T>(
    ctx: CallContext,
    hits: readonly Hit[],
    work: () => Promise<T>,
    leases?: LeaseCheck,
  ): Promise<T> {
    const own = batchOf(ctx);
    const batch = own ?? new RequestBatch([]);
    const events = this.eventsOf(hits);
    await this.admit(ctx, batch, events, leases);
    try {
      return await work();
    } catch (error) {
      if (sentNothing(error) && events.length > 0) {
        batch.settle({ op: 'uncount', keys: events.map(({ key }) => key) });
      }
      throw error;
    } finally {
      if (!own) await batch.flush(this.state);
    }
  }

  private async admit(
    ctx: CallContext,
    batch: RequestBatch,
    events: NamedEvent[],
    leases: LeaseCheck | undefined,
  ): Promise<void> {
    const always = batch.admitted ? [] : batch.always;
    const result = await this.state.admit({ always, events, leases, claim: batch.claim });
    batch.admitted = true;
    switch (result.outcome) {
      case 'admitted':
        return;
      case 'claimed':
        throw new ClaimTaken(result.value);
      case 'leased':
        throw (leases as LeaseCheck).refusal(result.lease);
      case 'refused':
        return this.refuse(ctx, [...always, ...events][result.refused], result.retryAfterSeconds);
    }
  }

  private refuse(ctx: CallContext, event: NamedEvent, retryAfter: number): never {
    this.events.rateLimited(ctx, event.name);
    throw new GatewayError(ErrorCode.RateLimited, {
      detail: this.rules[event.name].detail,
      retryAfter,
    });
  }
}

/**
 * Auth0 answered with a refusal (4xx) or its own failure (5xx, unreadable), or the request cannot have
 * reached it. Only a call that left and got no answer (timeout, reset) may have sent a code unseen, so
 * only that one keeps its charge; a user is not made to wait out a cooldown for Auth0's hiccup.
 */
function sentNothing(error: unknown): boolean {
  const cause = failureCauseOf(error);
  return cause?.requestSent === false || cause?.kind === 'client' || cause?.kind === 'server';
}
