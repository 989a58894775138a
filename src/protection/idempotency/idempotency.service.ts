import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'safe-stable-stringify';
import { failureCauseOf } from '../../common/errors/upstream-failure';
import { AppConfig } from '../../config/app-config';
import { SecurityEvents } from '../../observability/security-events.service';
import { ErrorCode } from '../../common/errors/error-code';
import { GatewayError } from '../../common/errors/gateway-error';
import { extractBearer } from '../../common/http/bearer-token.decorator';
import { CallContext, callContextOf } from '../../common/http/call-context';
import { batchOf, ClaimTaken, RequestBatch } from '../admission/request-batch';
import { SharedState } from '../state/shared-state';
import { StateKeys } from '../state/state-keys';
import { IdempotencyScope } from './idempotency-scope.decorator';
import { IdempotencyRecord, openRecord, recordKey, sealRecord, StoredError } from './sealed-record';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** How often a duplicate looks whether the first request has finished. */
const POLL_MS = 25;

/**
 * `Idempotency-Key` (docs/api.md, "Safety features"): the same key, bearer and body within the TTL replay
 * the first answer without calling Auth0 again, so a client retrying after a lost response never sends a
 * second code. A duplicate that arrives while the first is still running waits for its answer. Only
 * answers Auth0 gave are kept: when the first attempt got none (timeout, Auth0 down, refused by a limit
 * here), the claim is released and a retry with the same key really retries.
 *
 * Controllers call `run` around their work rather than declaring a Nest interceptor: any interceptor on a
 * route makes Nest run every request of it through an rxjs pipeline (a ReplaySubject, a disconnect
 * watcher, `lastValueFrom`), key or no key — 10–27 % of the gateway's CPU per challenge in `bench/`.
 */
@Injectable()
export class Idempotency {
  private readonly ttlMs: number;
  /** Long enough that a running first request always finishes (Auth0's timeout) before its claim expires. */
  private readonly claimTtlMs: number;

  constructor(
    private readonly state: SharedState,
    private readonly keys: StateKeys,
    private readonly events: SecurityEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.ttlMs = config.get('idempotencyTtlSeconds', { infer: true }) * 1000;
    this.claimTtlMs = config.get('auth0.timeoutMs', { infer: true }) * 2 + 5000;
  }

  /**
   * Runs `work` once per key: without an `Idempotency-Key` header, simply runs it. On a batched route
   * (`RequestBatch`) the claim is put by the feature's admission, in the same round trip as its limits,
   * and the answer is stored with the rest of the request's settlement: two round trips in all.
   */
  async run<T>(scope: IdempotencyScope, ctx: CallContext, work: () => Promise<T>): Promise<T> {
    const batch = batchOf(ctx);
    try {
      const key = scope.request.headers['idempotency-key'];
      if (key === undefined) return await work();
      if (!batch) throw new Error('Idempotency needs a route with @BatchedState()');
      return (await this.once(scope.request, scope.reply, key, batch, work)) as T;
    } finally {
      await batch?.flush(this.state);
    }
  }

  private async once(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string | string[],
    batch: RequestBatch,
    work: () => Promise<unknown>,
  ): Promise<unknown> {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new GatewayError(ErrorCode.ValidationFailed, {
        errors: [
          { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
        ],
      });
    }
    const bearer = extractBearer(request.headers.authorization);
    const sealKey = recordKey(bearer);
    const apiKey = request.headers['x-api-key'];
    const storeKey = this.keys.of('idem', typeof apiKey === 'string' ? apiKey : '', bearer, key);
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.routeOptions.url ?? ''} ${stringify(request.body)}`)
      .digest('base64url');

    const giveUpAt = Date.now() + 2 * this.claimTtlMs;
    while (Date.now() < giveUpAt) {
      const claim = sealRecord(sealKey, { state: 'pending', fingerprint, claim: randomUUID() });
      batch.claim = { key: storeKey, value: claim, ttlMs: this.claimTtlMs };
      let stored: string | undefined;
      try {
        return await this.first(batch, storeKey, sealKey, fingerprint, claim, work);
      } catch (error) {
        if (!(error instanceof ClaimTaken)) throw error;
        stored = error.value;
      }
      // Another request holds the key: its answer, once it has one, is this request's.
      while (stored !== undefined && Date.now() < giveUpAt) {
        const record = openRecord(sealKey, stored);
        if (record?.fingerprint !== fingerprint) {
          throw new GatewayError(ErrorCode.IdempotencyKeyReused);
        }
        if (record.state !== 'pending') return this.replay(request, reply, record);
        await sleep(POLL_MS);
        stored = await this.state.get(storeKey);
      }
      // The first request gave its claim up: this one tries for real, its own limits already counted.
    }
    throw new GatewayError(ErrorCode.UpstreamTimeout, {
      detail: 'The first request with this Idempotency-Key has not finished; try again.',
    });
  }

  private async first(
    batch: RequestBatch,
    storeKey: string,
    sealKey: Buffer,
    fingerprint: string,
    claim: string,
    work: () => Promise<unknown>,
  ): Promise<unknown> {
    let body: unknown;
    try {
      body = await work();
    } catch (error) {
      if (error instanceof ClaimTaken) throw error;
      if (isAuth0Verdict(error)) {
        const record = { state: 'failed', fingerprint, error: storable(error) } as const;
        batch.settle({
          op: 'set',
          key: storeKey,
          value: sealRecord(sealKey, record),
          ttlMs: this.ttlMs,
        });
      } else if (batch.admitted) {
        batch.settle({ op: 'deleteIf', key: storeKey, expected: claim });
      }
      throw error;
    }
    if (!batch.admitted) {
      // The claim is put by the admission (RateLimiter.charged): work that never went through one could
      // run twice for one key. A programming error, not the caller's.
      throw new Error(
        'an idempotent route ran its work without an admission (RateLimiter.charged)',
      );
    }
    batch.settle({
      op: 'set',
      key: storeKey,
      value: sealRecord(sealKey, { state: 'done', fingerprint, body }),
      ttlMs: this.ttlMs,
    });
    return body;
  }

  private replay(
    request: FastifyRequest,
    reply: FastifyReply,
    record: Exclude<IdempotencyRecord, { state: 'pending' }>,
  ): unknown {
    this.events.idempotentReplay(callContextOf(request, reply));
    void reply.header('idempotent-replayed', 'true');
    if (record.state === 'done') return record.body;
    throw revived(record.error);
  }
}

/** Auth0 judged the request (a 4xx other than its rate limit): the same request would get the same. */
function isAuth0Verdict(error: unknown): error is GatewayError {
  return (
    error instanceof GatewayError &&
    failureCauseOf(error)?.kind === 'client' &&
    error.status !== 429
  );
}

function storable(error: GatewayError): StoredError {
  const { kind, code, status, title, detail, retryAfter, extensions } = error;
  return { kind, code, status, title, detail, retryAfter, extensions };
}

function revived(stored: StoredError): GatewayError {
  return new GatewayError(stored.kind as ErrorCode, {
    passThroughCode: stored.code,
    status: stored.status,
    title: stored.title,
    detail: stored.detail,
    retryAfter: stored.retryAfter,
    extensions: stored.extensions,
  });
}
