import { afterEach, describe, expect, it } from '@jest/globals';
import { createUser, outboxFor } from '../support/emulator';
import { mfaTokenFor } from '../support/flows';
import { emulatorPerSuite, startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';

describe('fraud guard on phone enrollments', () => {
  const emulator = emulatorPerSuite();
  let gateway: TestGateway;
  afterEach(() => gateway.close());

  /**
   * Enrolls a fresh user's phone; returns the answer and how many codes the number received for it (the
   * emulator is shared by the suite, and some numbers recur).
   */
  const enroll = async (type: 'sms' | 'voice', phone: string) => {
    const emulatorUrl = gateway.emulator?.url ?? '';
    const e164 = `+${phone.replace(/\D/g, '')}`;
    const before = (await outboxFor(emulatorUrl, e164)).length;
    const user = await createUser(emulatorUrl);
    const answer = await call(gateway.url, 'POST', '/v1/enrollments', {
      token: await mfaTokenFor(gateway.url, user),
      body: { type, phone_number: phone },
    });
    const delivered = (await outboxFor(emulatorUrl, e164)).length - before;
    return { answer, delivered, digits: e164.slice(1) };
  };

  it('sends codes only to the countries of PHONE_ALLOWED_COUNTRIES', async () => {
    gateway = await startGateway({
      emulator: emulator(),
      env: { PHONE_ALLOWED_COUNTRIES: 'US,CA' },
    });

    const abroad = await enroll('sms', '+33 6 12 34 56 78');
    expect(abroad.answer.status).toBe(422);
    expect(abroad.answer.body).toMatchObject({ code: 'phone_country_not_allowed' });
    expect(abroad.answer.text).not.toContain(abroad.digits.slice(-6));
    expect(abroad.delivered).toBe(0);

    const home = await enroll('sms', '+1 415 555 0124');
    expect(home.answer.status).toBe(201);
    expect(home.delivered).toBe(1);
  });

  it.each([
    ['sms', '+44 909 876 5432', 'premium-rate'],
    ['voice', '+44 909 876 5432', 'premium-rate'],
    ['sms', '+44 70 1234 5678', 'personal'],
    ['sms', '+33 1 23 45 67 89', 'fixed lines'],
  ] as Array<['sms' | 'voice', string, string]>)(
    'refuses %s to %s (%s) before anything is sent',
    async (type, phone, what) => {
      gateway = await startGateway({ emulator: emulator() });
      const { answer, delivered, digits } = await enroll(type, phone);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'phone_type_not_allowed' });
      expect(answer.body.detail).toContain(what);
      expect(answer.text).not.toContain(digits.slice(-6));
      expect(delivered).toBe(0);
    },
  );

  it('lets a voice call ring a fixed line, which cannot receive a text', async () => {
    gateway = await startGateway({ emulator: emulator() });
    const { answer, delivered } = await enroll('voice', '+33 1 23 45 67 89');
    expect(answer.status).toBe(201);
    expect(delivered).toBe(1);
  });
});
