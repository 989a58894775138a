import { SetMetadata } from '@nestjs/common';
import type { CallContext, StateBatch } from '../../common/http/call-context';
import { CountedEvent, Settlement, SettlementResult, SharedState } from '../state/shared-state';
import type { LimitName } from '../rate-limit/limits';

/** Marks a route whose shared-state work is batched: one admission, one settlement (`RequestBatch`). */
export const BATCHED_STATE = 'mfa-gateway:batched-state';
export const BatchedState = (): MethodDecorator => SetMetadata(BATCHED_STATE, true);

/** A counted event with the limit it belongs to, so a refusal can say which. */
export interface NamedEvent extends CountedEvent {
  name: LimitName;
}

/** An idempotency claim that the admission puts when the request goes ahead. */
export interface Claim {
  key: string;
  value: string;
  ttlMs: number;
}

/**
 * The shared-state work of one request, so that it costs two Redis round trips however many features
 * take part: the rate-limit guard leaves the request's own limits here instead of counting them; the
 * feature's admission counts them with its own limits, its suspensions and its idempotency claim in one
 * script; everything the outcome leaves behind (the answer to replay, a refund, the fraud guard's count)
 * is queued and sent as one pipeline at the end.
 */
export class RequestBatch implements StateBatch {
  readonly batched = true;
  /** Set once the admission has run: the request's own limits are counted then. */
  admitted = false;
  /** Set once the feature has sent its settlement; a request that never reached it is settled after. */
  flushed = false;
  claim?: Claim;
  private readonly queued: { settlement: Settlement; then?: (result: SettlementResult) => void }[] =
    [];

  constructor(
    /** The request's own limits (client IP, bearer), counted in the admission. */
    public always: NamedEvent[],
  ) {}

  settle(settlement: Settlement, then?: (result: SettlementResult) => void): void {
    this.queued.push({ settlement, then });
  }

  /**
   * Sends what is queued in one round trip. A request that ended before its admission (refused by
   * validation, say) still has its own limits counted, without refusing: it happened.
   */
  async flush(state: SharedState): Promise<void> {
    this.flushed = true;
    if (!this.admitted && this.always.length > 0) {
      this.queued.unshift({ settlement: { op: 'count', events: this.always } });
      this.always = [];
    }
    const queued = this.queued.splice(0);
    if (queued.length === 0) return;
    const results = await state.settle(queued.map(({ settlement }) => settlement));
    queued.forEach(({ then }, i) => then?.(results[i]));
  }
}

/** The request's batch, when its route batches. */
export function batchOf(ctx: CallContext): RequestBatch | undefined {
  return ctx.stateBatch instanceof RequestBatch ? ctx.stateBatch : undefined;
}

/**
 * Records one settlement for the request: in its batch, sent with the rest at the end, when the route
 * batches; else at once, on its own.
 */
export async function settleFor(
  ctx: CallContext,
  state: SharedState,
  settlement: Settlement,
  then?: (result: SettlementResult) => void,
): Promise<void> {
  const batch = batchOf(ctx);
  if (batch) return batch.settle(settlement, then);
  const [result] = await state.settle([settlement]);
  then?.(result);
}

/** Thrown by an admission that found an idempotency record already there; `Idempotency` answers it. */
export class ClaimTaken extends Error {
  constructor(readonly value: string) {
    super('idempotency claim taken');
  }
}
