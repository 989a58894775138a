import { maskEmail, maskPhone } from '../masking/mask';

/** Log field names come from code, a small set: each is normalized once (bounded, in case). */
const normalizedKeys = new Map<string, string>();

/**
 * Keys whose values are secrets wherever they appear (docs/security.md "Secrets"). Matching is on the key's
 * lower-cased name with `-`/`_` removed, so `mfaToken`, `mfa_token` and `MFA-Token` are all caught.
 */
const SECRET_KEYS = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'x-api-key',
    'api_key',
    'mfa_token',
    'access_token',
    'id_token',
    'refresh_token',
    'oob_code',
    'binding_code',
    'otp',
    'recovery_code',
    'recovery_codes',
    'client_secret',
    'client_assertion',
    'client_assertion_key',
    'private_key',
    'proxy-authorization',
    'password',
    'secret',
    'barcode_uri',
    'barcode_svg',
    'token',
    'bearer',
    'idempotency-key',
  ].map(normalizeKey),
);

const PERSONAL_KEYS = new Set(['email', 'phone_number', 'to', 'username'].map(normalizeKey));

function normalizeKey(key: string): string {
  let normalized = normalizedKeys.get(key);
  if (normalized === undefined) {
    normalized = key.toLowerCase().replace(/[-_]/g, '');
    if (normalizedKeys.size >= 1000) normalizedKeys.clear();
    normalizedKeys.set(key, normalized);
  }
  return normalized;
}

const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const IRON_TOKEN = /Fe26\.2\*[^\s"',;]*/g;
const BEARER = /(bearer\s+)[^\s"',;]+/gi;
const EMAIL = /[\w.+%-]+@[\w-]+(?:\.[\w-]+)+/g;
const PHONE = /\+\d[\d\s().-]{6,}\d/g;
/** A PEM private key (the client assertion key), whole or cut off. */
const PRIVATE_KEY_PEM =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----|[\s\S]*)/g;

export const REDACTED = '[REDACTED]';

/** What every pattern below starts with; most log strings contain none of it and are returned as is. */
const SUSPECT = /eyJ|Fe26\.2\*|bearer|@|\+\d|PRIVATE KEY/i;

/** Masks what looks like a secret or personal data inside free text (messages, error strings). */
export function scrubText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text
    .replace(PRIVATE_KEY_PEM, REDACTED)
    .replace(JWT, REDACTED)
    .replace(IRON_TOKEN, REDACTED)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(EMAIL, (email) => maskEmail(email))
    .replace(PHONE, (phone) => maskPhone(phone.replace(/[^\d+]/g, '')));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a copy of a log payload with secrets removed and personal data masked. Only plain objects,
 * arrays and Errors are walked: framework objects (the raw request) are left for pino's serializers,
 * which the logger configures to emit nothing secret.
 */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8) return '[Truncated]';
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: scrubText(value.message) };
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const normalized = normalizeKey(key);
    if (SECRET_KEYS.has(normalized)) out[key] = REDACTED;
    else if (PERSONAL_KEYS.has(normalized) && typeof item === 'string') {
      out[key] = item.includes('@') ? maskEmail(item) : maskPhone(item);
    } else out[key] = scrubSecrets(item, depth + 1);
  }
  return out;
}
