import { createUser } from '../support/emulator';
import { mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import { totpNow } from '../support/totp';

interface PhoneScreen {
  push_requests: { id: string }[];
  app_codes: { code: string; expires_in: number }[];
}

/** The inbox panel's virtual phone, over plain HTTP: the gateway drives the emulator's for the page. */
describe('reference page /demo: the virtual phone (emulator mode)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  const emulatorUrl = (): string => gw.emulator?.url ?? '';
  const screenOf = (email: string) =>
    call<PhoneScreen>(gw.url, 'GET', `/demo/inbox/phone?user=${encodeURIComponent(email)}`);
  /** A fresh user who has started enrolling `type`: the answer, and the sign-in's mfa_token. */
  const enrolling = async (type: 'push' | 'otp') => {
    const user = await createUser(emulatorUrl());
    const mfaToken = await mfaTokenFor(gw.url, user);
    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type },
    });
    expect(enrollment.status).toBe(201);
    return { user, mfaToken, enrollment };
  };

  it('scans a push enrollment, then lists and answers its sign-in requests', async () => {
    const { user, enrollment } = await enrolling('push');
    const barcodeUri = String(enrollment.body.barcode_uri);
    const scanned = await call(gw.url, 'POST', '/demo/inbox/phone/scan', {
      body: { barcode_uri: barcodeUri },
    });
    expect(scanned.status).toBe(204);
    expect(scanned.headers.get('cache-control')).toBe('no-store');
    // Scanned once: the enrollment no longer waits for it.
    const again = await call(gw.url, 'POST', '/demo/inbox/phone/scan', {
      body: { barcode_uri: barcodeUri },
    });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');

    // Nothing waits on the phone: the scan answered the enrollment itself.
    const empty = await screenOf(user.email);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('cache-control')).toBe('no-store');
    expect(empty.body).toEqual({ push_requests: [], app_codes: [] });
  });

  it('answers a waiting push request once, approve or reject, and 404 after', async () => {
    const { user, mfaToken, enrollment } = await enrolling('push');
    await call(gw.url, 'POST', '/demo/inbox/phone/scan', {
      body: { barcode_uri: enrollment.body.barcode_uri },
    });
    // The emulator activates the enrollment at the first poll after the scan; the gateway asks it.
    const confirmed = await call(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { oob_code: enrollment.body.oob_code },
    });
    expect(confirmed.status).toBe(200);
    const signIn = await mfaTokenFor(gw.url, user);
    const authenticators = await call<{ id: string; oob_channel?: string }[]>(
      gw.url,
      'GET',
      '/v1/authenticators',
      { token: signIn },
    );
    const pushId = authenticators.body.find((a) => a.oob_channel === 'auth0')?.id;
    const challenge = await call(gw.url, 'POST', '/v1/challenges', {
      token: signIn,
      body: { authenticator_id: pushId },
    });
    expect(challenge.status).toBe(200);

    const screen = await screenOf(user.email);
    expect(screen.body.push_requests).toEqual([{ id: expect.any(String) }]);
    // Another user's phone shows nothing of it.
    const stranger = await createUser(emulatorUrl());
    expect((await screenOf(stranger.email)).body.push_requests).toEqual([]);

    const id = screen.body.push_requests[0].id;
    const answer = (action: string) =>
      call(gw.url, 'POST', `/demo/inbox/phone/push-requests/${encodeURIComponent(id)}`, {
        body: { action },
      });
    expect((await answer('maybe')).status).toBe(400);
    const rejected = await answer('reject');
    expect(rejected.status).toBe(204);
    expect(rejected.headers.get('cache-control')).toBe('no-store');
    // Answered: no longer waiting, on the phone or for a second answer.
    expect((await screenOf(user.email)).body.push_requests).toEqual([]);
    const late = await answer('approve');
    expect(late.status).toBe(404);
    expect(late.body.code).toBe('not_found');
  });

  it("shows the authenticator app's current code, never its secret", async () => {
    const { user, enrollment } = await enrolling('otp');
    const secret = String(enrollment.body.secret);
    const screen = await screenOf(user.email);
    expect(screen.status).toBe(200);
    expect(screen.body.app_codes).toHaveLength(1);
    const [shown] = screen.body.app_codes;
    expect(shown.expires_in).toBeGreaterThanOrEqual(1);
    expect(shown.expires_in).toBeLessThanOrEqual(30);
    // Read twice around a 30 s boundary, the code may be the next one: then it matches that.
    const now = await totpNow(emulatorUrl(), secret);
    if (shown.code !== now) expect((await screenOf(user.email)).body.app_codes[0].code).toBe(now);
    expect(screen.text).not.toContain(secret);
    expect(gw.logs.text()).not.toContain(secret);
    expect(gw.logs.text()).not.toMatch(new RegExp(`\\b${shown.code}\\b`));
  });

  it('refuses what is not a user, a barcode_uri, or a JSON body, and never logs a barcode_uri', async () => {
    for (const path of ['/demo/inbox/phone', '/demo/inbox/phone?user=%2B14155550123']) {
      const refused = await call(gw.url, 'GET', path);
      expect({ path, status: refused.status, code: refused.body?.code }).toEqual({
        path,
        status: 400,
        code: 'validation_failed',
      });
    }
    const notAUri = await call(gw.url, 'POST', '/demo/inbox/phone/scan', {
      body: { barcode_uri: 'https://example.com/' },
    });
    expect(notAUri.status).toBe(400);
    const unknownUri = 'otpauth://totp/x:y?enrollment_tx_id=nothing-like-it';
    const unknown = await call(gw.url, 'POST', '/demo/inbox/phone/scan', {
      body: { barcode_uri: unknownUri },
    });
    expect(unknown.status).toBe(404);
    // A plain form or text body (what another site can send without asking) changes nothing.
    const plain = await call(gw.url, 'POST', '/demo/inbox/phone/push-requests/some-id', {
      raw: 'action=approve',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
    expect(gw.logs.text()).not.toContain('nothing-like-it');
  });
});
