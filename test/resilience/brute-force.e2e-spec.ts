import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createUser, latestCode, wrongCode } from '../support/emulator';
import { enrolledEmailUser, expectTokens, findAuthenticator, mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call, JsonResponse } from '../support/http';
import { Exchange, startRecordingProxy } from '../support/recording-proxy';
import { totpNow } from '../support/totp';

const ROUNDS = 3;
const GUESSES_PER_ROUND = 5;
/** Auth0's failed-code bucket. */
const BUCKET = 10;

const OTP_GRANT = 'grant_type=http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fmfa-otp';
const OOB_GRANT = 'grant_type=http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fmfa-oob';

/**
 * Wrong codes for one user in a loop, through the gateway, with a recording proxy between the gateway and
 * the real emulator: the emulator's own log says how many guesses were judged.
 */
describe('brute force: at most 10 wrong codes are ever judged', () => {
  let emulator: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let gw: TestGateway;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, logDeliveries: false });
    proxy = await startRecordingProxy(emulator.url);
    gw = await startGateway({
      emulator,
      upstream: proxy.url,
      env: {
        // A new challenge each round; the resend cooldown is another test's business.
        CHALLENGE_COOLDOWN_SECONDS: '0',
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    await proxy.stop();
    await emulator.close();
  });

  /** Guesses the emulator answered with anything but 429: the ones it judged. */
  const judged = (grant: string, from: number): Exchange[] =>
    proxy.exchanges
      .slice(from)
      .filter((x) => x.path === '/oauth/token' && x.body.includes(grant) && x.status !== 429);

  /** A fresh mfa_token each round, as an attacker who signs in again would have. */
  async function attack(
    user: { email: string; password: string },
    startRound: (mfaToken: string) => Promise<() => Promise<JsonResponse>>,
  ): Promise<JsonResponse[]> {
    const answers: JsonResponse[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const guess = await startRound(await mfaTokenFor(gw.url, user));
      for (let i = 0; i < GUESSES_PER_ROUND; i++) answers.push(await guess());
    }
    return answers;
  }

  function expectLockedOut(answers: JsonResponse[], wrongCode: string): void {
    expect(answers.slice(0, BUCKET).map((a) => [a.status, a.body.code])).toEqual(
      Array(BUCKET).fill([400, wrongCode]),
    );
    for (const blocked of answers.slice(BUCKET)) {
      expect(blocked.status).toBe(429);
      expect(['too_many_attempts', 'rate_limited']).toContain(blocked.body.code);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }

  it('authenticator app: the 11th OTP is 429, and even the right one is then refused unjudged', async () => {
    const user = await createUser(emulator.url);
    const enrolling = await mfaTokenFor(gw.url, user);
    const enrollment = await call(gw.url, 'POST', '/v1/enrollments', {
      token: enrolling,
      body: { type: 'otp' },
    });
    const secret = enrollment.body.secret as string;
    expectTokens(
      await call(gw.url, 'POST', '/v1/enrollments/confirm', {
        token: enrolling,
        body: { otp: await totpNow(emulator.url, secret) },
      }),
    );

    const start = proxy.exchanges.length;
    const guessOtp = (mfaToken: string) => async (): Promise<JsonResponse> =>
      call(gw.url, 'POST', '/v1/token/otp', {
        token: mfaToken,
        body: { otp: wrongCode(await totpNow(emulator.url, secret)) },
      });
    const answers = await attack(user, (mfaToken) => Promise.resolve(guessOtp(mfaToken)));
    expectLockedOut(answers, 'invalid_otp');

    const right = await call(gw.url, 'POST', '/v1/token/otp', {
      token: await mfaTokenFor(gw.url, user),
      body: { otp: await totpNow(emulator.url, secret) },
    });
    expect(right.status).toBe(429);
    expect(judged(OTP_GRANT, start)).toHaveLength(BUCKET);
  });

  it('e-mail: the 11th binding code is 429, across fresh mfa_tokens and new challenges', async () => {
    const { user } = await enrolledEmailUser(gw.url, emulator.url);
    const start = proxy.exchanges.length;
    const answers = await attack(user, async (mfaToken) => {
      const email = await findAuthenticator(gw.url, mfaToken, (a) => a.oob_channel === 'email');
      const challenge = await call(gw.url, 'POST', '/v1/challenges', {
        token: mfaToken,
        body: { authenticator_id: email?.id },
      });
      expect(challenge.status).toBe(200);
      const binding_code = wrongCode(await latestCode(emulator.url, user.email));
      return () =>
        call(gw.url, 'POST', '/v1/token/oob', {
          token: mfaToken,
          body: { oob_code: challenge.body.oob_code, binding_code },
        });
    });
    expectLockedOut(answers, 'invalid_binding_code');
    expect(judged(OOB_GRANT, start)).toHaveLength(BUCKET);
  });
});
