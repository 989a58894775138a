import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CallContext } from '../../common/http/call-context';
import { failureCauseOf } from '../../common/errors/upstream-failure';
import { AppConfig } from '../../config/app-config';
import { SecurityEvents } from '../../observability/security-events.service';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { SharedState } from '../state/shared-state';
import { StateKeys } from '../state/state-keys';
import { LimitName, LimitRule, limitRules } from './limits';

/** One event to count: which limit, and whom it is counted against (hashed before it is stored). */
export type Hit = readonly [LimitName, string];

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

  /**
   * Counts the hits, all of them or none: the first limit without room (in the order given, most specific
   * first) throws `429 rate_limited` with `Retry-After`, and a refused request costs no other budget.
   * Returns what gives the hits back.
   */
  async consume(ctx: CallContext, hits: readonly Hit[]): Promise<() => Promise<void>> {
    const counted = hits
      .map(([name, identity]) => ({ name, rule: this.rules[name], identity }))
      .filter(({ rule }) => rule.limit > 0)
      .map(({ name, rule, identity }) => ({
        name,
        rule,
        key: this.keys.of(`rl:${name}`, identity),
      }));
    const result = await this.state.countAll(
      counted.map(({ key, rule }) => ({
        key,
        limit: rule.limit,
        windowSeconds: rule.windowSeconds,
      })),
    );
    if (!result.allowed) {
      const { name, rule } = counted[result.refused];
      this.events.rateLimited(ctx, name);
      throw new GatewayError(ErrorCode.RateLimited, {
        detail: rule.detail,
        retryAfter: result.retryAfterSeconds,
      });
    }
    return () => this.state.uncountAll(counted.map(({ key }) => key));
  }

  /**
   * Counts the hits for `work` (a call that may send a code) and gives them back when the call provably
   * sent nothing — Auth0 refused it, or it never left — so a failed attempt does not use up a resend.
   */
  async charged<T>(ctx: CallContext, hits: readonly Hit[], work: () => Promise<T>): Promise<T> {
    const refund = await this.consume(ctx, hits);
    try {
      return await work();
    } catch (error) {
      if (sentNothing(error)) await refund();
      throw error;
    }
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
