import 'reflect-metadata';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { FACTOR_TYPES, FactorType, TrustProxy } from './app-config';
import { CLIENT_ASSERTION_ALGORITHMS, ClientAssertionAlgorithm } from './client-assertion-key';
import {
  AreCountries,
  Bool,
  CommaList,
  IsTrustProxy,
  Trimmed,
  TrustProxyValue,
} from './env-transforms';

/** A proxy's URL: credentials allowed (`http://user:pass@proxy:3128`), a path not needed. */
const PROXY_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/**
 * The environment as the gateway reads it. Each property is one variable of `.env.example`; validation
 * messages name the variable, so a bad configuration stops the process with a sentence an operator can act on.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @MinLength(1)
  HOST: string = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Trimmed()
  @IsOptional()
  @Matches(/^[a-z0-9.-]+(:\d+)?$/i, {
    message: 'AUTH0_DOMAIN must be a host name such as tenant.eu.auth0.com',
  })
  AUTH0_DOMAIN?: string;

  @Trimmed()
  @IsOptional()
  @IsString()
  AUTH0_CLIENT_ID?: string;

  @Trimmed()
  @IsOptional()
  @IsString()
  AUTH0_CLIENT_SECRET?: string;

  @Trimmed()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  AUTH0_BASE_URL?: string;

  /** Private Key JWT instead of a client secret: the PEM private key whose public half Auth0 holds. */
  @Trimmed()
  @IsOptional()
  @IsString()
  AUTH0_CLIENT_ASSERTION_KEY?: string;

  @IsIn(CLIENT_ASSERTION_ALGORITHMS, {
    message: `AUTH0_CLIENT_ASSERTION_ALG must be one of ${CLIENT_ASSERTION_ALGORITHMS.join(', ')}`,
  })
  AUTH0_CLIENT_ASSERTION_ALG: ClientAssertionAlgorithm = 'RS256';

  /** The `kid` Auth0 gave the credential; optional (Auth0 tries the application's credentials). */
  @Trimmed()
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,128}$/, {
    message: 'AUTH0_CLIENT_ASSERTION_KID must be 1 to 128 visible ASCII characters',
  })
  AUTH0_CLIENT_ASSERTION_KID?: string;

  @IsInt()
  @Min(100)
  @Max(60000)
  AUTH0_TIMEOUT_MS: number = 5000;

  @IsInt()
  @Min(50)
  @Max(30000)
  AUTH0_CONNECT_TIMEOUT_MS: number = 2000;

  /** Calls in the breaker's window before it may open (opossum's default of 0 opens on one failure). */
  @IsInt()
  @Min(1)
  @Max(100000)
  AUTH0_BREAKER_VOLUME_THRESHOLD: number = 10;

  @IsInt()
  @Min(1)
  @Max(100)
  AUTH0_BREAKER_ERROR_PERCENT: number = 50;

  @IsInt()
  @Min(100)
  @Max(600000)
  AUTH0_BREAKER_RESET_MS: number = 10000;

  @IsInt()
  @Min(1000)
  @Max(600000)
  AUTH0_BREAKER_WINDOW_MS: number = 10000;

  // The way out to Auth0 through a company's forward proxy (undici's ProxyAgent / EnvHttpProxyAgent).
  @Trimmed()
  @IsOptional()
  @IsUrl(PROXY_URL, { message: 'AUTH0_PROXY_URL must be an http:// or https:// proxy URL' })
  AUTH0_PROXY_URL?: string;

  @Trimmed()
  @IsOptional()
  @IsUrl(PROXY_URL, { message: 'HTTPS_PROXY must be an http:// or https:// proxy URL' })
  HTTPS_PROXY?: string;

  @Trimmed()
  @IsOptional()
  @IsUrl(PROXY_URL, { message: 'HTTP_PROXY must be an http:// or https:// proxy URL' })
  HTTP_PROXY?: string;

  /** Hosts reached directly despite HTTP(S)_PROXY: comma list of names, `.suffix`es, `*`, host:port. */
  @Trimmed()
  @IsOptional()
  @IsString()
  NO_PROXY?: string;

  @TrustProxyValue()
  @IsTrustProxy()
  TRUST_PROXY: TrustProxy = false;

  @CommaList((item) => item.toLowerCase())
  @ArrayNotEmpty({ message: `ALLOWED_FACTORS must be a comma list of ${FACTOR_TYPES.join(', ')}` })
  @IsIn(FACTOR_TYPES, {
    each: true,
    message: `ALLOWED_FACTORS must be a comma list of ${FACTOR_TYPES.join(', ')}`,
  })
  ALLOWED_FACTORS: FactorType[] = [...FACTOR_TYPES];

  /** ISO 3166 alpha-2 codes SMS/voice enrollment may go to; empty: any country. */
  @CommaList((item) => item.toUpperCase())
  @AreCountries()
  PHONE_ALLOWED_COUNTRIES: string[] = [];

  @Bool()
  @IsOptional()
  @IsBoolean()
  DEMO_UI?: boolean;

  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_DRAIN_MS: number = 0;

  /** Serve /metrics on its own port (operators only) instead of the main one. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /** Bearer token /metrics requires when set. */
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsInt()
  @Min(0)
  @Max(3600)
  CHALLENGE_COOLDOWN_SECONDS: number = 30;

  /** How often the gateway polls Auth0 for one push approval (Auth0 allows every 5 s). */
  @IsInt()
  @Min(1)
  @Max(60)
  PUSH_POLL_INTERVAL_SECONDS: number = 5;

  // Rate limits (0 switches a limit off).
  @IsInt()
  @Min(0)
  RATE_LIMIT_IP_PER_MINUTE: number = 600;

  @IsInt()
  @Min(0)
  RATE_LIMIT_BEARER_PER_MINUTE: number = 60;

  @IsInt()
  @Min(0)
  RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: number = 10;

  @IsInt()
  @Min(0)
  RATE_LIMIT_PASSWORD_USER_PER_MINUTE: number = 30;

  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: number = 5;

  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_PREFIX_PER_HOUR: number = 20;

  // Budgets for codes to new destinations (enrollments); phones and e-mail are counted apart.
  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_COUNTRY_PER_HOUR: number = 300;

  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_IP_PER_HOUR: number = 100;

  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_API_KEY_PER_HOUR: number = 500;

  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR: number = 1000;

  @IsInt()
  @Min(0)
  RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR: number = 2000;

  // The fraud guard: suspends new phone enrollments to a country or number range whose codes go
  // unconfirmed.
  @Bool()
  @IsBoolean()
  FRAUD_GUARD_ENABLED: boolean = true;

  @IsInt()
  @Min(300)
  @Max(86400)
  FRAUD_GUARD_WINDOW_SECONDS: number = 3600;

  @IsInt()
  @Min(1)
  FRAUD_GUARD_MIN_SENDS: number = 30;

  @IsInt()
  @Min(1)
  @Max(100)
  FRAUD_GUARD_MIN_CONFIRMATION_PERCENT: number = 20;

  @IsInt()
  @Min(60)
  @Max(604800)
  FRAUD_GUARD_SUSPENSION_SECONDS: number = 3600;

  /** Bearer token of the operators' endpoints under /admin; unset: those endpoints answer 404. */
  @Trimmed()
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'ADMIN_TOKEN must be at least 32 characters' })
  ADMIN_TOKEN?: string;

  // How long the server waits for slow clients (milliseconds), and how many it holds at once.
  @IsInt()
  @Min(100)
  @Max(60000)
  SERVER_HEADERS_TIMEOUT_MS: number = 5000;

  @IsInt()
  @Min(100)
  @Max(300000)
  SERVER_REQUEST_TIMEOUT_MS: number = 10000;

  @IsInt()
  @Min(100)
  @Max(600000)
  SERVER_IDLE_TIMEOUT_MS: number = 75000;

  @IsInt()
  @Min(100)
  @Max(600000)
  SERVER_KEEP_ALIVE_TIMEOUT_MS: number = 65000;

  @IsInt()
  @Min(1)
  MAX_CONNECTIONS: number = 1000;

  @IsInt()
  @Min(60)
  @Max(86400)
  IDEMPOTENCY_TTL_SECONDS: number = 600;

  @Trimmed()
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  @Matches(/^[\w.:-]{0,64}$/, {
    message: 'REDIS_KEY_PREFIX must be at most 64 letters, digits and . _ : -',
  })
  REDIS_KEY_PREFIX: string = 'mfa-gateway:';

  @IsInt()
  @Min(50)
  @Max(5000)
  REDIS_COMMAND_TIMEOUT_MS: number = 300;

  /** Entries the in-memory state holds at most (and the fallback while Redis is away); see docs/operations.md. */
  @IsInt()
  @Min(1000)
  STATE_MEMORY_MAX_ENTRIES: number = 100000;

  /** Comma list; when set, every /v1 call needs one of them in x-api-key. Never echoed in a message. */
  @CommaList()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    each: true,
    message: 'API_KEYS must be a comma list of keys of 16 to 256 visible ASCII characters',
  })
  API_KEYS: string[] = [];

  /** Comma list of origins exactly as browsers send them: scheme://host[:port], no path, no wildcard. */
  @CommaList((item) => item.replace(/\/+$/, '').toLowerCase())
  @Matches(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, {
    each: true,
    message: 'CORS_ORIGINS must be a comma list of origins such as https://app.example.com',
  })
  CORS_ORIGINS: string[] = [];
}
