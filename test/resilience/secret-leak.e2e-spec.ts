import { randomBytes, randomInt } from 'node:crypto';
import pino from 'pino';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { advanceClock, createUser, latestCode, wrongCode } from '../support/emulator';
import { faults } from '../support/faults';
import { findAuthenticator } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { JsonResponse } from '../support/http';
import { LogCapture } from '../support/log-capture';
import { SecretLedger } from '../support/secret-ledger';
import { StubHandler, StubUpstream } from '../support/stub-upstream';
import { rsaKeyPair } from '../support/key-pairs';
import { totpNow } from '../support/totp';

const DEBUG_ENV = { LOG_LEVEL: 'debug' };
const MANAGE = {
  audience: 'mfa',
  scope: 'openid enroll read:authenticators remove:authenticators',
};

type Row = Record<string, unknown>;

describe('leak test: every flow at debug level, no secret in a log line or an error body', () => {
  const ledger = new SecretLedger();
  const emulatorLogs = new LogCapture();
  let emulator: RunningEmulator;
  let gw: TestGateway;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      logDeliveries: false,
      logger: pino({ level: 'debug' }, emulatorLogs),
    });
    // Each factor is challenged more than once in a few seconds: the resend cooldown is not tested here.
    gw = await startGateway({ emulator, env: { ...DEBUG_ENV, CHALLENGE_COOLDOWN_SECONDS: '0' } });
    ledger.keep(gw.config.auth0.clientSecret);
  });
  afterAll(async () => {
    await gw.close();
    await emulator.close();
  });

  const send: SecretLedger['call'] = (...args) => ledger.call(...args);

  async function newUser(): Promise<{ email: string; password: string }> {
    const user = await createUser(emulator.url);
    ledger.keep(user.email, user.password, user.email.split('@')[0]);
    return user;
  }

  async function signIn(user: { email: string; password: string }, extra = {}): Promise<string> {
    const answer = await send(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password, ...extra },
    });
    expect(answer.body.code).toBe('mfa_required');
    return answer.body.mfa_token as string;
  }

  async function delivered(to: string): Promise<string> {
    const code = await latestCode(emulator.url, to);
    ledger.keepCode(code);
    return code;
  }

  /** A number of the fictional 555-01xx range; each test its own, kept whole and national. */
  function phone(): { e164: string; national: string } {
    const national = `41555501${String(randomInt(10, 99))}`;
    ledger.keep(`+1${national}`, national);
    return { e164: `+1${national}`, national };
  }

  async function challengeAndVerify(
    mfaToken: string,
    find: (a: Row) => boolean,
    to: string,
  ): Promise<Row> {
    const factor = await findAuthenticator(gw.url, mfaToken, find, send);
    const challenge = await send(gw.url, 'POST', '/v1/challenges', {
      token: mfaToken,
      body: { authenticator_id: factor?.id },
    });
    const tokens = await wrongThenRight('/v1/token/oob', mfaToken, challenge.body, to);
    return tokens.body;
  }

  /** A wrong binding code (the failure path is logged too), then the delivered one. */
  async function wrongThenRight(
    path: string,
    mfaToken: string,
    started: Row,
    to: string,
  ): Promise<JsonResponse> {
    const code = await delivered(to);
    const body = (binding_code: string): Row => ({ oob_code: started.oob_code, binding_code });
    await send(gw.url, 'POST', path, { token: mfaToken, body: body(wrongCode(code)) });
    const answer = await send(gw.url, 'POST', path, { token: mfaToken, body: body(code) });
    expect(answer.status).toBe(200);
    return answer;
  }

  it('runs e-mail, recovery, MFA-audience (enroll, list, delete) and refresh', async () => {
    const user = await newUser();
    const mfaToken = await signIn(user);
    const enrollment = await send(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'email', email: user.email },
    });
    await wrongThenRight('/v1/enrollments/confirm', mfaToken, enrollment.body, user.email);

    // Recovery: the used code is refused afterwards.
    const recoveryCode = (enrollment.body.recovery_codes as string[])[0];
    const recovered = await send(gw.url, 'POST', '/v1/token/recovery-code', {
      token: await signIn(user),
      body: { recovery_code: recoveryCode },
    });
    expect(recovered.status).toBe(200);
    const reused = await send(gw.url, 'POST', '/v1/token/recovery-code', {
      token: await signIn(user),
      body: { recovery_code: recoveryCode },
    });
    expect(reused.body.code).toBe('invalid_recovery_code');

    // MFA audience: a second factor enrolled, listed and deleted.
    const manage = await challengeAndVerify(
      await signIn(user, MANAGE),
      (a) => a.oob_channel === 'email',
      user.email,
    );
    const access = manage.access_token as string;
    const second = phone();
    expect(
      (
        await send(gw.url, 'POST', '/v1/enrollments', {
          token: access,
          body: { type: 'sms', phone_number: second.e164 },
        })
      ).status,
    ).toBe(201);
    await delivered(second.e164);
    const sms = await findAuthenticator(gw.url, access, (a) => a.oob_channel === 'sms', send);
    const path = `/v1/authenticators/${encodeURIComponent(String(sms?.id))}`;
    expect((await send(gw.url, 'DELETE', path, { token: access })).status).toBe(204);
    expect((await send(gw.url, 'DELETE', path, { token: access })).status).toBe(404);

    // Refresh, and a refresh token that is not one.
    const offline = await challengeAndVerify(
      await signIn(user, { scope: 'openid profile offline_access' }),
      (a) => a.oob_channel === 'email',
      user.email,
    );
    const refreshed = await send(gw.url, 'POST', '/v1/token/refresh', {
      body: { refresh_token: offline.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    const forged = `${String(offline.refresh_token)}x`;
    ledger.keep(forged);
    await send(gw.url, 'POST', '/v1/token/refresh', { body: { refresh_token: forged } });

    // Wrong password, and an expired mfa_token.
    await send(gw.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: `${user.password}-wrong` },
    });
    ledger.keep(`${user.password}-wrong`);
    const stale = await signIn(user);
    await advanceClock(emulator.url, 11 * 60);
    await send(gw.url, 'GET', '/v1/authenticators', { token: stale });
  });

  it('runs SMS enrollment and a voice challenge', async () => {
    const user = await newUser();
    const mfaToken = await signIn(user);
    const number = phone();
    const enrollment = await send(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: {
        type: 'sms',
        phone_number: `+1 (${number.national.slice(0, 3)}) 555-${number.national.slice(6)}`,
      },
    });
    const code = await delivered(number.e164);
    expect(
      (
        await send(gw.url, 'POST', '/v1/enrollments/confirm', {
          token: mfaToken,
          body: { oob_code: enrollment.body.oob_code, binding_code: code },
        })
      ).status,
    ).toBe(200);
    await challengeAndVerify(await signIn(user), (a) => a.oob_channel === 'voice', number.e164);
  });

  it('runs an authenticator app: enroll, confirm, challenge, wrong and right OTP', async () => {
    const user = await newUser();
    const mfaToken = await signIn(user);
    const enrollment = await send(gw.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body: { type: 'otp' },
    });
    const secret = enrollment.body.secret as string;
    const first = await totpNow(emulator.url, secret);
    ledger.keepCode(first, wrongCode(first));
    await send(gw.url, 'POST', '/v1/enrollments/confirm', {
      token: mfaToken,
      body: { otp: wrongCode(first) },
    });
    expect(
      (
        await send(gw.url, 'POST', '/v1/enrollments/confirm', {
          token: mfaToken,
          body: { otp: first },
        })
      ).status,
    ).toBe(200);

    await advanceClock(emulator.url, 31);
    const next = await signIn(user);
    const totp = await findAuthenticator(
      gw.url,
      next,
      (a) => String(a.id).startsWith('totp|'),
      send,
    );
    await send(gw.url, 'POST', '/v1/challenges', {
      token: next,
      body: { authenticator_id: totp?.id },
    });
    const otp = await totpNow(emulator.url, secret);
    ledger.keepCode(otp, wrongCode(otp));
    await send(gw.url, 'POST', '/v1/token/otp', { token: next, body: { otp: wrongCode(otp) } });
    expect(
      (await send(gw.url, 'POST', '/v1/token/otp', { token: next, body: { otp } })).status,
    ).toBe(200);
  });

  it('found no secret in the gateway log, the emulator log or any error body', () => {
    const log = gw.logs.text();
    expect(gw.config.logLevel).toBe('debug');
    // The detector itself works: the one allowed secret is found where it is allowed.
    const mfaRequired = ledger.errorAnswers.find((a) => a.body?.code === 'mfa_required');
    expect(ledger.leaksIn(mfaRequired?.text ?? '')).toHaveLength(1);
    expect(ledger.leaksIn(log)).toEqual([]);
    expect(log).not.toMatch(/authorization|bearer /i);
    expect(ledger.leaksIn(emulatorLogs.text())).toEqual([]);
    expect(ledger.errorAnswers.length).toBeGreaterThan(5);
    expect(ledger.leaksInErrorBodies()).toEqual([]);
    // docs/security.md: the code itself never appears in any gateway response, successful ones included.
    expect(ledger.answerTexts.length).toBeGreaterThan(20);
    expect(ledger.codesInAnswers()).toEqual([]);
  });
});

/** The client credential the gateway holds in each run: a shared secret, or a Private Key JWT key. */
const CREDENTIALS: [string, (canary: string) => Record<string, string>][] = [
  ['a client secret', (canary) => ({ AUTH0_CLIENT_SECRET: canary })],
  [
    'a Private Key JWT key',
    () => ({ AUTH0_CLIENT_SECRET: '', AUTH0_CLIENT_ASSERTION_KEY: rsaKeyPair().privateKeyPem }),
  ],
];

describe.each(CREDENTIALS)(
  'leak test: upstream faults that echo what they were sent, holding %s',
  (_credential, credentialEnv) => {
    const ledger = new SecretLedger();
    const upstream = new StubUpstream();
    let gw: TestGateway;

    /** Canaries: unique values that can only appear in a log or a body if a secret was copied there. */
    const canary = (label: string): string => `${label}-${randomBytes(9).toString('hex')}`;
    const digits = (): string => String(randomInt(100_000, 999_999));
    const secrets = {
      clientSecret: canary('client-secret'),
      mfaToken: canary('mfa-token'),
      oobCode: canary('oob-code'),
      bindingCode: digits(),
      otp: digits(),
      recoveryCode: canary('RECOVERY').toUpperCase().replace(/-/g, ''),
      refreshToken: canary('refresh-token'),
      password: canary('password'),
      email: `${canary('someone')}@example.com`,
      phone: `+1415555${String(randomInt(1000, 9999))}`,
    };

    /** Echoes the request (body and Authorization) back: what Auth0's error descriptions sometimes do. */
    const echo =
      (status: number, wrap: (echoed: string) => string): StubHandler =>
      (hit, res) =>
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(wrap(`${hit.body} ${hit.headers.authorization ?? ''}`));

    const FAULTS: [string, StubHandler][] = [
      ['hangs', faults.hang()],
      ['resets', faults.reset()],
      [
        '500 echoing',
        echo(500, (e) => JSON.stringify({ error: 'server_error', error_description: e })),
      ],
      [
        '400 echoing',
        echo(400, (e) => JSON.stringify({ error: 'invalid_request', error_description: e })),
      ],
      [
        '401 echoing',
        echo(401, (e) => JSON.stringify({ error: 'invalid_client', error_description: e })),
      ],
      ['403 with an unknown error echoing', echo(403, (e) => JSON.stringify({ error: e }))],
      ['200 garbage echoing', echo(200, (e) => `<html>${e}`)],
      ['429 echoing', echo(429, (e) => JSON.stringify({ error: 'too_many_requests', e }))],
    ];

    beforeAll(async () => {
      gw = await startGateway({
        upstream: await upstream.start(),
        env: {
          ...DEBUG_ENV,
          AUTH0_TIMEOUT_MS: '300',
          ...credentialEnv(secrets.clientSecret),
          AUTH0_BREAKER_VOLUME_THRESHOLD: '1000',
        },
      });
      ledger.keep(...Object.values(secrets), secrets.phone.slice(2), secrets.email.split('@')[0]);
      // The key's body, line by line: any fragment of it in a log line is a leak.
      const pem = gw.config.auth0.clientAssertion?.privateKeyPem ?? '';
      ledger.keep(...pem.split('\n').filter((line) => !line.startsWith('-----')));
    });
    afterAll(async () => {
      await gw.close();
      await upstream.stop();
    });

    it.each(FAULTS)(
      'when Auth0 %s, every endpoint answers without a secret',
      async (_name, fault) => {
        upstream.handler = fault;
        const token = secrets.mfaToken;
        const calls: [string, string, object][] = [
          [
            'POST',
            '/v1/token/password',
            { body: { username: secrets.email, password: secrets.password } },
          ],
          [
            'POST',
            '/v1/token/oob',
            { token, body: { oob_code: secrets.oobCode, binding_code: secrets.bindingCode } },
          ],
          ['POST', '/v1/token/otp', { token, body: { otp: secrets.otp } }],
          [
            'POST',
            '/v1/token/recovery-code',
            { token, body: { recovery_code: secrets.recoveryCode } },
          ],
          ['POST', '/v1/token/refresh', { body: { refresh_token: secrets.refreshToken } }],
          [
            'POST',
            '/v1/enrollments',
            { token, body: { type: 'sms', phone_number: secrets.phone } },
          ],
          ['POST', '/v1/enrollments', { token, body: { type: 'email', email: secrets.email } }],
          [
            'POST',
            '/v1/challenges',
            { token, body: { authenticator_id: 'sms|dev_NU1Ofuw3Cw0XCt5x' } },
          ],
          ['GET', '/v1/authenticators', { token }],
          ['DELETE', '/v1/authenticators/sms%7Cdev_NU1Ofuw3Cw0XCt5x', { token }],
        ];
        for (const [method, path, options] of calls) {
          const answer = await ledger.call(gw.url, method, path, options);
          // DELETE reads no answer body, so garbage after a 200 is still a 204.
          expect(answer.status === 204 || answer.status >= 400).toBe(true);
          expect(answer.status).not.toBe(500);
        }
      },
    );

    it('found no canary in the gateway log or any error body', () => {
      expect(upstream.hits.length).toBeGreaterThan(FAULTS.length * 5);
      // Each assertion the gateway signed was echoed back by the faults above.
      const assertions = upstream.hits.flatMap((hit) => {
        const json = hit.body.startsWith('{')
          ? (JSON.parse(hit.body) as Record<string, unknown>)
          : {};
        const found =
          json.client_assertion ?? new URLSearchParams(hit.body).get('client_assertion');
        return typeof found === 'string' ? [found] : [];
      });
      ledger.keep(...assertions);
      expect(assertions.length > 0).toBe(gw.config.auth0.clientAssertion !== undefined);
      // The read retries of the 5xx case were logged at debug level, so debug lines were searched too.
      expect(gw.logs.entries().some((entry) => entry.level === 'debug')).toBe(true);
      expect(ledger.leaksIn(gw.logs.text())).toEqual([]);
      expect(ledger.leaksInErrorBodies()).toEqual([]);
    });
  },
);
