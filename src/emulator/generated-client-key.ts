import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GeneratedClientKey {
  publicKeyPem: string;
  /** The private key itself, for the gateway started beside this emulator (src/bootstrap/dev-stack.ts). */
  privateKeyPem: string;
  /** Where the private key was written (readable by this user only): what AUTH0_CLIENT_ASSERTION_KEY_FILE names. */
  privateKeyFile: string;
  publicKeyFile: string;
}

/**
 * A development key pair for Private Key JWT, as an operator would make one with openssl for a tenant:
 * RSA 2048, PKCS#8 private key, SPKI public key, written to a fresh directory under the system's temp dir
 * so nothing is left in the repository. Never used for a real tenant.
 */
export function generateClientKey(): GeneratedClientKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'mfa-gateway-emulator-'));
  const privateKeyFile = join(dir, 'client-assertion-private.pem');
  const publicKeyFile = join(dir, 'client-assertion-public.pem');
  writeFileSync(privateKeyFile, privateKey, { mode: 0o600 });
  writeFileSync(publicKeyFile, publicKey, { mode: 0o644 });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey, privateKeyFile, publicKeyFile };
}
