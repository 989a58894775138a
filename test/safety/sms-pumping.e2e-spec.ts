import { afterEach, describe, expect, it } from '@jest/globals';
import { randomInt } from 'node:crypto';
import { createUser, latestCode } from '../support/emulator';
import { mfaTokenFor } from '../support/flows';
import { emulatorPerSuite, startGateway, TestGateway } from '../support/gateway';
import { call, expectProblemWithRetryAfter, JsonResponse } from '../support/http';
import { ManualClock } from '../support/manual-clock';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456789';
const HOUR = 3600;

/** Runs `tasks` with at most `parallel` in flight, as several attacking clients would. */
async function inParallel<T>(parallel: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** A fresh Indonesian mobile number in a range of its own (the range is all but the last four digits). */
const freshIndonesianNumber = (range: number): string =>
  `+62812${String(range).padStart(4, '0')}${String(randomInt(10_000)).padStart(4, '0')}`;

describe('SMS pumping', () => {
  const emulator = emulatorPerSuite();
  let gateway: TestGateway;
  let clock: ManualClock;
  afterEach(() => gateway.close());

  const start = async (env: Record<string, string> = {}) => {
    clock = new ManualClock();
    gateway = await startGateway({
      emulator: emulator(),
      clock,
      env: { TRUST_PROXY: 'true', ADMIN_TOKEN, ...env },
    });
  };
  const emulatorUrl = () => gateway.emulator?.url ?? '';

  const signIn = async (ip: string) => {
    const user = await createUser(emulatorUrl());
    const answer = await call(gateway.url, 'POST', '/v1/token/password', {
      body: { username: user.email, password: user.password },
      headers: { 'x-forwarded-for': ip },
    });
    return { user, mfaToken: String(answer.body.mfa_token) };
  };
  const enroll = (mfaToken: string, body: Record<string, string>, ip = '192.0.2.200') =>
    call(gateway.url, 'POST', '/v1/enrollments', {
      token: mfaToken,
      body,
      headers: { 'x-forwarded-for': ip },
    });
  /** A new user who enrolls a phone and types the code the phone received. */
  const enrollAndConfirm = async (phone: string, route: 'confirm' | 'oob' = 'confirm') => {
    const { mfaToken } = await signIn('192.0.2.201');
    const started = await enroll(mfaToken, { type: 'sms', phone_number: phone }, '192.0.2.201');
    if (started.status !== 201) return started;
    const body = {
      oob_code: started.body.oob_code,
      binding_code: await latestCode(emulatorUrl(), phone),
    };
    return call(
      gateway.url,
      'POST',
      route === 'confirm' ? '/v1/enrollments/confirm' : '/v1/token/oob',
      { token: mfaToken, body },
    );
  };
  const suspensions = async () =>
    (
      await call<Record<string, unknown>[]>(gateway.url, 'GET', '/admin/fraud-guard/suspensions', {
        token: ADMIN_TOKEN,
      })
    ).body;
  const expectSuspended = (answer: JsonResponse, maxRetryAfter: number) =>
    expectProblemWithRetryAfter(answer, 429, 'destination_suspended', maxRetryAfter);

  it('contains a pumping flood with the defaults, while everybody else signs in and enrolls', async () => {
    await start();
    // A user who confirmed an SMS factor before the attack.
    const victimPhone = '+14155550170';
    const { user: victim } = await signIn('192.0.2.10').then(async (signedIn) => {
      const started = await enroll(signedIn.mfaToken, { type: 'sms', phone_number: victimPhone });
      const confirmed = await call(gateway.url, 'POST', '/v1/enrollments/confirm', {
        token: signedIn.mfaToken,
        body: {
          oob_code: started.body.oob_code,
          binding_code: await latestCode(emulatorUrl(), victimPhone),
        },
      });
      expect(confirmed.status).toBe(200);
      return signedIn;
    });
    const everybodyElse = async () => {
      const mfaToken = await mfaTokenFor(gateway.url, victim);
      const listed = await call<{ id: string; active: boolean }[]>(
        gateway.url,
        'GET',
        '/v1/authenticators',
        { token: mfaToken },
      );
      const sms = listed.body.find((a) => a.id.startsWith('sms|') && a.active);
      const challenge = await call(gateway.url, 'POST', '/v1/challenges', {
        token: mfaToken,
        body: { authenticator_id: sms?.id },
      });
      const newcomer = await signIn('192.0.2.11');
      const email = await enroll(newcomer.mfaToken, { type: 'email', email: newcomer.user.email });
      const abroad = await signIn('192.0.2.12');
      const usNumber = await enroll(abroad.mfaToken, {
        type: 'sms',
        phone_number: `+1212555${String(randomInt(10_000)).padStart(4, '0')}`,
      });
      return [challenge.status, email.status, usNumber.status];
    };

    // 100 sign-up accounts from 8 addresses, each enrolling 10 fresh numbers in fresh ranges.
    const ips = Array.from({ length: 8 }, (_, i) => `203.0.113.${i + 1}`);
    const accounts = await inParallel(
      8,
      Array.from({ length: 100 }, (_, i) => () => signIn(ips[i % 8])),
    );
    const attempts = accounts.flatMap(({ mfaToken }, a) =>
      Array.from(
        { length: 10 },
        (_, n) => () =>
          enroll(
            mfaToken,
            { type: 'sms', phone_number: freshIndonesianNumber(a * 10 + n) },
            ips[a % 8],
          ),
      ),
    );
    const [flood, during] = await Promise.all([inParallel(8, attempts), everybodyElse()]);

    const sent = flood.filter((answer) => answer.status === 201).length;
    const suspended = flood.filter((answer) => answer.body.code === 'destination_suspended');
    // Contained: about the guard's minimum volume, far under the country budget (300) and IP budgets.
    expect(sent).toBeGreaterThanOrEqual(30);
    expect(sent).toBeLessThanOrEqual(40);
    expect(sent + suspended.length).toBe(1000);
    expectSuspended(suspended[0], HOUR);
    expect(during).toEqual([200, 201, 201]);
    // And after it, once the victim's resend cooldown (30 s) has passed since the last code.
    clock.advance(31);
    expect(await everybodyElse()).toEqual([200, 201, 201]);

    // One country suspension, shown without a number; the fresh ranges never reached a verdict.
    const listed = await suspensions();
    expect(listed).toEqual([
      expect.objectContaining({ scope: 'country', country_code: '+62', regions: ['ID'] }),
    ]);
    expect(listed[0].sent).toBeGreaterThanOrEqual(30);
    expect(listed[0].confirmed).toBe(0);
    expect(JSON.stringify(listed)).not.toMatch(/\d{6}/);
    const audit = gateway.logs.entries().filter((line) => line.event === 'destination_suspended');
    expect(audit).toEqual([expect.objectContaining({ scope: 'country', country_code: '+62' })]);
    const metrics = await call(gateway.url, 'GET', '/metrics');
    expect(metrics.text).toContain(
      'mfa_gateway_destination_suspensions_total{scope="country",country_code="+62"} 1',
    );
  });

  it('never suspends a real burst of sign-ups whose codes are confirmed', async () => {
    await start();
    const answers = await inParallel(
      10,
      Array.from(
        { length: 60 },
        (_, i) => () =>
          enrollAndConfirm(freshIndonesianNumber(5000 + i), i % 2 === 0 ? 'confirm' : 'oob'),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(new Array(60).fill(200));
    expect(await suspensions()).toEqual([]);
  });

  it('suspends a range whose codes go unconfirmed, and lifts it when the cooling period is over', async () => {
    await start({ FRAUD_GUARD_MIN_SENDS: '5', FRAUD_GUARD_SUSPENSION_SECONDS: '600' });
    const inRange = () => `+44791112${String(randomInt(10_000)).padStart(4, '0')}`;
    for (let i = 0; i < 5; i++) {
      const { mfaToken } = await signIn('192.0.2.30');
      expect((await enroll(mfaToken, { type: 'sms', phone_number: inRange() })).status).toBe(201);
    }
    const { mfaToken } = await signIn('192.0.2.30');
    const refused = await enroll(mfaToken, { type: 'sms', phone_number: inRange() });
    expectSuspended(refused, 600);
    expect(JSON.stringify(refused.body)).not.toContain('7911');
    // Both the range and (with five of five unconfirmed) the country.
    expect((await suspensions()).map((s) => s.scope).sort()).toEqual(['country', 'number_range']);
    expect((await suspensions()).find((s) => s.scope === 'number_range')).toMatchObject({
      number_range: '+44 79XXXXXXXX',
    });

    clock.advance(601);
    expect(await suspensions()).toEqual([]);
    // The cooling period is over: the next enrollment goes through. The window still remembers the
    // unconfirmed sends (one of six confirmed), so the guard suspends again at once, as a breaker
    // that probes and finds the fault still there.
    expect((await enrollAndConfirm(inRange())).status).toBe(200);
    expect((await suspensions()).length).toBe(2);
    // Once the window has slid past the pumping, confirmed enrollments flow and nothing is suspended.
    clock.advance(HOUR);
    expect((await enrollAndConfirm(inRange())).status).toBe(200);
    expect((await enrollAndConfirm(inRange())).status).toBe(200);
    expect(await suspensions()).toEqual([]);
  });

  it('lets an operator list and lift a suspension, with the admin token only', async () => {
    await start({ FRAUD_GUARD_MIN_SENDS: '3' });
    for (let i = 0; i < 3; i++) {
      const { mfaToken } = await signIn('192.0.2.40');
      await enroll(mfaToken, { type: 'voice', phone_number: freshIndonesianNumber(7000 + i) });
    }
    const path = '/admin/fraud-guard/suspensions';
    expect((await call(gateway.url, 'GET', path)).body).toMatchObject({ code: 'missing_token' });
    const wrong = await call(gateway.url, 'GET', path, { token: `${ADMIN_TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_token' });
    const [country] = await suspensions();
    expect(country).toMatchObject({ scope: 'country', country_code: '+62', sent: 3 });
    expect(Date.parse(String(country.lifts_at)) - Date.parse(String(country.suspended_at))).toBe(
      HOUR * 1000,
    );

    const lift = (token?: string) =>
      call(gateway.url, 'DELETE', `${path}/${String(country.id)}`, { token });
    expect((await lift()).status).toBe(401);
    expect((await lift(ADMIN_TOKEN)).status).toBe(204);
    expect((await lift(ADMIN_TOKEN)).status).toBe(404);
    expect(await suspensions()).toEqual([]);
    // Lifting forgets the counts: the next unconfirmed send does not suspend it again at once.
    const { mfaToken } = await signIn('192.0.2.40');
    const again = await enroll(mfaToken, {
      type: 'sms',
      phone_number: freshIndonesianNumber(7100),
    });
    expect(again.status).toBe(201);
    expect(await suspensions()).toEqual([]);
  });

  it('has no operators’ endpoints without ADMIN_TOKEN, and no guard with FRAUD_GUARD_ENABLED=false', async () => {
    clock = new ManualClock();
    gateway = await startGateway({
      emulator: emulator(),
      env: { FRAUD_GUARD_ENABLED: 'false', FRAUD_GUARD_MIN_SENDS: '1' },
    });
    const answer = await call(gateway.url, 'GET', '/admin/fraud-guard/suspensions', {
      token: ADMIN_TOKEN,
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'not_found' });
    for (let i = 0; i < 3; i++) {
      const { mfaToken } = await signIn('192.0.2.50');
      const sent = await enroll(mfaToken, {
        type: 'sms',
        phone_number: freshIndonesianNumber(7200 + i),
      });
      expect(sent.status).toBe(201);
    }
  });
});
