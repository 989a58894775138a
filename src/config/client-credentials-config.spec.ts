import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const TENANT = { AUTH0_DOMAIN: 'tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'abc' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const pem = (type: 'rsa' | 'ec', bits = 2048): string =>
  type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: bits })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString()
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();

describe('loadConfig: the client credential (a secret or a Private Key JWT key) and secret files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-gateway-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rsaKey = pem('rsa');

  it('takes an RSA key instead of a secret, with RS256 unless told', () => {
    const config = loadConfig({ ...TENANT, AUTH0_CLIENT_ASSERTION_KEY: rsaKey });
    expect(config.auth0.clientSecret).toBeUndefined();
    expect(config.auth0.clientAssertion).toEqual({ privateKeyPem: rsaKey.trim(), alg: 'RS256' });
    const ps = loadConfig({
      ...TENANT,
      AUTH0_CLIENT_ASSERTION_KEY: rsaKey,
      AUTH0_CLIENT_ASSERTION_ALG: 'PS256',
      AUTH0_CLIENT_ASSERTION_KID: 'kid-1',
    });
    expect(ps.auth0.clientAssertion).toMatchObject({ alg: 'PS256', kid: 'kid-1' });
  });

  it('wants exactly one of secret and key', () => {
    expect(
      problemsOf({ ...TENANT, AUTH0_CLIENT_SECRET: 's', AUTH0_CLIENT_ASSERTION_KEY: rsaKey }),
    ).toEqual([
      'set either AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_KEY (Private Key JWT), not both',
    ]);
    expect(problemsOf(TENANT)).toEqual([
      'AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_KEY is required when AUTH0_DOMAIN is set',
    ]);
  });

  it('refuses a key it cannot sign with, naming the variable and never quoting the key', () => {
    const cases: [string, string, string?][] = [
      ['not a key', 'AUTH0_CLIENT_ASSERTION_KEY is not a PEM-encoded private key'],
      [pem('ec'), 'AUTH0_CLIENT_ASSERTION_KEY must be an RSA private key for RS256 (it is ec)'],
      [pem('rsa', 1024), 'AUTH0_CLIENT_ASSERTION_KEY must be an RSA key of at least 2048 bits'],
      [rsaKey, 'AUTH0_CLIENT_ASSERTION_ALG must be one of RS256, RS384, PS256', 'HS256'],
    ];
    for (const [key, problem, alg] of cases) {
      const problems = problemsOf({
        ...TENANT,
        AUTH0_CLIENT_ASSERTION_KEY: key,
        ...(alg ? { AUTH0_CLIENT_ASSERTION_ALG: alg } : {}),
      });
      expect(problems).toContain(problem);
      expect(problems.join('\n')).not.toContain(key.split('\n')[1] ?? key);
    }
  });

  it('reads <NAME>_FILE for every secret, without the final newline, and remembers the file', () => {
    const secretFile = join(dir, 'client-secret');
    const keysFile = join(dir, 'api-keys');
    writeFileSync(secretFile, 'from-a-file\n');
    writeFileSync(keysFile, 'key-one-0123456789abcdef, key-two-0123456789abcdef\n');
    const config = loadConfig({
      ...TENANT,
      AUTH0_CLIENT_SECRET_FILE: secretFile,
      API_KEYS_FILE: keysFile,
    });
    expect(config.auth0.clientSecret).toBe('from-a-file');
    expect(config.apiKeys).toEqual(['key-one-0123456789abcdef', 'key-two-0123456789abcdef']);
    expect(config.secretFiles).toEqual({ AUTH0_CLIENT_SECRET: secretFile, API_KEYS: keysFile });
  });

  it('stops on a file it cannot read, or one set next to its variable', () => {
    const missing = join(dir, 'missing');
    expect(problemsOf({ ...TENANT, AUTH0_CLIENT_SECRET_FILE: missing })).toContain(
      `AUTH0_CLIENT_SECRET_FILE: cannot read ${missing} (ENOENT)`,
    );
    expect(
      problemsOf({ ...TENANT, AUTH0_CLIENT_SECRET: 'x', AUTH0_CLIENT_SECRET_FILE: missing }),
    ).toContain('set either AUTH0_CLIENT_SECRET or AUTH0_CLIENT_SECRET_FILE, not both');
  });
});
