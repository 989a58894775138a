import { createPrivateKey, KeyObject } from 'node:crypto';

/** The algorithms Auth0 accepts for a Private Key JWT credential. */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'PS256'] as const;
export type ClientAssertionAlgorithm = (typeof CLIENT_ASSERTION_ALGORITHMS)[number];

/**
 * The private key of AUTH0_CLIENT_ASSERTION_KEY, or why it is unusable — in words that name the variable and
 * never quote the key. Auth0 takes RSA keys only (PKCS#8 or PKCS#1 PEM); PS256 also accepts an RSA-PSS key.
 */
export function parseClientAssertionKey(
  pem: string,
  alg: ClientAssertionAlgorithm,
): { key: KeyObject } | { problem: string } {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return { problem: 'AUTH0_CLIENT_ASSERTION_KEY is not a PEM-encoded private key' };
  }
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && !(type === 'rsa-pss' && alg === 'PS256')) {
    return {
      problem: `AUTH0_CLIENT_ASSERTION_KEY must be an RSA private key for ${alg} (it is ${type ?? 'unknown'})`,
    };
  }
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    return { problem: 'AUTH0_CLIENT_ASSERTION_KEY must be an RSA key of at least 2048 bits' };
  }
  return { key };
}
