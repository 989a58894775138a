import type { ClientAssertionAlgorithm } from './client-assertion-key';
import type { SecretVariable } from './secret-files';

export const FACTOR_TYPES = ['email', 'sms', 'voice', 'otp', 'push'] as const;
export type FactorType = (typeof FACTOR_TYPES)[number];

/** Fastify's `trustProxy` meanings: off, every hop, a hop count, or the addresses/CIDRs trusted. */
export type TrustProxy = boolean | number | string[];

/** The circuit breaker around calls to Auth0 (`src/auth0/auth0-breaker.ts`). */
export interface BreakerConfig {
  /** Calls within the window before the breaker may open at all. */
  volumeThreshold: number;
  /** Percentage of failed calls in the window above which it opens. */
  errorPercent: number;
  /** How long it stays open before one probe call is let through. */
  resetMs: number;
  /** The rolling window over which calls and failures are counted. */
  windowMs: number;
}

export interface MetricsConfig {
  /** Serve `/metrics` on its own listener on this port (and not on the main port); unset: main port. */
  port?: number;
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  token?: string;
}

/** The gateway's own rate limits (`src/protection/rate-limit/`); a limit of 0 switches that limit off. */
export interface RateLimitsConfig {
  /** Requests per client IP to all of `/v1`, per minute. */
  ipPerMinute: number;
  /** Requests per bearer token (keyed on its hash), per minute. */
  bearerPerMinute: number;
  /** Password grants per username + client IP, per minute. */
  passwordUserIpPerMinute: number;
  /** Password grants per username from anywhere, per minute. */
  passwordUserPerMinute: number;
  /** Enrollments per destination phone number or e-mail address, per hour. */
  enrollDestinationPerHour: number;
  /** Enrollments per phone-number prefix (E.164 without its last 4 digits), per hour. */
  enrollPrefixPerHour: number;
  /** Phone enrollments per country calling code, per hour. */
  enrollCountryPerHour: number;
  /** Enrollments of new destinations per client IP, phones and e-mail apart, per hour. */
  enrollIpPerHour: number;
  /** Enrollments of new destinations per API key, phones and e-mail apart, per hour. */
  enrollApiKeyPerHour: number;
  /** Codes to new phone numbers (SMS and voice enrollments) by the whole gateway, per hour. */
  enrollPhoneCodesPerHour: number;
  /** Codes to new e-mail addresses by the whole gateway, per hour. */
  enrollEmailCodesPerHour: number;
}

/** The conversion-aware fraud guard on phone enrollments (`src/protection/fraud-guard/`). */
export interface FraudGuardConfig {
  enabled: boolean;
  /** The sliding window over which sends and confirmations are counted. */
  windowSeconds: number;
  /** Sends to a country or number range within the window before its rate is judged at all. */
  minSends: number;
  /** Below this share of confirmed sends (after `minSends`), new enrollments there are suspended. */
  minConfirmationPercent: number;
  /** How long a suspension lasts unless an operator lifts it. */
  suspensionSeconds: number;
}

/** How the HTTP server treats slow and greedy clients (all in milliseconds except the cap). */
export interface ServerConfig {
  /** The whole request head must have arrived by then. */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived by then; an answer being held is not cut. */
  requestTimeoutMs: number;
  /** A socket silent this long is closed: longer than any answer the gateway holds on purpose. */
  idleTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after an answer. */
  keepAliveTimeoutMs: number;
  /** Connections one process holds at once; more are closed on arrival. */
  maxConnections: number;
}

export interface SharedStateConfig {
  /** Redis for counters and idempotency records shared by every instance; unset: in memory. */
  url?: string;
  /** Prepended to every Redis key. */
  keyPrefix: string;
  /** A Redis command slower than this fails over to memory. */
  commandTimeoutMs: number;
  /** The in-memory state's bound: when full, what has least at stake is evicted first. */
  memoryMaxEntries: number;
}

/**
 * How calls to Auth0 leave the network. `url` (AUTH0_PROXY_URL) sends every call through that proxy; else
 * the conventional HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply. All unset: straight to Auth0.
 */
export interface EgressProxyConfig {
  url?: string;
  httpsProxy?: string;
  httpProxy?: string;
  noProxy?: string;
}

/** Private Key JWT client authentication (AUTH0_CLIENT_ASSERTION_*), instead of a client secret. */
export interface ClientAssertionConfig {
  privateKeyPem: string;
  alg: ClientAssertionAlgorithm;
  kid?: string;
}

export interface Auth0Config {
  /** The tenant's domain, or the emulator's issuer domain when the emulator stands in for it. */
  domain: string;
  /** Where requests really go (`https://<domain>` unless overridden, e.g. the emulator on loopback). */
  baseUrl: string;
  clientId: string;
  /** Exactly one of the secret and the assertion key is set. */
  clientSecret?: string;
  clientAssertion?: ClientAssertionConfig;
  timeoutMs: number;
  connectTimeoutMs: number;
  proxy: EgressProxyConfig;
  breaker: BreakerConfig;
  /** `https://<domain>/mfa/`, what `audience: "mfa"` stands for. */
  mfaAudience: string;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: string;
  trustProxy: TrustProxy;
  /** How long readiness reports 503 before the server stops accepting connections. */
  shutdownDrainMs: number;
  /** Request bodies above this many bytes are refused with 413. */
  bodyLimit: number;
  /** Where `/metrics` is served and who may read it. */
  metrics: MetricsConfig;
  auth0: Auth0Config;
  /** True when no tenant is configured and the embedded emulator answers in Auth0's place. */
  emulatorMode: boolean;
  allowedFactors: FactorType[];
  /** ISO 3166 alpha-2 codes SMS/voice enrollment may go to; empty: any country. */
  phoneAllowedCountries: string[];
  /** Seconds before the same authenticator may be challenged again (the resend cooldown). */
  challengeCooldownSeconds: number;
  /** How often one push approval is polled at Auth0, whatever clients ask. */
  pushPollIntervalSeconds: number;
  rateLimits: RateLimitsConfig;
  fraudGuard: FraudGuardConfig;
  /** The bearer token of `/admin`; unset: the operators' endpoints answer 404. */
  adminToken?: string;
  server: ServerConfig;
  redis: SharedStateConfig;
  /** How long an `Idempotency-Key` answer is kept for replay. */
  idempotencyTtlSeconds: number;
  /** When non-empty, every `/v1` call needs one of these in `x-api-key`. */
  apiKeys: string[];
  /** The secrets read from `<NAME>_FILE`, and those files: SIGHUP reads them again (secrets.ts). */
  secretFiles: Partial<Record<SecretVariable, string>>;
  /** Origins browsers may call the API from (CORS); empty: no CORS headers at all. */
  corsOrigins: string[];
  demoUi: boolean;
}

/** The Auth0 settings before the emulator (if any) has told us where it listens. */
export type PendingAppConfig = Omit<AppConfig, 'auth0'> & {
  auth0: Omit<Auth0Config, 'baseUrl' | 'domain' | 'mfaAudience' | 'clientId' | 'clientSecret'> & {
    domain?: string;
    baseUrl?: string;
    /** Set with a tenant; in emulator mode the emulator's registered client unless given. */
    clientId?: string;
    clientSecret?: string;
  };
};
