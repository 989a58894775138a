import { EmulatorClient, GRANT, TestUser, totpCode } from '../emulator/emulator-client';

/**
 * The situations the recordings were made in, built through the emulator's own API (support endpoints
 * and ordinary MFA calls), so that each replay meets the state the real tenant was in.
 */

export const PHONE = '+14155558730';

/** The scope the gateway asks for when its caller names none. */
export const GATEWAY_SCOPE = 'openid profile';

/** Signs in as the gateway does, with its default scope. */
export function mfaTokenOf(emu: EmulatorClient, user: TestUser): Promise<string> {
  return emu.mfaToken(user, { scope: GATEWAY_SCOPE });
}

export interface Signed {
  user: TestUser;
  mfaToken: string;
}

/** A user who has signed in with the password: MFA required, nothing enrolled. */
export async function signedIn(emu: EmulatorClient, verified = false): Promise<Signed> {
  const user = await emu.newUser(verified);
  return { user, mfaToken: await mfaTokenOf(emu, user) };
}

/** A user with a confirmed authenticator app, signed in again; answers its secret too. */
export async function withOtp(emu: EmulatorClient): Promise<Signed & { secret: string }> {
  const { user, mfaToken } = await signedIn(emu);
  const associated = await emu.associate(mfaToken, { authenticator_types: ['otp'] });
  const secret = associated.body.secret as string;
  await emu.alignToTotpWindow();
  const confirmed = await emu.token({
    grant_type: GRANT.otp,
    mfa_token: mfaToken,
    otp: totpCode(secret, await emu.now()),
  });
  if (confirmed.status !== 200) throw new Error(`otp not confirmed: ${confirmed.text}`);
  // A later window, so the next code is not the one just used.
  await emu.advance(30);
  return { user, mfaToken: await mfaTokenOf(emu, user), secret };
}

/** A user with a confirmed phone, signed in again; answers the recovery code of the enrollment. */
export async function withPhone(emu: EmulatorClient): Promise<Signed & { recoveryCode: string }> {
  const user = await emu.newUser();
  const { recoveryCode } = await emu.enrollPhone(user, PHONE);
  return { user, mfaToken: await mfaTokenOf(emu, user), recoveryCode };
}

/** A user with a paired push device, signed in again; answers the device (authenticator) id. */
export async function withPush(emu: EmulatorClient): Promise<Signed & { deviceId: string }> {
  const { user, mfaToken } = await signedIn(emu);
  const associated = await emu.associate(mfaToken, {
    authenticator_types: ['oob'],
    oob_channels: ['auth0'],
  });
  const scanned = await emu.json('POST', '/__emulator/guardian/scan', {
    barcode_uri: associated.body.barcode_uri,
  });
  await emu.advance(5);
  const confirmed = await pushPoll(emu, mfaToken, associated.body.oob_code as string);
  if (confirmed.status !== 200) throw new Error(`push not paired: ${confirmed.text}`);
  return {
    user,
    mfaToken: await mfaTokenOf(emu, user),
    deviceId: scanned.body.device_id as string,
  };
}

/** A push challenge to the user's device, waiting for an answer; answers its oob_code. */
export async function pushChallenge(emu: EmulatorClient, signed: Signed & { deviceId: string }) {
  const challenged = await emu.challenge(signed.mfaToken, { authenticator_id: signed.deviceId });
  if (challenged.status !== 200) throw new Error(`push challenge: ${challenged.text}`);
  return challenged.body.oob_code as string;
}

/** Answers the push request waiting on a device, as the user would on the phone. */
export async function answerPush(
  emu: EmulatorClient,
  deviceId: string,
  action: 'approve' | 'reject',
): Promise<void> {
  const waiting = await emu.raw(
    'GET',
    `/__emulator/guardian/notifications?device_id=${encodeURIComponent(deviceId)}`,
  );
  const answered = await emu.raw(
    'POST',
    `/__emulator/guardian/notifications/${waiting.body[0].id as string}/${action}`,
  );
  if (answered.status !== 204) throw new Error(`push not answered: ${answered.text}`);
}

function pushPoll(emu: EmulatorClient, mfaToken: string, oobCode: string) {
  return emu.token({ grant_type: GRANT.oob, mfa_token: mfaToken, oob_code: oobCode });
}

/** An access token for the tenant's MFA API audience, after passing an SMS challenge. */
export async function mfaApiToken(emu: EmulatorClient, scope: string) {
  const user = await emu.newUser();
  await emu.enrollPhone(user, PHONE);
  return { user, accessToken: await emu.mfaApiToken(user, PHONE, scope) };
}
