import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KeyObject, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppConfig, Auth0Config } from '../config/app-config';
import { parseClientAssertionKey } from '../config/client-assertion-key';
import { Clock } from '../config/clock';
import { Secrets } from '../config/secrets';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * A minute: Auth0 accepts up to five and recommends the shortest lifetime that works; each assertion is
 * used once, right after it is made, so one minute leaves room only for clock skew.
 */
const ASSERTION_LIFETIME_S = 60;

/** The client credentials of one call to `/oauth/token` or `/mfa/challenge`, as body fields. */
export type ClientCredentials =
  | { client_id: string; client_secret: string }
  | { client_id: string; client_assertion_type: string; client_assertion: string };

/**
 * How the gateway proves to Auth0 which application it is: the client secret, or — with
 * AUTH0_CLIENT_ASSERTION_KEY — a fresh Private Key JWT assertion per call (RFC 7523), signed with jose.
 * Both come from `Secrets` on every call, so a key or secret rotated on SIGHUP is used from the next call on.
 */
@Injectable()
export class ClientAuthentication {
  private readonly auth0: Auth0Config;
  private readonly audience: string;
  private readonly signingKey: () => KeyObject | undefined;

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly secrets: Secrets,
    private readonly clock: Clock,
  ) {
    this.auth0 = config.get('auth0', { infer: true });
    // With the trailing slash: the tenant's issuer, which Auth0 compares the `aud` with.
    this.audience = `https://${this.auth0.domain}/`;
    const alg = this.auth0.clientAssertion?.alg ?? 'RS256';
    this.signingKey = secrets.derive('clientAssertionKey', (clientAssertionKey) => {
      if (!clientAssertionKey) return undefined;
      const parsed = parseClientAssertionKey(clientAssertionKey, alg);
      // Secrets validates a key before it replaces the one in use, so this holds after start too.
      if ('problem' in parsed) throw new Error(parsed.problem);
      return parsed.key;
    });
  }

  /** The credential fields for one call. An assertion is never reused: each has its own `jti`. */
  async credentials(): Promise<ClientCredentials> {
    const clientId = this.auth0.clientId;
    const key = this.signingKey();
    const assertion = this.auth0.clientAssertion;
    if (key && assertion) {
      const now = Math.floor(this.clock.now() / 1000);
      const jwt = await new SignJWT({})
        .setProtectedHeader({
          alg: assertion.alg,
          typ: 'JWT',
          ...(assertion.kid ? { kid: assertion.kid } : {}),
        })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(this.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ASSERTION_LIFETIME_S)
        .setJti(randomUUID())
        .sign(key);
      return {
        client_id: clientId,
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: jwt,
      };
    }
    const secret = this.secrets.current.clientSecret;
    if (!secret) throw new Error('no Auth0 client credential configured');
    return { client_id: clientId, client_secret: secret };
  }
}
