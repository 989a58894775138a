/**
 * A stand-in for Auth0: `POST /mfa/challenge` answers like Auth0 does for an SMS authenticator, after a
 * configurable delay, and `GET /.well-known/openid-configuration` answers the readiness probe. It checks
 * what a proxy must add (the client credentials and the mfa_token in the body) so that a proxy which
 * forgets them is counted as failing, not as fast.
 *
 * Run as a child process: `STUB_LATENCIES=0,100 STUB_CLIENT_SECRET=… node stub-upstream.js`; prints one
 * JSON line `{"ports": {"0": 41000, "100": 41001}}` once every server listens. Loopback only.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const CLIENT_ID = process.env.STUB_CLIENT_ID ?? 'bench-client';
const CLIENT_SECRET = process.env.STUB_CLIENT_SECRET ?? 'bench-client-secret';
const LATENCIES = (process.env.STUB_LATENCIES ?? '0')
  .split(',')
  .map((value) => Number(value.trim()))
  .filter((value) => Number.isInteger(value) && value >= 0);

/** Auth0's answer for an SMS challenge, byte for byte the shape the gateway expects. */
const CHALLENGE_ANSWER = JSON.stringify({
  challenge_type: 'oob',
  oob_code: `Fe26.2*SERVER*${'a1b2c3d4'.repeat(12)}`,
  binding_method: 'prompt',
});
const UNAUTHORIZED = JSON.stringify({
  error: 'access_denied',
  error_description: 'Unauthorized',
});
const DISCOVERY = JSON.stringify({
  issuer: 'https://bench.example.com/',
  token_endpoint: 'https://bench.example.com/oauth/token',
  mfa_challenge_endpoint: 'https://bench.example.com/mfa/challenge',
  jwks_uri: 'https://bench.example.com/.well-known/jwks.json',
});

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function credentialsOk(text: string): boolean {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return (
      body.client_id === CLIENT_ID &&
      body.client_secret === CLIENT_SECRET &&
      typeof body.mfa_token === 'string' &&
      typeof body.authenticator_id === 'string'
    );
  } catch {
    return false;
  }
}

function handler(latencyMs: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration') {
      send(res, 200, DISCOVERY);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/mfa/challenge') {
      send(res, 404, JSON.stringify({ error: 'not_found' }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const ok = credentialsOk(Buffer.concat(chunks).toString('utf8'));
      const answer = (): void =>
        ok ? send(res, 200, CHALLENGE_ANSWER) : send(res, 401, UNAUTHORIZED);
      if (latencyMs > 0) setTimeout(answer, latencyMs);
      else answer();
    });
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function main(): Promise<void> {
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  for (const latency of LATENCIES) {
    const server = createServer({ keepAlive: true }, handler(latency));
    // Proxies keep their pooled sockets for 10 s or more; do not close them under their feet.
    server.keepAliveTimeout = 60_000;
    server.headersTimeout = 65_000;
    servers.push(server);
    ports[String(latency)] = await listen(server);
  }
  process.stdout.write(`${JSON.stringify({ ports })}\n`);
  process.once('SIGTERM', () => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });
}

void main();
