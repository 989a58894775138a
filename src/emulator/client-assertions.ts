import { createPublicKey, KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { EmulatorClock } from './clock';
import { EmulatorError } from './emulator-errors';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What a Private Key JWT credential may be signed with (the Dashboard's choice). */
export const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'PS256'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

/** One credential of an application: a public key, the algorithm chosen for it, the `kid` Auth0 gave it. */
export interface ClientPublicKey {
  key: KeyObject;
  alg: AssertionAlgorithm;
  kid?: string;
}

/** As configured: a PEM public key (SPKI or PKCS#1), or a private key whose public half is meant. */
export interface ClientPublicKeyOption {
  pem: string;
  alg?: AssertionAlgorithm;
  kid?: string;
}

/** Auth0 supports assertion lifetimes up to five minutes. */
const MAX_LIFETIME_S = 300;

export function toClientPublicKey(option: ClientPublicKeyOption): ClientPublicKey {
  const alg = option.alg ?? 'RS256';
  if (!ASSERTION_ALGORITHMS.includes(alg)) {
    throw new Error(`alg must be one of ${ASSERTION_ALGORITHMS.join(', ')}`);
  }
  return { key: createPublicKey(option.pem), alg, ...(option.kid ? { kid: option.kid } : {}) };
}

interface AssertingClient {
  clientId: string;
  publicKeys?: readonly ClientPublicKey[];
}

const unauthorized = () => new EmulatorError(401, 'access_denied', 'Unauthorized');

/**
 * Checks client assertions as a tenant does: signed by one of the application's keys with its algorithm,
 * `iss` = `sub` = the client id, `aud` the tenant's issuer URL, not expired, at most five minutes long,
 * and each `jti` used once. Every failure is the same `401 access_denied` a wrong secret gets.
 */
export class ClientAssertions {
  /** `client id + jti` → when the assertion expires; kept until then, which is all replay needs. */
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly audience: string,
    private readonly clock: EmulatorClock,
  ) {}

  async verify<C extends AssertingClient>(
    assertion: string,
    clientIdField: string | undefined,
    clients: { readonly clients: readonly C[] },
  ): Promise<C> {
    let claimedIssuer: unknown;
    let kid: unknown;
    try {
      claimedIssuer = decodeJwt(assertion).iss;
      kid = decodeProtectedHeader(assertion).kid;
    } catch {
      throw unauthorized();
    }
    const clientId = clientIdField ?? claimedIssuer;
    const client = clients.clients.find((c) => c.clientId === clientId);
    const keys = (client?.publicKeys ?? []).filter(
      (candidate) => kid === undefined || candidate.kid === undefined || candidate.kid === kid,
    );
    if (!client || keys.length === 0) throw unauthorized();
    const now = this.clock.nowSeconds();
    for (const key of keys) {
      const payload = await this.verifiedWith(assertion, key, client.clientId, now);
      if (payload) {
        this.spend(client.clientId, payload, now);
        return client;
      }
    }
    throw unauthorized();
  }

  private async verifiedWith(
    assertion: string,
    key: ClientPublicKey,
    clientId: string,
    now: number,
  ): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(assertion, key.key, {
        algorithms: [key.alg],
        issuer: clientId,
        subject: clientId,
        audience: this.audience,
        currentDate: new Date(now * 1000),
        requiredClaims: ['exp', 'jti'],
      });
      return payload;
    } catch {
      return undefined;
    }
  }

  private spend(clientId: string, payload: JWTPayload, now: number): void {
    const exp = payload.exp ?? 0;
    if (exp - (payload.iat ?? now) > MAX_LIFETIME_S || typeof payload.jti !== 'string') {
      throw unauthorized();
    }
    // Oldest first (insertion order): stop at the first still live, so pruning costs only what expired.
    for (const [id, expires] of this.spent) {
      if (expires >= now) break;
      this.spent.delete(id);
    }
    const id = `${clientId}\u0000${payload.jti}`;
    if (this.spent.has(id)) throw unauthorized();
    this.spent.set(id, exp);
  }
}
