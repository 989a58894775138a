import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hash, hkdfSync } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/**
 * Names shared-state keys without putting what they are about into Redis. The identities behind them are
 * often guessable (a phone number, a username), so a plain hash could be reversed by anyone reading Redis;
 * a hash keyed with a secret every instance shares (derived from the Auth0 client credential — the client
 * secret or the assertion key — which they all hold) cannot. It is the credential read at start, not one
 * rotated on SIGHUP: a rotation must not reset every limit; instances pick up the new one as they restart.
 *
 * The keyed hash is SHA3-256 over the key followed by the message. SHA-3 has no length extension, so
 * prefixing the key makes it a MAC (the construction KMAC is built on), and a one-shot `crypto.hash` call
 * costs a fraction of a `createHmac` object: this runs several times on every request (bench/README.md,
 * round 6).
 */
@Injectable()
export class StateKeys {
  /** Hex, a fixed 64 characters, so that no message can shift where the key ends. */
  private readonly key: string;

  constructor(config: ConfigService<AppConfig, true>) {
    const auth0 = config.get('auth0', { infer: true });
    const secret = auth0.clientSecret ?? auth0.clientAssertion?.privateKeyPem;
    if (!secret) throw new Error('no Auth0 client credential to key shared state with');
    this.key = Buffer.from(
      hkdfSync('sha256', secret, 'mfa-gateway', 'shared-state-keys', 32),
    ).toString('hex');
  }

  /** `namespace:` followed by a keyed digest of the parts (joined unambiguously). */
  of(namespace: string, ...parts: string[]): string {
    let message = this.key;
    for (const part of parts) message += `${part.length}:${part}`;
    return `${namespace}:${hash('sha3-256', message, 'base64url')}`;
  }
}
