import { createUser, latestCode } from './support/emulator';
import { expectTokens, mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';

// Seed "Enroll and Challenge SMS and Voice Authenticators".
describe('SMS and voice factors', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('enrolls SMS from a human-formatted number, lists the twins masked, and verifies by voice', async () => {
    const emulator = gw.emulator!.url;
    const user = await createUser(emulator);
    const mfaToken = await mfaTokenFor(gw.url, user);

    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+1 (415) 555-0123' },
    });
    expect(enrollment.status).toBe(201);
    expect(enrollment.body).toMatchObject({ oob_channel: 'sms', binding_method: 'prompt' });

    // The number reached Auth0 normalized to E.164: that is where the emulator delivered.
    const code = await latestCode(emulator, '+14155550123');
    expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: mfaToken,
        body: { oob_code: enrollment.body.oob_code, binding_code: code },
      }),
    );

    const next = await mfaTokenFor(gw.url, user);
    const list = await call<Record<string, unknown>[]>(gw.url, 'GET', '/v1/authenticators', {
      token: next,
    });
    const sms = list.body.find((a) => a.oob_channel === 'sms');
    const voice = list.body.find((a) => a.oob_channel === 'voice');
    expect(sms).toMatchObject({ active: true, name: 'XXXXXXXX0123' });
    expect(voice).toMatchObject({ active: true, name: 'XXXXXXXX0123' });
    const suffix = (id: unknown): string => String(id).split('|')[1];
    expect(String(sms?.id)).toMatch(/^sms\|dev_/);
    expect(String(voice?.id)).toMatch(/^voice\|dev_/);
    expect(suffix(sms?.id)).toBe(suffix(voice?.id));
    expect(list.text).not.toContain('4155550123');

    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: next,
      body: { authenticator_id: voice?.id },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body.challenge_type).toBe('oob');
    const voiceCode = await latestCode(emulator, '+14155550123');
    expectTokens(
      await call(gw.url, 'POST', '/v1/token/oob', {
        token: next,
        body: { oob_code: challenge.body.oob_code, binding_code: voiceCode },
      }),
    );
  });

  it('refuses an impossible number before Auth0 sees it', async () => {
    const user = await createUser(gw.emulator!.url);
    const mfaToken = await mfaTokenFor(gw.url, user);
    const response = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'sms', phone_number: '+1 123 456 7890' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'phone_number' })]);
    expect(response.text).not.toContain('123 456 7890');
  });
});
