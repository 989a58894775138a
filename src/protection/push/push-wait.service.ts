import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { WaitPreference } from '../../common/http/prefer-wait';
import { ConfigService } from '@nestjs/config';
import { OOB_CODE_LIFETIME_SECONDS } from '../../common/timing/timing-hints';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import type { CallContext } from '../../common/http/call-context';
import { Clock } from '../../config/clock';
import { AppConfig } from '../../config/app-config';
import { settleFor } from '../admission/request-batch';
import { openRecord, recordKey, sealRecord } from '../idempotency/sealed-record';
import { SharedState } from '../state/shared-state';
import { StateKeys } from '../state/state-keys';

const CODE_LIFETIME_MS = OOB_CODE_LIFETIME_SECONDS * 1000;

/**
 * Waiting for a push approval at Auth0's pace (docs/api.md, "Push"). The gateway remembers, under a
 * hash of each `oob_code` it hands out, which channel it belongs to. For a push code without a
 * `binding_code` it polls Auth0 itself no faster than the interval — one poll per interval for one code
 * and bearer, across instances through the shared state — and every request in between gets
 * `authorization_pending` with the time left, or the outcome the last poll found.
 */
@Injectable()
export class PushWait implements BeforeApplicationShutdown {
  private readonly intervalMs: number;
  /** Aborted at shutdown: every held request answers its current state at once. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly state: SharedState,
    private readonly keys: StateKeys,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.intervalMs = config.get('pushPollIntervalSeconds', { infer: true }) * 1000;
  }

  /** Remembers the channel of an `oob_code` the gateway handed out, in the request's settlement. */
  remember(oobCode: string, channel: string, ctx: CallContext): Promise<void> {
    return settleFor(ctx, this.state, {
      op: 'set',
      key: this.keys.of('oob', oobCode),
      value: channel,
      ttlMs: CODE_LIFETIME_MS,
    });
  }

  /** The channel of an `oob_code`, when the gateway handed it out within its lifetime. */
  channelOf(oobCode: string): Promise<string | undefined> {
    return this.state.get(this.keys.of('oob', oobCode));
  }

  beforeApplicationShutdown(): void {
    this.shutdown.abort();
  }

  /**
   * `wait`, held with `Prefer: wait=N`: polls at the pace until an outcome or N seconds, whichever comes
   * first, and answers the state it has when the client goes away or the gateway shuts down.
   */
  async hold<T>(
    oobCode: string,
    bearer: string,
    poll: () => Promise<T>,
    preference: WaitPreference | undefined,
  ): Promise<T> {
    if (!preference) return this.wait(oobCode, bearer, poll);
    preference.applied();
    const deadline = this.clock.now() + preference.seconds * 1000;
    const signal = AbortSignal.any([preference.signal, this.shutdown.signal]);
    for (;;) {
      try {
        return await this.wait(oobCode, bearer, poll);
      } catch (error) {
        const nextMs = isPending(error) ? (error.retryAfter ?? 1) * 1000 : undefined;
        if (nextMs === undefined || signal.aborted || this.clock.now() + nextMs > deadline) {
          throw error;
        }
        await this.clock.sleep(nextMs, signal);
        if (signal.aborted) throw error;
      }
    }
  }

  /**
   * Polls Auth0 (`poll`) for a push code, at most once per interval for this code and bearer. The
   * outcome of a poll that ended the wait (tokens, a rejection, an expiry) is kept, sealed with the
   * bearer, so that every request waiting on the same code gets the same answer.
   */
  async wait<T>(oobCode: string, bearer: string, poll: () => Promise<T>): Promise<T> {
    const paceKey = this.keys.of('push:pace', oobCode, bearer);
    const outcomeKey = this.keys.of('push:outcome', oobCode, bearer);
    const sealKey = recordKey(bearer);
    const stored = await this.state.get(outcomeKey);
    if (stored !== undefined) return reopen<T>(sealKey, stored);
    const now = this.clock.now();
    // The pace is dated by the gateway's clock (the stored moment), the key's expiry only collects it.
    const held = await this.state.get(paceKey);
    if (held !== undefined && Number(held) <= now) await this.state.deleteIf(paceKey, held);
    const claimed = await this.state.putIfAbsent(
      paceKey,
      String(now + this.intervalMs),
      this.intervalMs * 2,
    );
    if (!claimed) {
      const until = Number((await this.state.get(paceKey)) ?? now + this.intervalMs);
      throw pending(Math.max(1, Math.ceil((until - now) / 1000)));
    }
    try {
      const tokens = await poll();
      await this.keep(outcomeKey, sealKey, { ok: tokens });
      return tokens;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (error.kind === ErrorCode.AuthorizationPending) throw pending(this.intervalMs / 1000);
      if (error.kind === ErrorCode.SlowDown) {
        // Auth0 wants more time between polls: the gateway waits longer, the client is not told off.
        const slower = this.intervalMs * 2;
        await this.state.set(paceKey, String(this.clock.now() + slower), slower * 2);
        throw pending(slower / 1000);
      }
      const outcome =
        error.code === 'access_denied' ? new GatewayError(ErrorCode.PushRejected) : error;
      if (outcome.kind === ErrorCode.PushRejected || outcome.kind === ErrorCode.OobCodeExpired) {
        await this.keep(outcomeKey, sealKey, { error: outcome.kind });
      }
      throw outcome;
    }
  }

  private keep(key: string, sealKey: Buffer, outcome: Outcome<unknown>): Promise<void> {
    return this.state.set(
      key,
      sealRecord(sealKey, { state: 'done', fingerprint: 'push', body: outcome }),
      CODE_LIFETIME_MS,
    );
  }
}

type Outcome<T> = { ok: T } | { error: ErrorCode };

function reopen<T>(sealKey: Buffer, stored: string): T {
  const record = openRecord(sealKey, stored);
  if (record?.state !== 'done') throw pending(1);
  const outcome = record.body as Outcome<T>;
  if ('ok' in outcome) return outcome.ok;
  throw new GatewayError(outcome.error);
}

function isPending(error: unknown): error is GatewayError {
  return error instanceof GatewayError && error.kind === ErrorCode.AuthorizationPending;
}

function pending(retryAfter: number): GatewayError {
  return new GatewayError(ErrorCode.AuthorizationPending, { retryAfter });
}
