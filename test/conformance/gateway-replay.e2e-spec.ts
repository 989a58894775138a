import { startGateway, TestGateway } from '../support/gateway';
import { call, JsonResponse } from '../support/http';
import { Hit, StubUpstream } from '../support/stub-upstream';
import { FIXTURES } from './fixtures';
import {
  fieldsOf,
  GatewayCase,
  materialize,
  PLACEHOLDERS,
  sentFields,
  WireFixture,
} from './wire-fixture';

const CLIENT_SECRET = 'conformance-client-secret';
/** Every limit off: what is replayed is Auth0's answer, not the gateway's own limits. */
const NO_LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: '0',
  RATE_LIMIT_BEARER_PER_MINUTE: '0',
  RATE_LIMIT_PASSWORD_USER_IP_PER_MINUTE: '0',
  RATE_LIMIT_PASSWORD_USER_PER_MINUTE: '0',
  RATE_LIMIT_ENROLL_DESTINATION_PER_HOUR: '0',
  RATE_LIMIT_ENROLL_PREFIX_PER_HOUR: '0',
  RATE_LIMIT_ENROLL_PHONE_CODES_PER_HOUR: '0',
  RATE_LIMIT_ENROLL_EMAIL_CODES_PER_HOUR: '0',
  CHALLENGE_COOLDOWN_SECONDS: '0',
};

/** What reached Auth0 is the recorded request: endpoint, content type, fields, where the token went. */
function expectRecordedRequest(hit: Hit, fixture: WireFixture, bearer: string): void {
  const recorded = fixture.request;
  expect(hit.method).toBe(recorded.method);
  const path = recorded.path.replace('{id}', '[a-z-]+%7Cdev_[A-Za-z0-9]{16}');
  expect(hit.path).toMatch(new RegExp(`^${path}$`));
  const type = hit.headers['content-type'];
  if (recorded.contentType) expect(type?.split(';')[0]).toBe(recorded.contentType);
  else expect(hit.body).toBe('');
  const fields = fieldsOf(type, hit.body);
  const expected = sentFields(recorded);
  expect(Object.keys(fields).sort()).toEqual(expected);
  for (const [name, value] of Object.entries(recorded.values ?? {}))
    expect(fields[name]).toBe(value);
  if (expected.includes('client_secret')) expect(fields.client_secret).toBe(CLIENT_SECRET);
  const header = hit.headers.authorization;
  switch (recorded.token) {
    case 'authorization':
      expect(header).toBe(`Bearer ${bearer}`);
      break;
    case 'body':
      expect(header).toBeUndefined();
      expect(fields.mfa_token).toBe(bearer);
      break;
    case 'none':
      expect(header).toBeUndefined();
      expect(fields.mfa_token).toBeUndefined();
  }
}

/** What the gateway answered on /v1 for Auth0's recorded answer. */
function expectV1Answer(
  answer: JsonResponse,
  expected: GatewayCase['expect'],
  auth0: unknown,
): void {
  expect(answer.status).toBe(expected.status);
  if (expected.code !== undefined) {
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.code).toBe(expected.code);
  }
  if (expected.fields) expect(Object.keys(answer.body).sort()).toEqual([...expected.fields].sort());
  for (const name of expected.passed ?? []) {
    if (Array.isArray(auth0)) {
      const entries = answer.body as unknown as Record<string, unknown>[];
      expect(entries.map((entry) => entry[name])).toEqual(
        auth0.map((entry: Record<string, unknown>) => entry[name]),
      );
    } else {
      expect(answer.body[name]).toEqual((auth0 as Record<string, unknown>)[name]);
    }
  }
}

/**
 * (a) A stub upstream answers each recorded body; the gateway's request to it must be the recorded
 * request, and its answer on /v1 what the contract says for that Auth0 answer.
 */
describe('conformance: the gateway sends what real Auth0 expects and reads what it answers', () => {
  const stub = new StubUpstream();
  let gw: TestGateway;
  const bearer = PLACEHOLDERS.mfa_token.sample();

  beforeAll(async () => {
    const upstream = await stub.start();
    gw = await startGateway({
      upstream,
      env: { ...NO_LIMITS, AUTH0_CLIENT_SECRET: CLIENT_SECRET },
    });
  });
  afterAll(async () => {
    await gw.close();
    await stub.stop();
  });

  const replayed = FIXTURES.filter((f): f is WireFixture & { gateway: GatewayCase } => !!f.gateway);

  it.each(replayed.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    const auth0 = materialize(fixture.response.body);
    stub.hits.length = 0;
    stub.handler = (_hit, res) => {
      res.writeHead(fixture.response.status, { 'content-type': fixture.response.contentType });
      res.end(auth0 === undefined ? '' : JSON.stringify(auth0));
    };
    const logStart = gw.logs.text().length;

    const { method, path, body } = fixture.gateway;
    const answer = await call(gw.url, method, path, {
      body,
      token: fixture.gateway.bearer ? bearer : undefined,
    });

    expect(stub.hits).toHaveLength(1);
    expectRecordedRequest(stub.hits[0], fixture, bearer);
    expectV1Answer(answer, fixture.gateway.expect, auth0);
    if (fixture.gateway.expect.code === 'upstream_misconfigured') {
      // The operators hear of it, with what to check, in one line.
      expect(gw.logs.text().slice(logStart)).toMatch(/AUTH0_CLIENT_ID|Grant Types/);
    }
  });

  it('replays every fixture through the gateway', () => {
    const notReplayed = FIXTURES.filter((f) => !f.gateway).map(
      (f) => f.request.path + ' ' + f.name,
    );
    expect(notReplayed).toEqual([]);
  });
});
