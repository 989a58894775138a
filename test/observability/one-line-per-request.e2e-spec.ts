import { enrolledEmailUser, findAuthenticator, mfaTokenFor } from '../support/flows';
import { startGateway, TestGateway } from '../support/gateway';
import { call } from '../support/http';
import { reply, StubUpstream } from '../support/stub-upstream';

type Entry = Record<string, unknown>;

describe('the request log: one line per request, its audit event on it', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('writes a challenge as one line holding both the audit event and the request', async () => {
    const { user } = await enrolledEmailUser(gw.url, gw.emulator!.url);
    const token = await mfaTokenFor(gw.url, user);
    const email = await findAuthenticator(gw.url, token, (a) => a.oob_channel === 'email');
    const mark = gw.logs.lines.length;
    const answer = await call(gw.url, 'POST', '/v1/challenges', {
      token,
      body: { authenticator_id: email?.id },
    });
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id');
    const lines = gw.logs.lines.slice(mark).filter((line) => line.includes(requestId ?? '-'));
    expect(lines).toHaveLength(1);
    expect(lines[0].split('"request_id"')).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({
      msg: 'request completed',
      request_id: requestId,
      context: 'Audit',
      audit: true,
      event: 'challenge_sent',
      client_ip: '127.0.0.1',
      auth0_event: 'gd_send_mail',
      req: { method: 'POST', route: '/v1/challenges' },
      res: { status: 200 },
    });
  });

  it('writes a refused verification as one line too', async () => {
    const mark = gw.logs.lines.length;
    const answer = await call(gw.url, 'POST', '/v1/token/otp', {
      token: 'not-a-real-mfa-token',
      body: { otp: '123456' },
    });
    const audit = gw.logs.lines
      .slice(mark)
      .map((line) => JSON.parse(line) as Entry)
      .filter((entry) => entry.audit === true);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ event: 'verification_failed', msg: 'request completed' });
  });
});

describe('the request log: a client gone before its answer', () => {
  const upstream = new StubUpstream();
  let gw: TestGateway;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    gw = await startGateway({ upstream: await upstream.start() });
  });
  afterAll(async () => {
    await gw.close();
    await upstream.stop();
  });

  it('still has its audit event written, once', async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    upstream.handler = (_hit, res) =>
      void held.then(() =>
        reply(res, 403, { error: 'invalid_grant', error_description: 'Invalid otp_code.' }),
      );
    const abort = new AbortController();
    const sent = fetch(`${gw.url}/v1/token/otp`, {
      method: 'POST',
      headers: { authorization: 'Bearer some-mfa-token', 'content-type': 'application/json' },
      body: JSON.stringify({ otp: '123456' }),
      signal: abort.signal,
    }).catch(() => 'aborted');
    while (upstream.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    expect(await sent).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const deadline = Date.now() + 5000;
    const failed = (): Entry[] =>
      gw.logs
        .entries()
        .filter((entry) => entry.audit === true && entry.event === 'verification_failed');
    while (failed().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(failed()).toHaveLength(1);
    expect(failed()[0]).toMatchObject({ context: 'Audit', client_ip: '127.0.0.1' });
  });
});
