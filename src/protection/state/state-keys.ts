import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHmac, createSecretKey, hkdfSync, KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/**
 * Names shared-state keys without putting what they are about into Redis. The identities behind them are
 * often guessable (a phone number, a username), so a plain hash could be reversed by anyone reading Redis;
 * an HMAC keyed with a secret every instance shares (derived from the Auth0 client secret, which they all
 * hold) cannot.
 */
@Injectable()
export class StateKeys {
  /** A KeyObject: handing createHmac raw bytes would import the key again on every call. */
  private readonly key: KeyObject;

  constructor(config: ConfigService<AppConfig, true>) {
    const secret = config.get('auth0.clientSecret', { infer: true });
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
