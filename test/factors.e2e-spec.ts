import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, latestCode } from './support/emulator';
import { enrolledEmailUser, mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

const MANAGE = {
  audience: 'mfa',
  scope: 'openid enroll read:authenticators remove:authenticators',
};

type Listed = Record<string, unknown> & { id: string; active: boolean };

describe('factors as a user sees them', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());
  const emulatorUrl = () => gw.emulator?.url ?? '';

  const list = async (token: string, query = '') =>
    (await call<Listed[]>(gw.url, 'GET', `/v1/factors${query}`, { token })).body;
  const authenticators = async (token: string) =>
    (await call<Listed[]>(gw.url, 'GET', '/v1/authenticators', { token })).body;
  const enroll = (token: string, body: Record<string, string>) =>
    call(gw.url, 'POST', '/v1/enrollments', { token, body });

  /** A user with a confirmed e-mail factor, signed in with an MFA-audience token that may manage. */
  const manager = async () => {
    const { user } = await enrolledEmailUser(gw.url, emulatorUrl());
    const mfaToken = await mfaTokenFor(gw.url, user, MANAGE);
    const email = (await authenticators(mfaToken)).find((a) => a.oob_channel === 'email');
    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: mfaToken,
      body: { authenticator_id: email?.id },
    });
    const tokens = await call(gw.url, 'POST', '/v1/token/oob', {
      token: mfaToken,
      body: {
        oob_code: challenge.body.oob_code,
        binding_code: await latestCode(emulatorUrl(), user.email),
      },
    });
    return { user, mfaToken, access: String(tokens.body.access_token) };
  };

  it('lists one phone as one factor, leaves abandoned enrollments out, and removes it whole', async () => {
    const { access, mfaToken } = await manager();
    const phone = '+447911123456';
    const started = await enroll(access, { type: 'sms', phone_number: phone });
    // A new factor is confirmed with the sign-in's mfa_token, as Auth0 has it.
    await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: {
        oob_code: started.body.oob_code,
        binding_code: await latestCode(emulatorUrl(), phone),
      },
    });
    // An authenticator-app enrollment started and never confirmed.
    expect((await enroll(access, { type: 'otp' })).status).toBe(201);

    expect((await authenticators(access)).length).toBeGreaterThanOrEqual(5);
    const factors = await list(access);
    expect(factors.map((f) => f.type).sort()).toEqual(['email', 'phone', 'recovery-code']);
    const phoneFactor = factors.find((f) => f.type === 'phone');
    expect(phoneFactor).toEqual({
      id: expect.stringMatching(/^sms\|/),
      type: 'phone',
      name: 'XXXXXXXXX3456',
      active: true,
      channels: ['sms', 'voice'],
      authenticator_ids: {
        sms: expect.stringMatching(/^sms\|/),
        voice: expect.stringMatching(/^voice\|/),
      },
    });
    const pending = await list(access, '?include=pending');
    expect(pending.find((f) => f.type === 'otp')).toMatchObject({ active: false });

    const removed = await call(
      gw.url,
      'DELETE',
      `/v1/factors/${encodeURIComponent(String(phoneFactor?.id))}`,
      {
        token: access,
      },
    );
    expect(removed.status).toBe(204);
    const left = (await authenticators(access)).map((a) => a.id);
    expect(left).not.toContain(
      phoneFactor!.authenticator_ids &&
        (phoneFactor!.authenticator_ids as Record<string, string>).voice,
    );
    expect((await list(access)).map((f) => f.type).sort()).toEqual(['email', 'recovery-code']);
  });

  it('refuses an unknown include and a delete without remove:authenticators', async () => {
    const { mfaToken } = await manager();
    const bad = await call(gw.url, 'GET', '/v1/factors?include=everything', { token: mfaToken });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed' });
    const [email] = await list(mfaToken);
    const refused = await call(gw.url, 'DELETE', `/v1/factors/${encodeURIComponent(email.id)}`, {
      token: mfaToken,
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'insufficient_scope' });
  });

  it('removes abandoned enrollments of the same type before a new one, never the recovery code', async () => {
    const { access } = await manager();
    for (let i = 0; i < 3; i++) expect((await enroll(access, { type: 'otp' })).status).toBe(201);
    expect((await list(access, '?include=pending')).filter((f) => f.type === 'otp')).toHaveLength(
      1,
    );
    const audit = gw.logs.entries().filter((line) => line.event === 'abandoned_enrollment_removed');
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(audit[0]).toMatchObject({ authenticator_kind: 'totp' });
    expect((await list(access)).map((f) => f.type)).toContain('recovery-code');
  });

  it('answers the 51st authenticator of an mfa_token holder with 409 too_many_authenticators', async () => {
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gw.url, user);
    // The emulator keeps Auth0's behaviour: every abandoned enrollment stays listed, up to 50.
    for (let i = 0; i < 50; i++) {
      const started = await enroll(mfaToken, { type: 'otp' });
      expect(started.status).toBe(201);
    }
    expect((await authenticators(mfaToken)).filter((a) => !a.active).length).toBeGreaterThanOrEqual(
      50,
    );
    const refused = await enroll(mfaToken, { type: 'otp' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'too_many_authenticators' });
    expect(String(refused.body.detail)).toContain('remove:authenticators');
  });
});
