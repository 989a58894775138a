/**
 * Auth0's request and response shapes on the wire (docs/auth0-wire.md). Field names are Auth0's. These are
 * the adapter's types only: the gateway's own request/response DTOs live in the feature modules.
 */

/** Auth0's names for the ways an out-of-band code or request travels (`auth0` is push). */
export const OOB_CHANNELS = ['sms', 'voice', 'email', 'auth0'] as const;
export type OobChannel = (typeof OOB_CHANNELS)[number];

/** The kinds of authenticator Auth0 lists. */
export const AUTHENTICATOR_TYPES = ['oob', 'otp', 'recovery-code'] as const;
export type AuthenticatorType = (typeof AUTHENTICATOR_TYPES)[number];

/** How a challenge is answered: a code sent out of band, or the authenticator app's own code. */
export const CHALLENGE_TYPES = ['oob', 'otp'] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];

/** `prompt`: the user types the code they received. Push has none. */
export const BINDING_METHODS = ['prompt'] as const;
export type BindingMethod = (typeof BINDING_METHODS)[number];

export type AssociateRequest =
  | {
      authenticator_types: ['oob'];
      oob_channels: OobChannel[];
      phone_number?: string;
      email?: string;
    }
  | { authenticator_types: ['otp'] };

export interface AssociateResponse {
  authenticator_type: 'oob' | 'otp';
  oob_channel?: OobChannel;
  oob_code?: string;
  binding_method?: BindingMethod;
  recovery_codes?: string[];
  secret?: string;
  barcode_uri?: string;
}

export interface ChallengeRequest {
  authenticator_id: string;
  /** Space-separated set: `oob`, `otp` or `oob otp`; omitted means any. */
  challenge_type?: string;
}

export interface ChallengeResponse {
  challenge_type: ChallengeType;
  oob_code?: string;
  binding_method?: BindingMethod;
}

export interface Auth0Authenticator {
  id: string;
  authenticator_type: AuthenticatorType;
  active: boolean;
  oob_channel?: OobChannel;
  name?: string;
}

export interface PasswordGrantRequest {
  username: string;
  password: string;
  /** When given, the password-realm grant is used. */
  realm?: string;
  audience?: string;
  scope?: string;
}

export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  scope?: string;
  token_type: string;
  /** Only from the recovery-code grant: the code that replaces the one just used. */
  recovery_code?: string;
}

/** The Auth0 error body: always `{error, error_description}`, plus `mfa_token` etc. for `mfa_required`. */
export interface Auth0ErrorBody {
  error: string;
  error_description?: string;
  mfa_token?: string;
  mfa_requirements?: MfaRequirements;
}

export interface MfaRequirements {
  challenge?: { type: string }[];
  enroll?: { type: string }[];
}

/** The Auth0 endpoints the adapter calls; the error table is keyed on these. */
export type Auth0Endpoint =
  | 'token'
  | 'associate'
  | 'challenge'
  | 'list_authenticators'
  | 'delete_authenticator'
  | 'discovery';

/** The `/oauth/token` grants the adapter sends; some Auth0 answers mean different things per grant. */
export type TokenGrant = 'password' | 'mfa-oob' | 'mfa-otp' | 'mfa-recovery-code' | 'refresh_token';

/** One call to Auth0 as the error table sees it: the endpoint, and for `/oauth/token` which grant. */
export interface Auth0Call {
  endpoint: Auth0Endpoint;
  grant?: TokenGrant;
}

export interface OobGrantRequest {
  oob_code: string;
  /** The code the user typed; absent only for push, whose challenge had no `binding_method`. */
  binding_code?: string;
}

export interface OtpGrantRequest {
  otp: string;
}

export interface RecoveryCodeGrantRequest {
  recovery_code: string;
}

export interface RefreshGrantRequest {
  refresh_token: string;
}

/** What `/health/ready` reports about Auth0 (or the emulator); a probe never throws. */
export interface Auth0ProbeResult {
  up: boolean;
  latencyMs: number;
  detail?: string;
}
