import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import type { Logger } from 'pino';
import type { RegisteredClient } from './client-auth';
import type { ClientPublicKeyOption } from './client-assertions';

/** How the emulator's client authenticates (the Dashboard's Credentials → Authentication Method). */
export type ClientAuthMethod = 'client_secret' | 'private_key_jwt';

/** The channels of the tenant's phone factor (the Dashboard's "SMS", "Voice" or both). */
export type PhoneFactorChannel = 'sms' | 'voice';

export interface EmulatorOptions {
  /** 0 picks any free port (tests). */
  port: number;
  host: string;
  /** The tenant's host name; the issuer is `https://${domain}/`. */
  domain: string;
  clientId: string;
  clientSecret: string;
  /**
   * Private Key JWT credentials of that client (at most two, as a tenant allows, for rotation). With any,
   * the client authenticates only by signed assertion and its secret is not accepted.
   */
  clientPublicKeys?: ClientPublicKeyOption[];
  /**
   * `private_key_jwt` without `clientPublicKeys`: the emulator makes a development key pair at start and
   * its banner says where the private key is.
   */
  clientAuth: ClientAuthMethod;
  /** Delivery log lines (channel, masked destination, code); the outbox is always kept. */
  logDeliveries: boolean;
  /** Every delivered code takes this value, for apps' own end-to-end tests. */
  fixedCode?: string;
  /** Whether `mfa_required` carries `mfa_requirements` (tenants with Customizable MFA). */
  mfaRequirements: boolean;
  /** Where delivery lines go; a pino logger on stdout when absent. */
  logger?: Logger;
  /** More registered clients, so "mfa_token not issued to this client" can be exercised. */
  additionalClients?: RegisteredClient[];
  /** The phone factor's channels; a phone enrollment creates one authenticator per channel. */
  phoneChannels: PhoneFactorChannel[];
}

export const DEFAULT_EMULATOR_OPTIONS: Readonly<EmulatorOptions> = {
  port: 3001,
  host: '127.0.0.1',
  domain: 'localhost',
  clientId: 'mfa-gateway-dev',
  clientSecret: 'mfa-gateway-dev-secret',
  clientAuth: 'client_secret',
  logDeliveries: true,
  mfaRequirements: true,
  phoneChannels: ['sms', 'voice'],
};

const DOMAIN_PATTERN = /^[a-z0-9.-]+(:\d+)?$/i;
const FIXED_CODE_PATTERN = /^\d{6}$/;

/**
 * `true`/`false` and their usual spellings; anything else stays a string and fails `IsBoolean`. Reads the
 * raw variable: implicit conversion has already turned every non-empty string into `true`.
 */
const Bool = (): PropertyDecorator =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const value = obj[key];
    const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
    if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
    return value;
  });

/** The emulator's variables, read in the gateway's one style: declared, converted, validated. */
class EmulatorEnvironment {
  @IsInt({ message: 'EMULATOR_PORT must be a port number between 0 and 65535' })
  @Min(0, { message: 'EMULATOR_PORT must be a port number between 0 and 65535' })
  @Max(65535, { message: 'EMULATOR_PORT must be a port number between 0 and 65535' })
  EMULATOR_PORT: number = DEFAULT_EMULATOR_OPTIONS.port;

  @IsString()
  EMULATOR_HOST: string = DEFAULT_EMULATOR_OPTIONS.host;

  @Matches(DOMAIN_PATTERN, { message: 'EMULATOR_DOMAIN must be a host name such as localhost' })
  EMULATOR_DOMAIN: string = DEFAULT_EMULATOR_OPTIONS.domain;

  /** The client the emulator registers: the one the gateway uses (AUTH0_CLIENT_ID/SECRET). */
  @IsString()
  AUTH0_CLIENT_ID: string = DEFAULT_EMULATOR_OPTIONS.clientId;

  @IsString()
  AUTH0_CLIENT_SECRET: string = DEFAULT_EMULATOR_OPTIONS.clientSecret;

  @IsIn(['client_secret', 'private_key_jwt'], {
    message: 'EMULATOR_CLIENT_AUTH must be client_secret or private_key_jwt',
  })
  EMULATOR_CLIENT_AUTH: ClientAuthMethod = DEFAULT_EMULATOR_OPTIONS.clientAuth;

  /** A PEM public key the client signs assertions for (its private half stays with the gateway). */
  @IsOptional()
  @IsString()
  EMULATOR_CLIENT_PUBLIC_KEY_FILE?: string;

  @Bool()
  @IsBoolean({ message: 'EMULATOR_LOG_DELIVERIES must be true or false' })
  EMULATOR_LOG_DELIVERIES: boolean = DEFAULT_EMULATOR_OPTIONS.logDeliveries;

  @IsOptional()
  @Matches(FIXED_CODE_PATTERN, {
    message: 'EMULATOR_FIXED_CODE must be exactly 6 digits, such as 424242',
  })
  EMULATOR_FIXED_CODE?: string;

  @Bool()
  @IsBoolean({ message: 'EMULATOR_MFA_REQUIREMENTS must be true or false' })
  EMULATOR_MFA_REQUIREMENTS: boolean = DEFAULT_EMULATOR_OPTIONS.mfaRequirements;
}

/** Reads the emulator's settings from the environment; a bad value stops start-up with its name. */
export function loadEmulatorOptions(env: Record<string, string | undefined>): EmulatorOptions {
  // Blank means unset, as in a .env file with `NAME=`.
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed) present[name] = trimmed;
  }
  const vars = plainToInstance(EmulatorEnvironment, present, { enableImplicitConversion: true });
  const problem = validateSync(vars)
    .flatMap((error) => Object.values(error.constraints ?? {}))
    .at(0);
  if (problem !== undefined) throw new Error(problem);
  return {
    port: vars.EMULATOR_PORT,
    host: vars.EMULATOR_HOST,
    domain: vars.EMULATOR_DOMAIN,
    clientId: vars.AUTH0_CLIENT_ID,
    clientSecret: vars.AUTH0_CLIENT_SECRET,
    clientAuth: vars.EMULATOR_CLIENT_AUTH,
    ...(vars.EMULATOR_CLIENT_PUBLIC_KEY_FILE
      ? { clientPublicKeys: [{ pem: readPublicKeyFile(vars.EMULATOR_CLIENT_PUBLIC_KEY_FILE) }] }
      : {}),
    logDeliveries: vars.EMULATOR_LOG_DELIVERIES,
    fixedCode: vars.EMULATOR_FIXED_CODE,
    mfaRequirements: vars.EMULATOR_MFA_REQUIREMENTS,
    phoneChannels: [...DEFAULT_EMULATOR_OPTIONS.phoneChannels],
  };
}

function readPublicKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`EMULATOR_CLIENT_PUBLIC_KEY_FILE: cannot read ${path}`);
  }
}

/** Options given in code are checked as strictly as the environment. */
export function resolveEmulatorOptions(partial: Partial<EmulatorOptions>): EmulatorOptions {
  const options: EmulatorOptions = Object.assign(
    {},
    DEFAULT_EMULATOR_OPTIONS,
    stripUndefined(partial),
  );
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`port must be a port number between 0 and 65535, not ${options.port}`);
  }
  if (!DOMAIN_PATTERN.test(options.domain)) {
    throw new Error(`domain must be a host name such as localhost, not "${options.domain}"`);
  }
  if (options.fixedCode !== undefined && !FIXED_CODE_PATTERN.test(options.fixedCode)) {
    throw new Error('fixedCode must be exactly 6 digits, such as 424242');
  }
  if (
    options.phoneChannels.length === 0 ||
    !options.phoneChannels.every((c) => c === 'sms' || c === 'voice')
  ) {
    throw new Error('phoneChannels must hold sms, voice or both');
  }
  if (!options.clientId || !options.clientSecret) {
    throw new Error('clientId and clientSecret must not be empty');
  }
  if ((options.clientPublicKeys?.length ?? 0) > 2) {
    throw new Error('an application holds at most two public keys (Auth0 allows two credentials)');
  }
  return options;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
