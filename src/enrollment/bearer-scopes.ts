import { decodeJwt } from 'jose';

/**
 * Whether a bearer is an access token that claims `remove:authenticators`, read WITHOUT verifying it:
 * only to decide whether to try removing abandoned enrollments. Auth0 verifies the token on each call
 * and refuses what it does not allow, so a forged claim gains nothing. An opaque mfa_token is never one.
 */
export function claimsRemoveAuthenticators(bearer: string): boolean {
  if (!bearer.startsWith('eyJ')) return false;
  try {
    const { scope } = decodeJwt(bearer);
    return typeof scope === 'string' && scope.split(' ').includes('remove:authenticators');
  } catch {
    return false;
  }
}
