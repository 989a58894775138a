import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Secrets a caller must present one of (API keys, the metrics token), compared without a timing side
 * channel: both sides are SHA-256 digests of one length, compared with `timingSafeEqual`, and every
 * secret is compared every time, so neither the position of a wrong byte nor which secret matched shows
 * in the response time.
 */
export class SecretSet {
  private readonly digests: Buffer[];

  constructor(secrets: readonly string[]) {
    this.digests = secrets.map(digest);
  }

  /** One optional secret (a token that may be unset): empty when it is. */
  static ofOptional(this: void, secret: string | undefined): SecretSet {
    return new SecretSet(secret ? [secret] : []);
  }

  get empty(): boolean {
    return this.digests.length === 0;
  }

  has(candidate: string): boolean {
    return this.indexOf(candidate) >= 0;
  }

  /** Which secret `candidate` is (its position as given), or -1. */
  indexOf(candidate: string): number {
    const presented = digest(candidate);
    let matched = -1;
    this.digests.forEach((secret, i) => {
      if (timingSafeEqual(secret, presented)) matched = i;
    });
    return matched;
  }
}
