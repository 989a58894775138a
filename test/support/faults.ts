import { ServerResponse } from 'node:http';
import { startGateway, TestGateway } from './gateway';
import { Hit, StubHandler, StubUpstream } from './stub-upstream';

/**
 * Ways for the stand-in Auth0 (`StubUpstream`) to misbehave. Each answers only the requests it is given;
 * `faultOn` routes one path to a fault and everything else to a healthy answer.
 */
export const faults = {
  /** Reads the request, never answers. */
  hang: (): StubHandler => () => undefined,
  /** Reads the request, then drops the connection without a byte of answer. */
  reset: (): StubHandler => (_hit, res) => res.socket?.destroy(),
  status:
    (status: number, body = '', headers: Record<string, string> = {}): StubHandler =>
    (_hit, res) =>
      res.writeHead(status, headers).end(body),
  json:
    (status: number, body: unknown, headers: Record<string, string> = {}): StubHandler =>
    (_hit, res) =>
      res
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(JSON.stringify(body)),
  /** Answers the headers only after `delayMs` (longer than the gateway's timeout). */
  slowHeaders:
    (delayMs: number, then: StubHandler): StubHandler =>
    (hit, res) => {
      setTimeout(() => {
        if (!res.destroyed) then(hit, res);
      }, delayMs).unref();
    },
  /** Sends the status line and headers at once, then stalls mid-body. */
  stalledBody: (): StubHandler => (_hit, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('{"challenge_type":"oob",');
  },
};

/** Healthy Auth0 answers for the endpoints the fault tests call. */
export const healthy = {
  challenge: faults.json(200, {
    challenge_type: 'oob',
    oob_code: 'Fe26.2*stub-oob-code',
    binding_method: 'prompt',
  }),
  tokens: faults.json(200, {
    access_token: 'stub-access-token',
    expires_in: 86400,
    token_type: 'Bearer',
  }),
  authenticators: faults.json(200, [
    { id: 'email|dev_stub', authenticator_type: 'oob', oob_channel: 'email', active: true },
  ]),
};

const HEALTHY_BY_PATH: Record<string, StubHandler> = {
  '/mfa/challenge': healthy.challenge,
  '/oauth/token': healthy.tokens,
  '/mfa/authenticators': healthy.authenticators,
};

/** `path` misbehaves as `fault` says; every other path answers as a healthy Auth0 would. */
export function faultOn(path: string, fault: StubHandler): StubHandler {
  return (hit: Hit, res: ServerResponse) => {
    if (hit.path === path) return fault(hit, res);
    return (HEALTHY_BY_PATH[hit.path] ?? faults.status(404))(hit, res);
  };
}

/** The first `count` requests to a path meet `fault`; later ones are answered by `then`. */
export function firstFails(count: number, fault: StubHandler, then: StubHandler): StubHandler {
  let seen = 0;
  return (hit, res) => (seen++ < count ? fault(hit, res) : then(hit, res));
}

/** How many requests for `path` (query string aside) the upstream received. */
export function hitsOn(upstream: StubUpstream, path: string): number {
  return upstream.hits.filter((hit) => hit.path.split('?')[0] === path).length;
}

/**
 * One misbehaving upstream for the suite and a fresh gateway in front of it for every case, so that no
 * breaker count, limit or pooled connection carries from one case into the next. Registers the hooks.
 */
export function gatewayPerCase(env: Record<string, string>): {
  upstream: StubUpstream;
  gateway: () => TestGateway;
} {
  const upstream = new StubUpstream();
  let upstreamUrl = '';
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    upstreamUrl = await upstream.start();
  });
  afterAll(() => upstream.stop());
  beforeEach(async () => {
    upstream.hits.length = 0;
    gw = await startGateway({ upstream: upstreamUrl, env });
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  return {
    upstream,
    gateway: () => {
      if (!gw) throw new Error('no gateway outside a test case');
      return gw;
    },
  };
}
