import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, withAuth0Target } from './load-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with no configuration at all, in emulator mode with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      emulatorMode: true,
      trustProxy: false,
      allowedFactors: ['email', 'sms', 'voice', 'otp', 'push'],
      phoneAllowedCountries: [],
      apiKeys: [],
      corsOrigins: [],
      // No client of its own: the emulator it starts registers one (src/bootstrap/dev-stack.ts).
      auth0: { clientId: undefined, timeoutMs: 5000, connectTimeoutMs: 2000 },
    });
  });

  it('has budgets for new destinations, a fraud guard and server limits by default, no admin', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toMatchObject({
      enrollCountryPerHour: 300,
      enrollIpPerHour: 100,
      enrollApiKeyPerHour: 500,
      enrollPhoneCodesPerHour: 1000,
      enrollEmailCodesPerHour: 2000,
    });
    expect(config.fraudGuard).toEqual({
      enabled: true,
      windowSeconds: 3600,
      minSends: 30,
      minConfirmationPercent: 20,
      suspensionSeconds: 3600,
    });
    expect(config.server).toEqual({
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10000,
      idleTimeoutMs: 75000,
      keepAliveTimeoutMs: 65000,
      maxConnections: 1000,
    });
    expect(config.adminToken).toBeUndefined();
  });

  it('says what replaced a variable that is no longer read', () => {
    expect(problemsOf({ RATE_LIMIT_CODES_PER_HOUR: '1000' })).toEqual([
      expect.stringMatching(
        /^RATE_LIMIT_CODES_PER_HOUR is no longer read: .*RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR/,
      ),
    ]);
  });

  it('refuses a short admin token and a headers timeout longer than the request timeout', () => {
    expect(problemsOf({ ADMIN_TOKEN: 'short' })).toEqual([
      expect.stringContaining('ADMIN_TOKEN must be at least 32 characters'),
    ]);
    expect(
      problemsOf({ SERVER_HEADERS_TIMEOUT_MS: '20000', SERVER_REQUEST_TIMEOUT_MS: '10000' }),
    ).toEqual(['SERVER_HEADERS_TIMEOUT_MS must not exceed SERVER_REQUEST_TIMEOUT_MS']);
  });

  it('names the missing variable when AUTH0_DOMAIN comes without its credentials', () => {
    expect(problemsOf({ AUTH0_DOMAIN: 'tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'abc' })).toEqual([
      'AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_KEY is required when AUTH0_DOMAIN is set',
    ]);
  });

  it('refuses production without a tenant: production never runs the emulator', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('AUTH0_DOMAIN is required when NODE_ENV=production'),
    ]);
  });

  it('refuses AUTH0_BASE_URL without AUTH0_DOMAIN', () => {
    expect(problemsOf({ AUTH0_BASE_URL: 'http://127.0.0.1:9999' })).toEqual([
      'AUTH0_BASE_URL is only valid together with AUTH0_DOMAIN',
    ]);
  });

  it('names each bad variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      AUTH0_TIMEOUT_MS: '10',
      ALLOWED_FACTORS: 'sms,carrier-pigeon',
      TRUST_PROXY: 'the usual',
    });
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'AUTH0_TIMEOUT_MS',
      'ALLOWED_FACTORS',
      'TRUST_PROXY',
    ]) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('reads every list the same way, and names the variable of a bad item without echoing a key', () => {
    const config = loadConfig({
      PHONE_ALLOWED_COUNTRIES: 'us, gb,US',
      API_KEYS: 'first-key-0123456789, second-key-0123456789',
      CORS_ORIGINS: 'https://App.example.com/ , http://localhost:5173',
    });
    expect(config.phoneAllowedCountries).toEqual(['US', 'GB']);
    expect(config.apiKeys).toEqual(['first-key-0123456789', 'second-key-0123456789']);
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    const problems = problemsOf({
      PHONE_ALLOWED_COUNTRIES: 'US,XX',
      API_KEYS: 'short-key',
      CORS_ORIGINS: 'ftp://files.example.com',
      ALLOWED_FACTORS: ' , ',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PHONE_ALLOWED_COUNTRIES .*not recognised: XX$/),
        expect.stringMatching(/^API_KEYS must be/),
        expect.stringMatching(/^CORS_ORIGINS must be/),
        expect.stringMatching(/^ALLOWED_FACTORS must be/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('short-key');
  });

  it('reads TRUST_PROXY with Fastify meanings and lists comma-separated', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadConfig({ ALLOWED_FACTORS: ' OTP , email ' }).allowedFactors).toEqual([
      'otp',
      'email',
    ]);
  });

  it('derives the base URL and the MFA audience from the tenant domain', () => {
    const config = withAuth0Target(
      loadConfig({
        AUTH0_DOMAIN: 'tenant.eu.auth0.com',
        AUTH0_CLIENT_ID: 'a',
        AUTH0_CLIENT_SECRET: 'b',
      }),
    );
    expect(config.auth0.baseUrl).toBe('https://tenant.eu.auth0.com');
    expect(config.auth0.mfaAudience).toBe('https://tenant.eu.auth0.com/mfa/');
    expect(config.emulatorMode).toBe(false);
  });
});

const TENANT = { AUTH0_DOMAIN: 'tenant.eu.auth0.com', AUTH0_CLIENT_ID: 'abc' };

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
