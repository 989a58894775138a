import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig, PendingAppConfig } from './app-config';
import { parseClientAssertionKey } from './client-assertion-key';
import { EnvironmentVariables } from './environment.dto';
import { withSecretFiles } from './secret-files';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

/** Variables an operator may still set from an earlier version, and what took their place. */
const REPLACED: Record<string, string> = {
  RATE_LIMIT_CODES_PER_HOUR:
    'the one gateway-wide budget became budgets for new destinations (RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR, RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR); sign-in codes are limited per factor',
};

/**
 * The proxy variables in either case, as curl and undici read them: the lower-case spelling wins, since it
 * is the one every tool honours (`http_proxy` is the only form curl reads for plain http).
 */
function withProxyVariables(
  present: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const out = { ...present };
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY']) {
    const lower = present[name.toLowerCase()];
    if (lower !== undefined) out[name] = lower;
  }
  return out;
}

/**
 * Reads and validates the environment once, at start. Throws a ConfigError naming every bad variable.
 * The Auth0 base URL stays open when no tenant is set: the emulator fills it in (`withAuth0Target`).
 */
export function loadConfig(env: Record<string, string | undefined>): PendingAppConfig {
  // Empty strings mean "unset", as they do in a .env file with `NAME=`.
  const secretFiles = withSecretFiles(
    Object.fromEntries(
      Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
    ),
  );
  const present = withProxyVariables(secretFiles.env);
  const vars = plainToInstance(EnvironmentVariables, present, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const problems = [
    ...secretFiles.problems,
    ...describe(validateSync(vars, { skipMissingProperties: false })),
  ];

  if (vars.AUTH0_CLIENT_SECRET && vars.AUTH0_CLIENT_ASSERTION_KEY) {
    problems.push(
      'set either AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_KEY (Private Key JWT), not both',
    );
  }
  if (vars.AUTH0_CLIENT_ASSERTION_KEY) {
    const parsed = parseClientAssertionKey(
      vars.AUTH0_CLIENT_ASSERTION_KEY,
      vars.AUTH0_CLIENT_ASSERTION_ALG,
    );
    if ('problem' in parsed) problems.push(parsed.problem);
  }
  if (vars.AUTH0_DOMAIN) {
    if (!vars.AUTH0_CLIENT_ID)
      problems.push('AUTH0_CLIENT_ID is required when AUTH0_DOMAIN is set');
    if (!vars.AUTH0_CLIENT_SECRET && !vars.AUTH0_CLIENT_ASSERTION_KEY) {
      problems.push(
        'AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_KEY is required when AUTH0_DOMAIN is set',
      );
    }
  } else {
    if (vars.AUTH0_BASE_URL)
      problems.push('AUTH0_BASE_URL is only valid together with AUTH0_DOMAIN');
    if (vars.NODE_ENV === 'production') {
      problems.push(
        'AUTH0_DOMAIN is required when NODE_ENV=production (production never runs the emulator)',
      );
    }
  }
  if (vars.METRICS_PORT && vars.METRICS_PORT === vars.PORT) {
    problems.push('METRICS_PORT must differ from PORT (leave it unset to serve /metrics on PORT)');
  }
  if (vars.SERVER_HEADERS_TIMEOUT_MS > vars.SERVER_REQUEST_TIMEOUT_MS) {
    problems.push('SERVER_HEADERS_TIMEOUT_MS must not exceed SERVER_REQUEST_TIMEOUT_MS');
  }
  for (const [gone, instead] of Object.entries(REPLACED)) {
    if (present[gone] !== undefined) problems.push(`${gone} is no longer read: ${instead}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const emulatorMode = !vars.AUTH0_DOMAIN;
  return {
    nodeEnv: vars.NODE_ENV as AppConfig['nodeEnv'],
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    trustProxy: vars.TRUST_PROXY,
    shutdownDrainMs: vars.SHUTDOWN_DRAIN_MS,
    bodyLimit: 16 * 1024,
    metrics: { port: vars.METRICS_PORT, token: vars.METRICS_TOKEN },
    auth0: {
      domain: vars.AUTH0_DOMAIN,
      baseUrl:
        vars.AUTH0_BASE_URL ?? (vars.AUTH0_DOMAIN ? `https://${vars.AUTH0_DOMAIN}` : undefined),
      clientId: vars.AUTH0_CLIENT_ID,
      clientSecret: vars.AUTH0_CLIENT_SECRET,
      clientAssertion: vars.AUTH0_CLIENT_ASSERTION_KEY
        ? {
            privateKeyPem: vars.AUTH0_CLIENT_ASSERTION_KEY,
            alg: vars.AUTH0_CLIENT_ASSERTION_ALG,
            kid: vars.AUTH0_CLIENT_ASSERTION_KID,
          }
        : undefined,
      timeoutMs: vars.AUTH0_TIMEOUT_MS,
      connectTimeoutMs: vars.AUTH0_CONNECT_TIMEOUT_MS,
      proxy: {
        url: vars.AUTH0_PROXY_URL,
        httpsProxy: vars.HTTPS_PROXY,
        httpProxy: vars.HTTP_PROXY,
        noProxy: vars.NO_PROXY,
      },
      breaker: {
        volumeThreshold: vars.AUTH0_BREAKER_VOLUME_THRESHOLD,
        errorPercent: vars.AUTH0_BREAKER_ERROR_PERCENT,
        resetMs: vars.AUTH0_BREAKER_RESET_MS,
        windowMs: vars.AUTH0_BREAKER_WINDOW_MS,
      },
    },
    emulatorMode,
    allowedFactors: vars.ALLOWED_FACTORS,
    phoneAllowedCountries: vars.PHONE_ALLOWED_COUNTRIES,
    challengeCooldownSeconds: vars.CHALLENGE_COOLDOWN_SECONDS,
    pushPollIntervalSeconds: vars.PUSH_POLL_INTERVAL_SECONDS,
    rateLimits: {
      ipPerMinute: vars.RATE_LIMIT_IP_PER_MINUTE,
      bearerPerMinute: vars.RATE_LIMIT_BEARER_PER_MINUTE,
      passwordUserIpPerMinute: vars.RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE,
      passwordUserPerMinute: vars.RATE_LIMIT_PASSWORD_USER_PER_MINUTE,
      enrollDestinationPerHour: vars.RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR,
      enrollPrefixPerHour: vars.RATE_LIMIT_ENROLL_PREFIX_PER_HOUR,
      enrollCountryPerHour: vars.RATE_LIMIT_ENROLL_COUNTRY_PER_HOUR,
      enrollIpPerHour: vars.RATE_LIMIT_ENROLL_IP_PER_HOUR,
      enrollApiKeyPerHour: vars.RATE_LIMIT_ENROLL_API_KEY_PER_HOUR,
      enrollPhoneCodesPerHour: vars.RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR,
      enrollEmailCodesPerHour: vars.RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR,
    },
    fraudGuard: {
      enabled: vars.FRAUD_GUARD_ENABLED,
      windowSeconds: vars.FRAUD_GUARD_WINDOW_SECONDS,
      minSends: vars.FRAUD_GUARD_MIN_SENDS,
      minConfirmationPercent: vars.FRAUD_GUARD_MIN_CONFIRMATION_PERCENT,
      suspensionSeconds: vars.FRAUD_GUARD_SUSPENSION_SECONDS,
    },
    adminToken: vars.ADMIN_TOKEN,
    server: {
      headersTimeoutMs: vars.SERVER_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: vars.SERVER_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: vars.SERVER_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: vars.SERVER_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: vars.MAX_CONNECTIONS,
    },
    redis: {
      url: vars.REDIS_URL,
      keyPrefix: vars.REDIS_KEY_PREFIX,
      commandTimeoutMs: vars.REDIS_COMMAND_TIMEOUT_MS,
      memoryMaxEntries: vars.STATE_MEMORY_MAX_ENTRIES,
    },
    idempotencyTtlSeconds: vars.IDEMPOTENCY_TTL_SECONDS,
    apiKeys: vars.API_KEYS,
    secretFiles: secretFiles.files,
    corsOrigins: vars.CORS_ORIGINS,
    demoUi: vars.DEMO_UI ?? emulatorMode,
  };
}

/**
 * Completes the configuration with where Auth0 answers and as which application the gateway calls it:
 * the tenant of the environment, or the emulator standing in for it, which registers the client.
 */
export function withAuth0Target(
  pending: PendingAppConfig,
  target?: { domain: string; baseUrl: string; clientId: string; clientSecret?: string },
): AppConfig {
  const domain = target?.domain ?? pending.auth0.domain;
  const baseUrl = (target?.baseUrl ?? pending.auth0.baseUrl)?.replace(/\/+$/, '');
  const clientId = target?.clientId ?? pending.auth0.clientId;
  // A Private Key JWT client has no secret: the emulator registers the key's public half instead.
  const clientSecret = pending.auth0.clientAssertion
    ? undefined
    : (target?.clientSecret ?? pending.auth0.clientSecret);
  if (!domain || !baseUrl || !clientId || (!clientSecret && !pending.auth0.clientAssertion)) {
    throw new ConfigError(['AUTH0_DOMAIN is not set and no emulator was started']);
  }
  return {
    ...pending,
    auth0: {
      ...pending.auth0,
      domain,
      baseUrl,
      clientId,
      clientSecret,
      mfaAudience: `https://${domain}/mfa/`,
    },
  };
}

/**
 * One variable read on its own, as at start (converted, validated): how a secret file re-read on SIGHUP is
 * checked before it replaces the value in use. Problems name the variable, never the value.
 */
export function readVariable<K extends keyof EnvironmentVariables>(
  name: K,
  raw: string,
): { value: EnvironmentVariables[K] } | { problems: string[] } {
  const vars = plainToInstance(
    EnvironmentVariables,
    { [name]: raw },
    { enableImplicitConversion: true },
  );
  const problems = describe(validateSync(vars).filter((error) => error.property === name));
  return problems.length > 0 ? { problems } : { value: vars[name] };
}
