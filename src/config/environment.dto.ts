import 'reflect-metadata';
import { Transform } from 'class-transformer';
import {
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

// Reads the raw variable: implicit conversion has already turned every non-empty string into `true`.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() || undefined : value;

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

  @Transform(trimmed)
  @IsOptional()
  @Matches(/^[a-z0-9.-]+(:\d+)?$/i, {
    message: 'AUTH0_DOMAIN must be a host name such as tenant.eu.auth0.com',
  })
  AUTH0_DOMAIN?: string;

  @Transform(trimmed)
  @IsOptional()
  @IsString()
  AUTH0_CLIENT_ID?: string;

  @Transform(trimmed)
  @IsOptional()
  @IsString()
  AUTH0_CLIENT_SECRET?: string;

  @Transform(trimmed)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  AUTH0_BASE_URL?: string;

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

  @Transform(trimmed)
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @Transform(trimmed)
  @IsOptional()
  @IsString()
  ALLOWED_FACTORS?: string;

  @Transform(trimmed)
  @IsOptional()
  @IsString()
  PHONE_ALLOWED_COUNTRIES?: string;

  @Transform(toBoolean)
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
  @Transform(trimmed)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsInt()
  @Min(0)
  @Max(3600)
  CHALLENGE_COOLDOWN_SECONDS: number = 30;

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

  @IsInt()
  @Min(0)
  RATE_LIMIT_CODES_PER_HOUR: number = 1000;

  @IsInt()
  @Min(60)
  @Max(86400)
  IDEMPOTENCY_TTL_SECONDS: number = 600;

  @Transform(trimmed)
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

  /** Comma list; when set, every /v1 call needs one of them in x-api-key. */
  @Transform(trimmed)
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  /** Comma list of origins (scheme://host[:port]) browsers may call the API from. */
  @Transform(trimmed)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;
}
