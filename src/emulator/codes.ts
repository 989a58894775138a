import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/*
 * Every secret the emulator hands out comes from node:crypto: binding codes, opaque tokens, recovery codes,
 * TOTP secrets and ids (SECURITY.md: codes from a CSPRNG).
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

/**
 * Auth0's opaque tokens (mfa_token, oob_code) start `Fe26.2*`. Only URL-safe characters follow, because the
 * seeds' curl lines send them unencoded in form bodies.
 */
export function opaqueToken(): string {
  return `Fe26.2**${randomBytes(32).toString('hex')}*${randomBytes(24).toString('base64url')}`;
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
