import type { Logger } from 'pino';
import type { RegisteredClient } from './client-auth';

/** The channels of the tenant's phone factor (the Dashboard's "SMS", "Voice" or both). */
export type PhoneChannel = 'sms' | 'voice';

export interface EmulatorOptions {
  /** 0 picks any free port (tests). */
  port: number;
  host: string;
  /** The tenant's host name; the issuer is `https://${domain}/`. */
  domain: string;
  clientId: string;
  clientSecret: string;
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
  phoneChannels: PhoneChannel[];
}

export const DEFAULT_EMULATOR_OPTIONS: Readonly<EmulatorOptions> = {
  port: 3001,
  host: '127.0.0.1',
  domain: 'localhost',
  clientId: 'mfa-gateway-dev',
  clientSecret: 'mfa-gateway-dev-secret',
  logDeliveries: true,
  mfaRequirements: true,
  phoneChannels: ['sms', 'voice'],
};

const DOMAIN_PATTERN = /^[a-z0-9.-]+(:\d+)?$/i;
const FIXED_CODE_PATTERN = /^\d{6}$/;

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readBoolean(env: Record<string, string | undefined>, name: string, fallback: boolean) {
  const value = present(env[name])?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

function readPort(env: Record<string, string | undefined>, name: string, fallback: number) {
  const value = present(env[name]);
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, not "${value}"`);
  }
  return port;
}

/** Reads the emulator's settings from the environment; a bad value stops start-up with its name. */
export function loadEmulatorOptions(env: Record<string, string | undefined>): EmulatorOptions {
  const domain = present(env.EMULATOR_DOMAIN) ?? DEFAULT_EMULATOR_OPTIONS.domain;
  if (!DOMAIN_PATTERN.test(domain)) {
    throw new Error(`EMULATOR_DOMAIN must be a host name such as localhost, not "${domain}"`);
  }
  const fixedCode = present(env.EMULATOR_FIXED_CODE);
  if (fixedCode !== undefined && !FIXED_CODE_PATTERN.test(fixedCode)) {
    throw new Error('EMULATOR_FIXED_CODE must be exactly 6 digits, such as 424242');
  }
  return {
    port: readPort(env, 'EMULATOR_PORT', DEFAULT_EMULATOR_OPTIONS.port),
    host: present(env.EMULATOR_HOST) ?? DEFAULT_EMULATOR_OPTIONS.host,
    domain,
    clientId: present(env.AUTH0_CLIENT_ID) ?? DEFAULT_EMULATOR_OPTIONS.clientId,
    clientSecret: present(env.AUTH0_CLIENT_SECRET) ?? DEFAULT_EMULATOR_OPTIONS.clientSecret,
    logDeliveries: readBoolean(env, 'EMULATOR_LOG_DELIVERIES', true),
    fixedCode,
    mfaRequirements: readBoolean(env, 'EMULATOR_MFA_REQUIREMENTS', true),
    phoneChannels: [...DEFAULT_EMULATOR_OPTIONS.phoneChannels],
  };
}

/** Options given in code are checked as strictly as the environment. */
export function resolveEmulatorOptions(partial: Partial<EmulatorOptions>): EmulatorOptions {
  const options: EmulatorOptions = { ...DEFAULT_EMULATOR_OPTIONS, ...stripUndefined(partial) };
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
  return options;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
