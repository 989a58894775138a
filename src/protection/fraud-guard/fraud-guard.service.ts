import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '../../config/clock';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import type { CallContext } from '../../common/http/call-context';
import { maskRange, PhoneDestination, regionsOf } from '../../common/validation/phone-destination';
import { AppConfig, FraudGuardConfig } from '../../config/app-config';
import { SecurityEvents } from '../../observability/security-events.service';
import { Lease, SharedState, WindowShape } from '../state/shared-state';
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

  /** Refuses a new enrollment to a suspended country or range: `429 destination_suspended`. */
  async assertOpen(destination: PhoneDestination, ctx: CallContext): Promise<void> {
    if (!this.settings.enabled) return;
    const scopes = this.scopesOf(destination);
    const held = await this.state.leases(
      REGISTRY,
      scopes.map(({ id }) => id),
    );
    if (held.length === 0) return;
    const until = Math.max(...held.map(({ untilMs }) => untilMs));
    const scope = scopes.find(({ id }) => id === held[0].id)?.scope ?? 'country';
    this.events.rateLimited(ctx, `fraud_guard_${scope}`);
    throw new GatewayError(ErrorCode.DestinationSuspended, {
      detail:
        scope === 'country'
          ? 'New enrollments to numbers in this country are paused: most codes sent there recently were never confirmed.'
          : 'New enrollments to numbers in this range are paused: most codes sent there recently were never confirmed.',
      retryAfter: Math.max(1, Math.ceil((until - this.clock.now()) / 1000)),
    });
  }

  /**
   * A code went to a new number: counted for its country and range, the pending enrollment remembered
   * under a hash of its `oob_code` until it is confirmed or the window has passed, and each place judged.
   */
  async sent(destination: PhoneDestination, oobCode: string): Promise<void> {
    if (!this.settings.enabled) return;
    const scopes = this.scopesOf(destination);
    const windowKeys = scopes.map(({ windowKey }) => windowKey);
    const [totals] = await Promise.all([
      this.state.addToWindows(windowKeys, 'sent', this.shape),
      this.state.set(this.pendingKey(oobCode), JSON.stringify(windowKeys), this.shape.windowMs),
    ]);
    await Promise.all(
      scopes.map((scoped, i) =>
        this.judge(scoped, destination, totals[i].sent ?? 0, totals[i].confirmed ?? 0),
      ),
    );
  }

  /** An enrollment was confirmed with this `oob_code`; a code the guard never saw counts nothing. */
  async confirmed(oobCode: string): Promise<void> {
    if (!this.settings.enabled) return;
    const pending = await this.state.take(this.pendingKey(oobCode));
    if (pending === undefined) return;
    await this.state.addToWindows(JSON.parse(pending) as string[], 'confirmed', this.shape);
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

  private async judge(
    { scope, id, windowKey }: Scoped,
    destination: PhoneDestination,
    sent: number,
    confirmed: number,
  ): Promise<void> {
    const { minSends, minConfirmationPercent, suspensionSeconds } = this.settings;
    if (sent < minSends || confirmed * 100 >= minConfirmationPercent * sent) return;
    const now = this.clock.now();
    const stored: StoredSuspension = {
      scope,
      country_code: destination.countryCode,
      regions: regionsOf(destination.countryCode),
      ...(scope === 'number_range'
        ? { number_range: maskRange(destination.range, destination.countryCode) }
        : {}),
      suspended_at: new Date(now).toISOString(),
      sent,
      confirmed,
      windowKey,
    };
    const granted = await this.state.grantLease(REGISTRY, {
      id,
      untilMs: now + suspensionSeconds * 1000,
      value: JSON.stringify(stored),
    });
    if (granted) this.events.destinationSuspended(scope, destination.countryCode);
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
  const { windowKey: _windowKey, ...shown } = JSON.parse(value) as StoredSuspension;
  return { id, ...shown, lifts_at: new Date(untilMs).toISOString() };
}
