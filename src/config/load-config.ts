import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { AppConfig, FACTOR_TYPES, FactorType, PendingAppConfig, TrustProxy } from './app-config';
import { EnvironmentVariables } from './environment.dto';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The emulator's registered client, used when no tenant is configured and nothing else is given. */
export const DEV_CLIENT_ID = 'mfa-gateway-dev';
export const DEV_CLIENT_SECRET = 'mfa-gateway-dev-secret';

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
}

function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = splitList(raw);
  if (list.every((entry) => /^[0-9a-f.:/]+$/i.test(entry))) return list;
  problems.push('TRUST_PROXY must be true, false, a hop count or a comma list of addresses/CIDRs');
  return false;
}

function parseFactors(raw: string | undefined, problems: string[]): FactorType[] {
  if (raw === undefined) return [...FACTOR_TYPES];
  const list = splitList(raw.toLowerCase());
  const unknown = list.filter((f) => !(FACTOR_TYPES as readonly string[]).includes(f));
  if (unknown.length > 0 || list.length === 0) {
    problems.push(`ALLOWED_FACTORS must be a comma list of ${FACTOR_TYPES.join(', ')}`);
  }
  return list.filter((f): f is FactorType => (FACTOR_TYPES as readonly string[]).includes(f));
}

/** ISO 3166 alpha-2 codes, upper-cased; each must be a country with its own numbering-plan entry. */
function parseCountries(raw: string | undefined, problems: string[]): string[] {
  const list = splitList(raw?.toUpperCase());
  const unknown = list.filter((code) => !/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code));
  if (unknown.length > 0) {
    problems.push(
      `PHONE_ALLOWED_COUNTRIES must be a comma list of ISO 3166 alpha-2 country codes (e.g. US,GB,DE); not recognised: ${unknown.join(', ')}`,
    );
  }
  return [...new Set(list)];
}

/** Service API keys; never echoed in a message (they are secrets). */
function parseApiKeys(raw: string | undefined, problems: string[]): string[] {
  const list = splitList(raw);
  if (list.some((key) => !/^[\x21-\x7e]{16,256}$/.test(key))) {
    problems.push('API_KEYS must be a comma list of keys of 16 to 256 visible ASCII characters');
  }
  return [...new Set(list)];
}

/** Browser origins exactly as browsers send them: scheme://host[:port], no path, no wildcard. */
function parseOrigins(raw: string | undefined, problems: string[]): string[] {
  const list = splitList(raw).map((origin) => origin.replace(/\/+$/, '').toLowerCase());
  const bad = list.filter((origin) => !/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(origin));
  if (bad.length > 0) {
    problems.push(
      `CORS_ORIGINS must be a comma list of origins such as https://app.example.com; not valid: ${bad.join(', ')}`,
    );
  }
  return [...new Set(list)];
}

/**
 * Reads and validates the environment once, at start. Throws a ConfigError naming every bad variable.
 * The Auth0 base URL stays open when no tenant is set: the emulator fills it in (`withAuth0Target`).
 */
export function loadConfig(env: Record<string, string | undefined>): PendingAppConfig {
  // Empty strings mean "unset", as they do in a .env file with `NAME=`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, present, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const problems = describe(validateSync(vars, { skipMissingProperties: false }));

  if (vars.AUTH0_DOMAIN) {
    if (!vars.AUTH0_CLIENT_ID)
      problems.push('AUTH0_CLIENT_ID is required when AUTH0_DOMAIN is set');
    if (!vars.AUTH0_CLIENT_SECRET) {
      problems.push('AUTH0_CLIENT_SECRET is required when AUTH0_DOMAIN is set');
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
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY, problems);
  const allowedFactors = parseFactors(vars.ALLOWED_FACTORS, problems);
  const phoneAllowedCountries = parseCountries(vars.PHONE_ALLOWED_COUNTRIES, problems);
  const apiKeys = parseApiKeys(vars.API_KEYS, problems);
  const corsOrigins = parseOrigins(vars.CORS_ORIGINS, problems);
  if (vars.METRICS_PORT && vars.METRICS_PORT === vars.PORT) {
    problems.push('METRICS_PORT must differ from PORT (leave it unset to serve /metrics on PORT)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const emulatorMode = !vars.AUTH0_DOMAIN;
  return {
    nodeEnv: vars.NODE_ENV as AppConfig['nodeEnv'],
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    trustProxy,
    shutdownDrainMs: vars.SHUTDOWN_DRAIN_MS,
    bodyLimit: 16 * 1024,
    metrics: { port: vars.METRICS_PORT, token: vars.METRICS_TOKEN },
    auth0: {
      domain: vars.AUTH0_DOMAIN,
      baseUrl:
        vars.AUTH0_BASE_URL ?? (vars.AUTH0_DOMAIN ? `https://${vars.AUTH0_DOMAIN}` : undefined),
      clientId: vars.AUTH0_CLIENT_ID ?? DEV_CLIENT_ID,
      clientSecret: vars.AUTH0_CLIENT_SECRET ?? DEV_CLIENT_SECRET,
      timeoutMs: vars.AUTH0_TIMEOUT_MS,
      connectTimeoutMs: vars.AUTH0_CONNECT_TIMEOUT_MS,
      breaker: {
        volumeThreshold: vars.AUTH0_BREAKER_VOLUME_THRESHOLD,
        errorPercent: vars.AUTH0_BREAKER_ERROR_PERCENT,
        resetMs: vars.AUTH0_BREAKER_RESET_MS,
        windowMs: vars.AUTH0_BREAKER_WINDOW_MS,
      },
    },
    emulatorMode,
    allowedFactors,
    phoneAllowedCountries,
    challengeCooldownSeconds: vars.CHALLENGE_COOLDOWN_SECONDS,
    rateLimits: {
      ipPerMinute: vars.RATE_LIMIT_IP_PER_MINUTE,
      bearerPerMinute: vars.RATE_LIMIT_BEARER_PER_MINUTE,
      passwordUserIpPerMinute: vars.RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE,
      passwordUserPerMinute: vars.RATE_LIMIT_PASSWORD_USER_PER_MINUTE,
      enrollDestinationPerHour: vars.RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR,
      enrollPrefixPerHour: vars.RATE_LIMIT_ENROLL_PREFIX_PER_HOUR,
      codesPerHour: vars.RATE_LIMIT_CODES_PER_HOUR,
    },
    redis: {
      url: vars.REDIS_URL,
      keyPrefix: vars.REDIS_KEY_PREFIX,
      commandTimeoutMs: vars.REDIS_COMMAND_TIMEOUT_MS,
    },
    idempotencyTtlSeconds: vars.IDEMPOTENCY_TTL_SECONDS,
    apiKeys,
    corsOrigins,
    demoUi: vars.DEMO_UI ?? emulatorMode,
  };
}

/** Completes the configuration with where Auth0 (or the emulator standing in for it) answers. */
export function withAuth0Target(
  pending: PendingAppConfig,
  target?: { domain: string; baseUrl: string },
): AppConfig {
  const domain = target?.domain ?? pending.auth0.domain;
  const baseUrl = (target?.baseUrl ?? pending.auth0.baseUrl)?.replace(/\/+$/, '');
  if (!domain || !baseUrl) {
    throw new ConfigError(['AUTH0_DOMAIN is not set and no emulator was started']);
  }
  return {
    ...pending,
    auth0: { ...pending.auth0, domain, baseUrl, mfaAudience: `https://${domain}/mfa/` },
  };
}
