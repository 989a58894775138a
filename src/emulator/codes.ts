import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/*
 * Every secret the emulator hands out comes from node:crypto: binding codes, opaque tokens, recovery codes,
 * TOTP secrets and ids (docs/security.md: codes from a CSPRNG).
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** The 6 digits a user types. */
export function bindingCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** What Auth0's sealed tokens measure on the wire (docs/auth0-wire.md, "Tokens and codes"). */
export const SEALED_LENGTH = { mfaToken: 2000, oobCode: 580, pushOobCode: 620 } as const;

/**
 * Auth0's opaque tokens (mfa_token, oob_code) are iron-sealed strings: `Fe26.2*`, then seven `*`-separated
 * parts (password id, salt, iv, sealed data, expiry, HMAC salt, HMAC), as recorded from a real tenant. These
 * have that shape and the recorded length, so header and body limits meet what production meets; the
 * sealed part is random, not encrypted. Only URL-safe characters besides `*`, because the seeds' curl
 * lines send them unencoded in form bodies.
 */
export function opaqueToken(length: number, expiresAtMs: number): string {
  const parts = [
    'Fe26.2',
    '1',
    randomBytes(32).toString('hex'),
    randomBytes(16).toString('base64url'),
    '',
    String(Math.floor(expiresAtMs)),
    randomBytes(32).toString('hex'),
    randomBytes(32).toString('base64url'),
  ];
  const sealedLength = Math.max(16, length - parts.join('*').length);
  parts[4] = randomBytes(Math.ceil((sealedLength * 3) / 4))
    .toString('base64url')
    .slice(0, sealedLength);
  return parts.join('*');
}

export function refreshToken(): string {
  return randomBytes(36).toString('base64url');
}

/** One recovery code: 24 characters `[A-Z0-9]`. */
export function recoveryCode(): string {
  return randomString(UPPER_ALNUM, 24);
}

/** The part after `<kind>|dev_` in an authenticator id. */
export function authenticatorSuffix(): string {
  return randomString(URL_SAFE, 16);
}

export function userId(): string {
  return `auth0|${randomBytes(12).toString('hex')}`;
}

/** A TOTP secret: 32 base32 characters (160 bits). */
export function totpSecret(): string {
  return randomString(BASE32, 32);
}

export function keyId(): string {
  return randomBytes(12).toString('base64url');
}

/** Compares secrets without leaking through timing where the lengths match. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
