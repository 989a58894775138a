import { TokenSet } from '../../src/auth0/auth0.types';
import { createUser, latestCode } from './emulator';
import { call, JsonResponse } from './http';

export type Tokens = TokenSet;

/** One entry of `GET /v1/authenticators`, as the gateway answers it. */
export type Authenticator = Record<string, unknown>;

export interface EmailEnrollment {
  user: { email: string; password: string };
  mfaToken: string;
  oobCode: string;
  /** The code delivered to the user's inbox. */
  code: string;
  recoveryCode: string;
}

/** A new user who has started (not confirmed) enrolling their e-mail through the gateway. */
export async function startEmailEnrollment(
  gatewayUrl: string,
  emulatorUrl: string,
): Promise<EmailEnrollment> {
  const user = await createUser(emulatorUrl);
  const mfaToken = await mfaTokenFor(gatewayUrl, user);
  const enrollment = await call(gatewayUrl, 'POST', '/v1/enrollments', {
    token: mfaToken,
    body: { type: 'email', email: user.email },
  });
  if (enrollment.status !== 201) throw new Error(`enrollment failed: ${enrollment.text}`);
  return {
    user,
    mfaToken,
    oobCode: enrollment.body.oob_code as string,
    code: await latestCode(emulatorUrl, user.email),
    recoveryCode: (enrollment.body.recovery_codes as string[])[0],
  };
}

/** A new user with a confirmed e-mail factor. */
export async function enrolledEmailUser(
  gatewayUrl: string,
  emulatorUrl: string,
): Promise<EmailEnrollment> {
  const enrollment = await startEmailEnrollment(gatewayUrl, emulatorUrl);
  expectTokens(
    await call(gatewayUrl, 'POST', '/v1/enrollments/confirm', {
      token: enrollment.mfaToken,
      body: { oob_code: enrollment.oobCode, binding_code: enrollment.code },
    }),
  );
  return enrollment;
}

/** Signs in through the gateway and returns the mfa_token of the `403 mfa_required` answer. */
export async function mfaTokenFor(
  gatewayUrl: string,
  user: { email: string; password: string },
  extra: Record<string, string> = {},
): Promise<string> {
  const response = await call(gatewayUrl, 'POST', '/v1/token/password', {
    body: { username: user.email, password: user.password, ...extra },
  });
  if (response.status !== 403 || typeof response.body.mfa_token !== 'string') {
    throw new Error(`expected mfa_required, got ${response.status} ${response.text}`);
  }
  return response.body.mfa_token;
}

/**
 * Lists the caller's authenticators through the gateway and returns the first `match` accepts. `send` is
 * `call` unless the test routes its requests through something else (a `SecretLedger`).
 */
export async function findAuthenticator(
  gatewayUrl: string,
  token: string,
  match: (authenticator: Authenticator) => boolean,
  send: (...args: Parameters<typeof call>) => Promise<JsonResponse<unknown>> = call,
): Promise<Authenticator | undefined> {
  const list = await send(gatewayUrl, 'GET', '/v1/authenticators', { token });
  return (list.body as Authenticator[]).find(match);
}

export function expectTokens(response: JsonResponse<unknown>): Tokens {
  if (response.status !== 200)
    throw new Error(`expected tokens, got ${response.status} ${response.text}`);
  const body = response.body as Tokens;
  if (typeof body.access_token !== 'string' || body.token_type !== 'Bearer') {
    throw new Error(`not a token set: ${response.text}`);
  }
  return body;
}
