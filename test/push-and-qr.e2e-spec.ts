import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Browser } from 'playwright-core';
import { createUser } from './support/emulator';
import { describeWithChromium, launchChromium, qrCodeOf } from './support/chromium';
import { expectTokens, mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';
import { totpNow } from './support/totp';

/**
 * The QR codes of enrollment answers, read back as any authenticator app would: Chromium renders the
 * SVG, a QR decoder reads the pixels, and what it reads must be the `barcode_uri` exactly.
 */
describeWithChromium('the QR code test')('push enrollment and QR codes', () => {
  let gw: TestGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startGateway();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await gw.close();
  });
  const emulatorUrl = () => gw.emulator?.url ?? '';

  /** What a QR decoder reads from the SVG as a browser draws it. */
  async function decode(svg: string): Promise<string | undefined> {
    const page = await browser.newPage();
    try {
      const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(`<img id="qr" src="${source}" width="240" height="240">`);
      return await qrCodeOf(page, '#qr');
    } finally {
      await page.close();
    }
  }

  const enroll = async (type: string) => {
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gw.url, user);
    const answer = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type },
    });
    return { mfaToken, answer };
  };

  it('enrolls an authenticator app from its QR code alone', async () => {
    const { mfaToken, answer } = await enroll('otp');
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const svg = String(answer.body.barcode_svg);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const read = await decode(svg);
    expect(read).toBe(answer.body.barcode_uri);
    // The secret as the app reads it from the code, not from the answer's `secret`.
    const secret = new URL(String(read)).searchParams.get('secret') ?? '';
    const confirmed = await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { otp: await totpNow(emulatorUrl(), secret) },
    });
    expectTokens(confirmed);
    expect(gw.logs.text()).not.toContain(svg.slice(0, 200));
    expect(gw.logs.text()).not.toContain(secret);
  });

  it('enrolls push (Auth0 Guardian): its fields, an expiry, and a QR code of its barcode_uri', async () => {
    const { answer } = await enroll('push');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      authenticator_type: 'oob',
      oob_channel: 'auth0',
      oob_code: expect.any(String),
      barcode_uri: expect.stringMatching(/^otpauth:\/\//),
      expires_at: expect.any(String),
    });
    expect(await decode(String(answer.body.barcode_svg))).toBe(answer.body.barcode_uri);
    // The virtual Guardian device can pair with what the code says.
    const scanned = await call(emulatorUrl(), 'POST', '/__emulator/guardian/scan', {
      body: { barcode_uri: answer.body.barcode_uri },
    });
    expect(scanned.status).toBeLessThan(300);
  });
});
