/**
 * The whole e-mail flow as an internal app writes it with the typed client: sign in, enroll e-mail,
 * confirm, then on the next sign-in challenge the factor and verify the code. The gateway's own tests
 * run this file against a gateway and type-check it against the document that gateway serves.
 */
import {
  bearer,
  createGatewayClient,
  isMfaRequired,
  type GatewayClient,
  type TokenSet,
} from '../index';

export interface EmailUser {
  username: string;
  password: string;
}

/** How the app gets the 6-digit code the user received (a form field, in real life). */
export type ReadCode = (email: string) => Promise<string>;

export function client(baseUrl: string): GatewayClient {
  return createGatewayClient({ baseUrl });
}

/** Signs in; MFA is required, so the answer is the typed 403 with the mfa_token. */
export async function mfaToken(api: GatewayClient, user: EmailUser): Promise<string> {
  const { error } = await api.POST('/v1/token/password', { body: user });
  if (!isMfaRequired(error))
    throw new Error(`expected mfa_required, got ${error?.code ?? 'tokens'}`);
  return error.mfa_token;
}

/** First sign-in: enrolls the user's e-mail and confirms it with the code they received. */
export async function enrollEmail(
  api: GatewayClient,
  user: EmailUser,
  readCode: ReadCode,
): Promise<{ tokens: TokenSet; recoveryCode?: string; where: string }> {
  const auth = bearer(await mfaToken(api, user));
  const { data: enrollment, error } = await api.POST('/v1/enrollments', {
    ...auth,
    body: { type: 'email', email: user.username },
  });
  if (!enrollment) throw new Error(`enrollment refused: ${error.code}`);
  // A typed union: the compiler knows every channel a code can travel on.
  let where: string;
  switch (enrollment.oob_channel) {
    case 'email':
      where = 'Check your inbox';
      break;
    case 'sms':
    case 'voice':
      where = 'Check your phone';
      break;
    case 'auth0':
    case undefined:
      throw new Error('no code was sent');
  }
  const confirmed = await api.POST('/v1/enrollments/confirm', {
    ...auth,
    body: { oob_code: enrollment.oob_code ?? '', binding_code: await readCode(user.username) },
  });
  if (!confirmed.data) throw new Error(`confirmation refused: ${confirmed.error.code}`);
  return { tokens: confirmed.data, recoveryCode: enrollment.recovery_codes?.[0], where };
}

/** Next sign-in: challenges the e-mail factor; a wrong code first, to read a typed problem code. */
export async function signInWithEmail(
  api: GatewayClient,
  user: EmailUser,
  readCode: ReadCode,
): Promise<{ tokens: TokenSet; firstTry: string }> {
  const auth = bearer(await mfaToken(api, user));
  const { data: factors } = await api.GET('/v1/authenticators', auth);
  const email = factors?.find((f) => f.oob_channel === 'email' && f.active);
  if (!email) throw new Error('no e-mail factor');
  const { data: challenge } = await api.POST('/v1/challenges', {
    ...auth,
    body: { authenticator_id: email.id },
  });
  if (challenge?.challenge_type !== 'oob' || !challenge.oob_code) throw new Error('no code sent');
  const code = await readCode(user.username);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const first = await api.POST('/v1/token/oob', {
    ...auth,
    body: { oob_code: challenge.oob_code, binding_code: wrong },
  });
  // Problems are typed too: `code` is the stable string to switch on.
  const firstTry = first.error?.code ?? 'accepted';
  const verified = await api.POST('/v1/token/oob', {
    ...auth,
    body: { oob_code: challenge.oob_code, binding_code: code },
  });
  if (!verified.data) throw new Error(`verification refused: ${verified.error.code}`);
  return { tokens: verified.data, firstTry };
}
