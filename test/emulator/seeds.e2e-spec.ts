import { EmulatorClient, findAuthenticator, TestUser } from './emulator-client';

/*
 * The curl lines of Auth0's guides (/work/shared/seeds), replayed byte for byte with fetch: same method,
 * same headers, same body. `--data` without a content-type header makes curl send
 * `application/x-www-form-urlencoded`; several `--data` are joined with `&` and sent unencoded.
 */
const FORM = 'application/x-www-form-urlencoded';
const PHONE = '+14155550199';

function curlData(...parts: string[]): string {
  return parts.join('&');
}

describe("emulator: the seeds' curl lines as written", () => {
  let emu: EmulatorClient;
  let user: TestUser;
  let clientId: string;
  let clientSecret: string;

  beforeAll(async () => {
    emu = await EmulatorClient.start();
    clientId = emu.emulator.clientId;
    clientSecret = emu.emulator.clientSecret;
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await emu.reset();
    user = await emu.newUser();
  });

  it('seeds 000, 002 and 003: e-mail association, confirmation, listing, challenge and grant', async () => {
    const mfaToken = await emu.mfaToken(user);
    // 000:27 / 002:27 / 003:26
    const associated = await emu.raw('POST', '/mfa/associate', {
      headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
      body: '{ "authenticator_types": ["oob"], "oob_channels": ["email"], "email" : "email@address.com" }',
    });
    expect(associated.status).toBe(200);
    expect(associated.body).toMatchObject({
      authenticator_type: 'oob',
      binding_method: 'prompt',
      oob_channel: 'email',
    });
    const oobCode = associated.body.oob_code as string;
    const userEmailOtpCode = await emu.lastCode('email@address.com');

    // 000:206 / 002:206 / 003:44 — no content-type header: curl's form default
    const confirmed = await emu.raw('POST', '/oauth/token', {
      headers: { 'content-type': FORM },
      body: curlData(
        'grant_type=http://auth0.com/oauth/grant-type/mfa-oob',
        `mfa_token=${mfaToken}`,
        `oob_code=${oobCode}`,
        `binding_code=${userEmailOtpCode}`,
        `client_id=${clientId}`,
        `client_secret=${clientSecret}`,
      ),
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.access_token).toEqual(expect.any(String));

    // 000:368 / 002:368 / 003:71 — a GET with a JSON content type and no body
    const listed = await emu.raw('GET', '/mfa/authenticators', {
      headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
    });
    expect(listed.status).toBe(200);
    const emailId = findAuthenticator(listed, (a) => a.oob_channel === 'email').id;

    // 000:507 / 002:507 / 003:79 — a JSON body sent with curl's default form content type
    const loginToken = await emu.mfaToken(user);
    const challenged = await emu.raw('POST', '/mfa/challenge', {
      headers: { 'content-type': FORM },
      body: `{ "client_id": "${clientId}", "client_secret": "${clientSecret}", "challenge_type": "oob", "authenticator_id": "${emailId}", "mfa_token": "${loginToken}" }`,
    });
    expect(challenged.status).toBe(200);
    expect(challenged.body).toEqual({
      challenge_type: 'oob',
      oob_code: expect.any(String),
      binding_method: 'prompt',
    });

    // 000:657 / 003:92 — explicit form content type
    const granted = await emu.raw('POST', '/oauth/token', {
      headers: { 'content-type': FORM },
      body: curlData(
        'grant_type=http://auth0.com/oauth/grant-type/mfa-oob',
        `client_id=${clientId}`,
        `client_secret=${clientSecret}`,
        `mfa_token=${loginToken}`,
        `oob_code=${challenged.body.oob_code}`,
        `binding_code=${await emu.lastCode('email@address.com')}`,
      ),
    });
    expect(granted.status).toBe(200);
    expect(granted.body.token_type).toBe('Bearer');
  });

  it('seed 001: SMS association, a token call that also sends a Bearer header, listing and challenge', async () => {
    const mfaToken = await emu.mfaToken(user);
    // 001:22
    const associated = await emu.raw('POST', '/mfa/associate', {
      headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
      body: `{ "authenticator_types": ["oob"], "oob_channels": ["sms"], "phone_number": "${PHONE}" }`,
    });
    expect(associated.status).toBe(200);
    expect(associated.body.oob_channel).toBe('sms');

    // 001:274 — the authorization header is ignored by /oauth/token
    const confirmed = await emu.raw('POST', '/oauth/token', {
      headers: { authorization: `Bearer ${mfaToken}`, 'content-type': FORM },
      body: curlData(
        'grant_type=http://auth0.com/oauth/grant-type/mfa-oob',
        `client_id=${clientId}`,
        `client_secret=${clientSecret}`,
        `mfa_token=${mfaToken}`,
        `oob_code=${associated.body.oob_code}`,
        `binding_code=${await emu.lastCode(PHONE)}`,
      ),
    });
    expect(confirmed.status).toBe(200);

    // 001:537
    const listed = await emu.raw('GET', '/mfa/authenticators', {
      headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
    });
    expect(listed.status).toBe(200);
    const smsId = findAuthenticator(listed, (a) => a.oob_channel === 'sms').id;

    // 001:767
    const challenged = await emu.raw('POST', '/mfa/challenge', {
      headers: { 'content-type': 'application/json' },
      body: `{ "client_id": "${clientId}",  "client_secret": "${clientSecret}", "challenge_type": "oob", "authenticator_id": "${smsId}", "mfa_token": "${mfaToken}" }`,
    });
    expect(challenged.status).toBe(200);
    expect(challenged.body.binding_method).toBe('prompt');
  });

  it('seed 004: association with an MFA API access token, and the token call with an array client_id', async () => {
    await emu.enrollPhone(user, PHONE);
    const accessToken = await emu.mfaApiToken(user, PHONE, 'enroll');
    const mfaToken = await emu.mfaToken(user);
    // 004:28 — JSON body, curl's default form content type
    const associated = await emu.raw('POST', '/mfa/associate', {
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': FORM },
      body: `{ "authenticator_types": ["oob"], "oob_channels": ["sms"], "phone_number": "${PHONE}" }`,
    });
    expect(associated.status).toBe(200);
    const oobCode = associated.body.oob_code as string;
    const bindingCode = await emu.lastCode(PHONE);

    // 004:234 as written: no client_secret. The array client_id is understood (one element, a string),
    // so the answer is the client-authentication error rather than a parse error.
    const asWritten = `{ "client_id": ["${clientId}"], "grant_type": "http://auth0.com/oauth/grant-type/mfa-oob", "mfa_token": "${mfaToken}", "oob_code": "${oobCode}", "binding_code": "${bindingCode}" }`;
    const refused = await emu.raw('POST', '/oauth/token', {
      headers: { 'content-type': FORM },
      body: asWritten,
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      error: 'access_denied',
      error_description: 'Unauthorized',
    });

    const withSecret = asWritten.replace(/ }$/, `, "client_secret": "${clientSecret}" }`);
    const granted = await emu.raw('POST', '/oauth/token', {
      headers: { 'content-type': FORM },
      body: withSecret,
    });
    expect(granted.status).toBe(200);
    expect(granted.body.access_token).toEqual(expect.any(String));
  });

  it('reads a body sent with no content type at all', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${emu.url}/oauth/token`);
    const body = JSON.stringify({
      grant_type: 'password',
      username: 'demo@example.com',
      password: emu.emulator.demoUser.password,
      client_id: clientId,
      client_secret: clientSecret,
    });
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text).error).toBe('mfa_required');
  });
});
