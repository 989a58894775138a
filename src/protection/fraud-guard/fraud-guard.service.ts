import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '../../config/clock';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import type { CallContext } from '../../common/http/call-context';
import { maskRange, PhoneDestination, regionsOf } from '../../common/validation/phone-destination';
import { AppConfig, FraudGuardConfig } from '../../config/app-config';
import { SecurityEvents } from '../../observability/security-events.service';
import { settleFor } from '../admission/request-batch';
import type { LeaseCheck } from '../rate-limit/rate-limiter.service';
import {
  Lease,
  Settlement,
  SettlementResult,
  SharedState,
  WindowShape,
} from '../state/shared-state';
import { StateKeys } from '../state/state-keys';
import { StoredSuspension, Suspension, SuspensionScope } from './suspension';

/** The lease registry of suspensions: one record for every instance, listed whole by operators. */
const REGISTRY = 'fg:suspensions';

/** Slots per window: a sliding window in sixtieths, so a judgement is at most a sixtieth out of date. */
const SLOTS = 60;

interface Scoped {
  scope: SuspensionScope;
  id: string;
  windowKey: string;
}

/**
 * Tells SMS pumping from real demand by what real users do and pumpers do not: confirm the code. Per
 * calling code and per number range it counts codes sent to new phone numbers and how many of those
 * enrollments were confirmed, over a sliding window; a place whose confirmation rate falls below the
 * threshold after a minimum volume is suspended for new enrollments for a while (docs/security.md).
 * Confirmed factors never pass through here: a suspension cannot stop anybody's sign-in.
 */
@Injectable()
export class FraudGuard {
  private readonly settings: FraudGuardConfig;
  private readonly shape: WindowShape;

  constructor(
    private readonly state: SharedState,
    private readonly keys: StateKeys,
    private readonly events: SecurityEvents,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.settings = config.get('fraudGuard', { infer: true });
    const windowMs = this.settings.windowSeconds * 1000;
    this.shape = { windowMs, slotMs: windowMs / SLOTS };
  }

  /**
   * What refuses a new enrollment to a suspended country or range (`429 destination_suspended`), for
   * the limiter's admission to check with the limits; undefined when the guard is off.
   */
  leaseCheck(destination: PhoneDestination, ctx: CallContext): LeaseCheck | undefined {
    if (!this.settings.enabled) return undefined;
    const scopes = this.scopesOf(destination);
    return {
      registry: REGISTRY,
      ids: scopes.map(({ id }) => id),
      refusal: (lease) => {
        const scope = scopes.find(({ id }) => id === lease.id)?.scope ?? 'country';
        this.events.rateLimited(ctx, `fraud_guard_${scope}`);
        return new GatewayError(ErrorCode.DestinationSuspended, {
          detail: `New enrollments to numbers in this ${scope === 'country' ? 'country' : 'range'} are paused: most codes sent there recently were never confirmed.`,
          retryAfter: Math.max(1, Math.ceil((lease.untilMs - this.clock.now()) / 1000)),
        });
      },
    };
  }

  /**
   * A code went to a new number: counted for its country and range, the pending enrollment remembered
   * under a hash of its `oob_code` until it is confirmed or the window has passed, and each place judged
   * — in the request's settlement, in one step.
   */
  async sent(destination: PhoneDestination, oobCode: string, ctx: CallContext): Promise<void> {
    if (!this.settings.enabled) return;
    const scopes = this.scopesOf(destination);
    const now = this.clock.now();
    const candidates = scopes.map(({ scope, id, windowKey }) => {
      const stored: StoredSuspension = {
        scope,
        country_code: destination.countryCode,
        regions: regionsOf(destination.countryCode),
        ...(scope === 'number_range'
          ? { number_range: maskRange(destination.range, destination.countryCode) }
          : {}),
        suspended_at: new Date(now).toISOString(),
        windowKey,
      };
      return {
        id,
        untilMs: now + this.settings.suspensionSeconds * 1000,
        value: JSON.stringify(stored),
      };
    });
    const settlement: Settlement = {
      op: 'send',
      record: {
        windows: scopes.map(({ windowKey }) => windowKey),
        shape: this.shape,
        pending: { key: this.pendingKey(oobCode), ttlMs: this.shape.windowMs },
        registry: REGISTRY,
        minSends: this.settings.minSends,
        minConfirmationPercent: this.settings.minConfirmationPercent,
        candidates,
      },
    };
    const granted = (ids: SettlementResult) => {
      for (const id of ids ?? []) {
        const scope = scopes.find((scoped) => scoped.id === id)?.scope ?? 'country';
        this.events.destinationSuspended(scope, destination.countryCode);
      }
    };
    return settleFor(ctx, this.state, settlement, granted);
  }

  /** An enrollment was confirmed with this `oob_code`; a code the guard never saw counts nothing. */
  async confirmed(oobCode: string): Promise<void> {
    if (!this.settings.enabled) return;
    await this.state.settle([{ op: 'confirm', key: this.pendingKey(oobCode), shape: this.shape }]);
  }

  async list(): Promise<Suspension[]> {
    const leases = await this.state.leases(REGISTRY);
    return leases.map(toSuspension).sort((a, b) => a.suspended_at.localeCompare(b.suspended_at));
  }

  /** Lifts a suspension and forgets the counts that caused it, so the place starts afresh. */
  async lift(id: string): Promise<boolean> {
    const [lease] = await this.state.leases(REGISTRY, [id]);
    if (!lease) return false;
    const lifted = await this.state.revokeLease(REGISTRY, id);
    await this.state.deleteAll([(JSON.parse(lease.value) as StoredSuspension).windowKey]);
    return lifted;
  }

  private scopesOf({ countryCode, range }: PhoneDestination): Scoped[] {
    return [
      { scope: 'country', ...this.named('country', countryCode) },
      { scope: 'number_range', ...this.named('range', range) },
    ];
  }

  /** A place's window key and its suspension id: keyed hashes, so neither reveals the place. */
  private named(kind: string, place: string): { id: string; windowKey: string } {
    const windowKey = this.keys.of(`fg:w:${kind}`, place);
    return { id: windowKey.slice(windowKey.lastIndexOf(':') + 1), windowKey };
  }

  private pendingKey(oobCode: string): string {
    return this.keys.of('fg:p', oobCode);
  }
}

function toSuspension({ id, untilMs, value }: Lease): Suspension {
  const { windowKey: _windowKey, ...shown } = JSON.parse(value) as StoredSuspension &
    Pick<Suspension, 'sent' | 'confirmed'>;
  return { id, ...shown, lifts_at: new Date(untilMs).toISOString() };
}
