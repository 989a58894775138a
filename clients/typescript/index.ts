/**
 * A thin, typed client of mfa-gateway for internal apps: openapi-fetch over the types generated from the
 * gateway's OpenAPI document (schema.d.ts, by `npm run client`). Every call is typed end to end — paths,
 * bodies, answers and problems — and nothing here hides what the gateway answers.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };

type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDto'];
export type MfaRequired = Schemas['MfaRequiredProblemDto'];
export type TokenSet = Schemas['TokenSetDto'];
export type Enrollment = Schemas['EnrollmentDto'];
export type Authenticator = Schemas['AuthenticatorDto'];
export type Challenge = Schemas['ChallengeDto'];
export type OobChannel = Schemas['OobChannel'];

export interface GatewayClientOptions {
  /** Where the gateway answers, e.g. `https://mfa-gateway.internal`. */
  baseUrl: string;
  /** Sent as `x-api-key` on every call, where the gateway runs with `API_KEYS`. */
  apiKey?: string;
  /** Another fetch (a test's, a proxy-aware one); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export type GatewayClient = ReturnType<typeof createClient<paths>>;

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: options.apiKey ? { 'x-api-key': options.apiKey } : {},
  });
}

/** The header of every call made with an mfa_token (or an MFA-audience access token). */
export function bearer(token: string): { headers: { Authorization: string } } {
  return { headers: { Authorization: `Bearer ${token}` } };
}

/** A `403 mfa_required` answer of the sign-in: it carries the mfa_token of the next calls. */
export function isMfaRequired(problem: unknown): problem is MfaRequired {
  return (
    typeof problem === 'object' &&
    problem !== null &&
    (problem as Problem).code === 'mfa_required' &&
    typeof (problem as MfaRequired).mfa_token === 'string'
  );
}
