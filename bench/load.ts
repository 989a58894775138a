import autocannon from 'autocannon';
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET } from './processes';

/** Pads tokens to the length of a real Auth0 mfa_token (a few hundred characters). */
const TOKEN_FILLER = 'x'.repeat(180);
/** Every token the bench sends starts with this, so the log check can look for it. */
export const TOKEN_PREFIX = 'Fe26.2**bench';

/**
 * Differs between bench processes, so that two runs against one gateway (or one Redis) never reuse an
 * identity: a repeated authenticator id within CHALLENGE_COOLDOWN_SECONDS would be answered 429.
 */
const RUN_ID = `${process.pid.toString(36)}${(Date.now() % 36 ** 4).toString(36)}`;
let sequence = 0;

/**
 * A fresh bearer token and authenticator id for every request, across all runs: the gateway's per-token
 * limit and per-authenticator resend cooldown must never answer instead of Auth0.
 */
function nextIdentity(): { token: string; authenticatorId: string; clientIp: string } {
  const i = sequence++;
  const n = `${RUN_ID}_${i.toString(36)}`;
  return {
    token: `${TOKEN_PREFIX}${n}*${TOKEN_FILLER}`,
    authenticatorId: `sms|dev_bench${n}`,
    // 10.0.0.0/8 holds 16 million: a new client address for every request of any run.
    clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  };
}

export type Target = 'proxy' | 'upstream';

/** One challenge request, as `challengeRequests` sends it. */
export interface ChallengeRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * `proxy`: `POST /v1/challenges` as a caller sends it (the gateway and the baseline).
 * `upstream`: the `/mfa/challenge` request a proxy sends, straight to the stub (the load generator's
 * own ceiling on this machine). `forwardedFor` gives each a client address of its own;
 * `idempotencyKey` each an `Idempotency-Key`.
 */
export function nextChallenge(
  target: Target,
  options: { forwardedFor?: boolean; idempotencyKey?: boolean } = {},
): ChallengeRequest {
  const { token, authenticatorId, clientIp } = nextIdentity();
  if (target === 'upstream') {
    return {
      path: '/mfa/challenge',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: BENCH_CLIENT_ID,
        client_secret: BENCH_CLIENT_SECRET,
        mfa_token: token,
        challenge_type: 'oob',
        authenticator_id: authenticatorId,
      }),
    };
  }
  return {
    path: '/v1/challenges',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(options.forwardedFor ? { 'x-forwarded-for': clientIp } : {}),
      ...(options.idempotencyKey ? { 'idempotency-key': `bench-${authenticatorId}` } : {}),
    },
    body: JSON.stringify({ authenticator_id: authenticatorId, challenge_type: 'oob' }),
  };
}

export function challengeRequests(target: Target, forwardedFor = false): autocannon.RequestSpec[] {
  return [
    {
      method: 'POST',
      setupRequest: (request): autocannon.RawRequest => ({
        ...request,
        ...nextChallenge(target, { forwardedFor }),
      }),
    },
  ];
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  total: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  target: Target;
  connections: number;
  durationSeconds?: number;
  amount?: number;
  /** A new `X-Forwarded-For` client address on every request (the gateway must trust the proxy). */
  forwardedFor?: boolean;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
        timeout: 10,
        requests: challengeRequests(options.target, options.forwardedFor),
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
          statusCodes[code] = stat.count;
        }
        resolvePromise({
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          total: result['2xx'] + result.non2xx,
          statusCodes,
        });
      },
    );
  });
}
