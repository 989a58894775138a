import { RunningEmulator, startEmulator } from '../src/emulator';
import { createUser } from './support/emulator';
import { mfaTokenFor } from './support/flows';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';
import { startRecordingProxy } from './support/recording-proxy';

/**
 * Destinations as people (and attackers) really send them. Each refusal is a 400 validation_failed
 * naming the field, and none reaches Auth0: a recording proxy in front of the emulator sees no
 * association at all.
 */
describe('real-world inputs: destinations are checked before Auth0 sees them', () => {
  let emulator: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let gw: TestGateway;
  let mfaToken: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, logDeliveries: false });
    proxy = await startRecordingProxy(emulator.url);
    gw = await startGateway({ emulator, upstream: proxy.url });
    mfaToken = await mfaTokenFor(gw.url, await createUser(emulator.url));
  });
  afterAll(async () => {
    await gw.close();
    await proxy.stop();
    await emulator.close();
  });

  const associations = (): number =>
    proxy.exchanges.filter((x) => x.path === '/mfa/associate').length;

  async function refused(body: Record<string, string>, field: string): Promise<string> {
    const before = associations();
    const answer = await call(gw.url, 'POST', '/v1/enrollments', { token: mfaToken, body });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.code).toBe('validation_failed');
    const errors = answer.body.errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(associations()).toBe(before);
    return errors[0].message;
  }

  it.each([
    ['an E.164-shaped number with no such area code', '+11234567890'],
    ['the same number written as people write it', '+1 123 456 7890'],
    ['a number with a zero-width space', '+1 415\u200b555 0123'],
    ['a number with a right-to-left override', '\u202e+1 415 555 0123'],
    ['a number with a byte-order mark', '\ufeff+14155550123'],
  ])('refuses %s', async (_label, phone) => {
    await refused({ type: 'sms', phone_number: phone }, 'phone_number');
  });

  it('says when a number holds characters that cannot be seen', async () => {
    const message = await refused(
      { type: 'sms', phone_number: '+1 415\u200b555 0123' },
      'phone_number',
    );
    expect(message).toBe('phone_number contains invisible or direction-changing characters');
  });

  it.each([
    ['a zero-width space', 'some\u200bone@example.com', 'invisible or direction-changing'],
    [
      'a zero-width joiner in the domain',
      'someone@exa\u200dmple.com',
      'invisible or direction-changing',
    ],
    ['a right-to-left override', 'someone@\u202eexample.com', 'invisible or direction-changing'],
    [
      'a Cyrillic look-alike in a Latin local part',
      'p\u0430ypal@example.com',
      'different alphabets',
    ],
    [
      'a Cyrillic look-alike in a Latin domain',
      'someone@g\u043e\u043egle.com',
      'different alphabets',
    ],
    [
      'a Greek look-alike in a Latin local part',
      'rec\u03bfvery@example.com',
      'different alphabets',
    ],
  ])('refuses an e-mail address with %s', async (_label, email, reason) => {
    expect(await refused({ type: 'email', email }, 'email')).toContain(reason);
  });

  it.each([
    [
      'a number written with spaces, dashes and brackets',
      { type: 'sms', phone_number: '+1 (415) 555-0123' },
    ],
    ['a number written with the 00 prefix', { type: 'voice', phone_number: '0044 20 7946 0958' }],
    ['an address written in one other alphabet', { type: 'email', email: 'иван@пример.рф' }],
    ['an address in Cyrillic at a Latin domain', { type: 'email', email: 'иван@example.com' }],
  ])('still accepts %s', async (_label, body) => {
    const before = associations();
    const answer = await call(gw.url, 'POST', '/v1/enrollments', {
      token: await mfaTokenFor(gw.url, await createUser(emulator.url)),
      body,
    });
    expect(answer.status).toBe(201);
    expect(associations()).toBe(before + 1);
  });
});
