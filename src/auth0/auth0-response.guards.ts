import { isRecord } from './auth0-answer';
import type {
  AssociateResponse,
  Auth0Authenticator,
  ChallengeResponse,
  TokenSet,
} from './auth0.types';

/**
 * Just enough checking of Auth0's success bodies that a proxy's page or a wrong endpoint is a 502
 * rather than an `undefined` deep inside a feature service. Extra fields are left alone.
 */
export function isTokenSet(value: unknown): value is TokenSet {
  return (
    isRecord(value) &&
    typeof value.access_token === 'string' &&
    typeof value.token_type === 'string' &&
    typeof value.expires_in === 'number'
  );
}

export function isAssociateResponse(value: unknown): value is AssociateResponse {
  return (
    isRecord(value) && (value.authenticator_type === 'oob' || value.authenticator_type === 'otp')
  );
}

export function isChallengeResponse(value: unknown): value is ChallengeResponse {
  return isRecord(value) && (value.challenge_type === 'oob' || value.challenge_type === 'otp');
}

export function isAuthenticatorList(value: unknown): value is Auth0Authenticator[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        isRecord(item) &&
        typeof item.id === 'string' &&
        typeof item.authenticator_type === 'string',
    )
  );
}
