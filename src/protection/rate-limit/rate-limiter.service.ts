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

/** Every code the gateway sends counts against one gateway-wide hourly budget. */
export const CODE_BUDGET: Hit = ['codes_sent', 'gateway'];

/**
 * The gateway's own rate limits (docs/api.md, "Safety features"), on fixed windows in the shared state so that
 * every instance enforces one limit. Auth0's limits are tenant-wide: these must answer long before Auth0's
 * do, so that one abusive caller cannot exhaust them for everybody.
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
   * Counts the hits, in order; the first refusal throws `429 rate_limited` with `Retry-After`, after giving
   * back what this call had already counted, so that one refused request costs no other budget.
   */
  async consume(ctx: CallContext, hits: readonly Hit[]): Promise<() => Promise<void>> {
    const counted: string[] = [];
    const refund = async (): Promise<void> => {
      await Promise.all(counted.map((key) => this.state.unhit(key)));
    };
    for (const [name, identity] of hits) {
      const rule = this.rules[name];
      if (rule.limit <= 0) continue;
      const key = this.keys.of(`rl:${name}`, identity);
      const result = await this.state.hit(key, rule.limit, rule.windowSeconds);
      if (!result.allowed) {
        await refund();
        this.events.rateLimited(ctx, name);
        throw new GatewayError(ErrorCode.RateLimited, {
          detail: rule.detail,
          retryAfter: result.retryAfterSeconds,
        });
      }
      counted.push(key);
    }
    return refund;
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
