import { decodeJwt } from 'jose';

const MAX_SUBJECT_LENGTH = 256;

/**
 * The `sub` claim of a JWT, read WITHOUT verifying it: only for the audit log's `user_id`, only from
 * tokens Auth0 has just issued or accepted. Anything that is not a JWT (an opaque `mfa_token`) gives
 * undefined. The token itself is never returned or logged.
 */
export function subjectOf(token: string | undefined): string | undefined {
  if (!token?.startsWith('eyJ')) return undefined;
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === 'string' && sub.length > 0 && sub.length <= MAX_SUBJECT_LENGTH
      ? sub
      : undefined;
  } catch {
    return undefined;
  }
}

/** The user of a token set: the id_token's subject, else the access token's. */
export function subjectOfTokens(tokens: {
  id_token?: string;
  access_token?: string;
}): string | undefined {
  return subjectOf(tokens.id_token) ?? subjectOf(tokens.access_token);
}
