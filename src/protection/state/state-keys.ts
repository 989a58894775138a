import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, createSecretKey, hkdfSync, KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/**
 * Names shared-state keys without putting what they are about into Redis. The identities behind them are
 * often guessable (a phone number, a username), so a plain hash could be reversed by anyone reading Redis;
 * an HMAC keyed with a secret every instance shares (derived from the Auth0 client credential — the client
 * secret or the assertion key — which they all hold) cannot. It is the credential read at start, not one
 * rotated on SIGHUP: a rotation must not reset every limit; instances pick up the new one as they restart.
 */
@Injectable()
export class StateKeys {
  /** A KeyObject: handing createHmac raw bytes would import the key again on every call. */
  private readonly key: KeyObject;

  constructor(config: ConfigService<AppConfig, true>) {
    const auth0 = config.get('auth0', { infer: true });
    const secret = auth0.clientSecret ?? auth0.clientAssertion?.privateKeyPem;
    if (!secret) throw new Error('no Auth0 client credential to key shared state with');
    this.key = createSecretKey(
      Buffer.from(hkdfSync('sha256', secret, 'mfa-gateway', 'shared-state-keys', 32)),
    );
  }

  /** `namespace:` followed by a digest of the parts (joined unambiguously). */
  of(namespace: string, ...parts: string[]): string {
    const mac = createHmac('sha256', this.key);
    for (const part of parts) mac.update(`${part.length}:${part}`);
    return `${namespace}:${mac.digest('base64url')}`;
  }
}
