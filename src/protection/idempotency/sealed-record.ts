import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What is kept under an Idempotency-Key: a claim while the first request runs, then its answer. */
export type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string; claim: string }
  | { state: 'done'; fingerprint: string; body: unknown }
  | { state: 'failed'; fingerprint: string; error: StoredError };

/** A `GatewayError` as it can be thrown again on replay. */
export interface StoredError {
  kind: string;
  code: string;
  status: number;
  title: string;
  detail: string;
  retryAfter?: number;
  extensions?: Record<string, unknown>;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Records are sealed with AES-256-GCM under a key derived (HKDF, `recordKey`) from the bearer token that made them: a
 * stored answer holds an oob_code and perhaps a recovery code, and must be useless to whoever reads Redis
 * without that token. The authentication tag also makes a tampered record fail to open.
 */
export function sealRecord(key: Buffer, record: IdempotencyRecord): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed].map(toText).join('.');
}

/** The record, or undefined when it was not sealed with this key (or was tampered with). */
export function openRecord(key: Buffer, text: string): IdempotencyRecord | undefined {
  const [version, iv, tag, sealed] = text.split('.');
  if (version !== VERSION || !iv || !tag || sealed === undefined) return undefined;
  try {
    // A fixed tag length: GCM would otherwise accept a truncated tag, which is far easier to forge.
    const decipher = createDecipheriv('aes-256-gcm', key, fromText(iv), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(fromText(tag));
    const plain = Buffer.concat([decipher.update(fromText(sealed)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as IdempotencyRecord;
  } catch {
    return undefined;
  }
}

/** The sealing key of one bearer's records: derive it once per request, then seal and open with it. */
export function recordKey(bearer: string): Buffer {
  return Buffer.from(hkdfSync('sha256', bearer, 'mfa-gateway', 'idempotency-record', 32));
}

const toText = (part: string | Buffer): string =>
  typeof part === 'string' ? part : part.toString('base64url');
const fromText = (part: string): Buffer => Buffer.from(part, 'base64url');
