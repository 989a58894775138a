import { connect } from 'node:net';
import { startGateway, TestGateway } from './support/gateway';
import { call } from './support/http';
import { StubUpstream } from './support/stub-upstream';

describe('the HTTP shell: problem+json, limits, headers, request ids, docs, health', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  const expectProblem = (
    response: { status: number; headers: Headers; body: Record<string, unknown> },
    status: number,
    code: string,
  ): void => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code, type: `urn:mfa-gateway:error:${code}` });
    expect(response.body.request_id).toBe(response.headers.get('x-request-id'));
    expect(JSON.stringify(response.body)).not.toMatch(/stack|at .*\.js/);
  };

  it('an unknown route is 404 not_found, with security headers', async () => {
    const response = await call(gw.url, 'GET', '/nowhere');
    expectProblem(response, 404, 'not_found');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('a known route with the wrong method is 405 method_not_allowed with Allow', async () => {
    const response = await call(gw.url, 'GET', '/v1/token/password');
    expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('malformed JSON is 400 malformed_json', async () => {
    const response = await call(gw.url, 'POST', '/v1/token/password', {
      raw: '{"username": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'malformed_json');
  });

  it('an empty body declared as JSON is 400 malformed_json', async () => {
    const response = await call(gw.url, 'POST', '/v1/token/password', {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'malformed_json');
  });

  it('a body that is not JSON is 415 unsupported_media_type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await call(gw.url, 'POST', '/v1/token/password', {
        raw: 'username=a&password=b',
        headers: { 'content-type': type },
      });
      expectProblem(response, 415, 'unsupported_media_type');
    }
  });

  it('a body over 16 KiB is 413 payload_too_large', async () => {
    const response = await call(gw.url, 'POST', '/v1/token/password', {
      body: { username: 'a', password: 'x'.repeat(17 * 1024) },
    });
    expectProblem(response, 413, 'payload_too_large');
  });

  it('headers over Node’s size limit, or a request that is not HTTP, get a problem too', async () => {
    const huge = await fetch(`${gw.url}/v1/authenticators`, {
      headers: { 'x-padding': 'a'.repeat(20_000) },
    });
    expect(huge.status).toBe(431);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect(await huge.json()).toMatchObject({ code: 'request_headers_too_large', status: 431 });

    const raw = await rawExchange(new URL(gw.url), 'NOT HTTP AT ALL\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('application/problem+json');
    expect(raw).toContain('"code":"malformed_request"');
  });

  it('a body that is not an object, or no body, is validation_failed', async () => {
    for (const raw of ['[]', '"text"', '42', 'null']) {
      const response = await call(gw.url, 'POST', '/v1/token/password', {
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, 400, 'validation_failed');
    }
    expectProblem(await call(gw.url, 'POST', '/v1/token/password'), 400, 'validation_failed');
  });

  it('keeps a sane caller request id and replaces an insane one', async () => {
    const kept = await call(gw.url, 'GET', '/health/live', {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await call(gw.url, 'GET', '/health/live', {
      headers: { 'x-request-id': 'bad id with spaces <script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('every /v1 answer is Cache-Control: no-store with the API security headers, errors included', async () => {
    const response = await call(gw.url, 'GET', '/v1/authenticators');
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('x-xss-protection')).toBeNull();
  });

  it('pages outside /v1 keep the document headers and may be cached', async () => {
    const ui = await fetch(`${gw.url}/docs`);
    expect(ui.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(ui.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(ui.headers.get('cache-control')).not.toBe('no-store');
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    const ui = await fetch(`${gw.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const doc = await call(gw.url, 'GET', '/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
  });

  it('is live, and ready with the emulator reported up', async () => {
    const live = await call(gw.url, 'GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await call(gw.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      dependencies: { auth0: { status: 'up', target: 'emulator' } },
    });
  });
});

describe('validation happens before Auth0 is called', () => {
  const upstream = new StubUpstream();
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ upstream: await upstream.start() });
  });
  afterAll(async () => {
    await gw.close();
    await upstream.stop();
  });

  it('a binding code that is not 6 digits never reaches Auth0', async () => {
    upstream.hits.length = 0;
    for (const binding_code of ['12345', '1234567', 'abcdef', '12 456', '', 123456]) {
      const response = await call(gw.url, 'POST', '/v1/token/oob', {
        token: 'Fe26.2*some*token',
        body: { oob_code: 'Fe26.2*oob', binding_code },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
    expect(upstream.hits).toHaveLength(0);
  });

  it('lists only the kinds of authenticator its document names, so generated clients stay true', async () => {
    upstream.handler = (_hit, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify([
          {
            id: 'sms|dev_NU1Ofuw3Cw0XCt5x',
            authenticator_type: 'oob',
            oob_channel: 'sms',
            active: true,
          },
          {
            id: 'webauthn|dev_AAAAAAAAAAAAAAAA',
            authenticator_type: 'webauthn-roaming',
            active: true,
          },
          {
            id: 'oob|dev_BBBBBBBBBBBBBBBB',
            authenticator_type: 'oob',
            oob_channel: 'fax',
            active: true,
          },
        ]),
      );
    const listed = await call(gw.url, 'GET', '/v1/authenticators', { token: 'Fe26.2*some*token' });
    expect(listed.status).toBe(200);
    expect((listed.body as unknown as { id: string }[]).map((a) => a.id)).toEqual([
      'sms|dev_NU1Ofuw3Cw0XCt5x',
    ]);
  });

  it('an Auth0 outage is reported in readiness without turning it 503', async () => {
    upstream.handler = (_hit, res) => res.writeHead(503).end('down');
    const ready = await call(gw.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      dependencies: { auth0: { status: 'down', target: 'auth0' } },
    });
  });
});

describe('graceful shutdown', () => {
  it('turns readiness 503 at once and lets in-flight requests finish', async () => {
    const upstream = new StubUpstream();
    upstream.handler = (hit, res) => {
      const answer = (): void => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            challenge_type: 'oob',
            oob_code: 'Fe26.2*x',
            binding_method: 'prompt',
          }),
        );
      };
      if (hit.path === '/mfa/challenge') setTimeout(answer, 600);
      else answer();
    };
    const gw = await startGateway({
      upstream: await upstream.start(),
      env: { SHUTDOWN_DRAIN_MS: '300' },
    });
    const inFlight = call(gw.url, 'POST', '/v1/challenges', {
      token: 'Fe26.2*token',
      body: { authenticator_id: 'sms|dev_NU1Ofuw3Cw0XCt5x' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = gw.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ready = await call(gw.url, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    const finished = await inFlight;
    expect(finished.status).toBe(200);
    await closing;
    await upstream.stop();
  });
});

/** Sends raw bytes and returns whatever comes back before the server closes the connection. */
function rawExchange(url: URL, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}
