/**
 * The baseline: the least a hand-written proxy must do for `POST /v1/challenges` — read the JSON body,
 * take the bearer token, add the client credentials, forward to `/mfa/challenge` over an undici `Pool`
 * and return Auth0's answer. No framework, no validation beyond JSON, no logging: what the gateway costs
 * on top of this is the price of everything it does besides.
 *
 * Run as a child process: `UPSTREAM_URL=… CLIENT_ID=… CLIENT_SECRET=… node baseline-proxy.js`; prints
 * one JSON line `{"port": 41002}` once listening. Loopback only.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = new Pool(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1', {
  keepAliveTimeout: 10_000,
  pipelining: 1,
});
const clientId = process.env.CLIENT_ID ?? '';
const clientSecret = process.env.CLIENT_SECRET ?? '';

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function forward(bearer: string, text: string, res: ServerResponse): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    send(res, 400, '{"code":"malformed_json"}');
    return;
  }
  const answer = await upstream.request({
    method: 'POST',
    path: '/mfa/challenge',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_id: clientId,
      client_secret: clientSecret,
      mfa_token: bearer,
      challenge_type: body.challenge_type,
      authenticator_id: body.authenticator_id,
    }),
  });
  send(res, answer.statusCode, await answer.body.text());
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'POST' || req.url !== '/v1/challenges') {
    send(res, 404, '{"code":"not_found"}');
    return;
  }
  const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (!bearer) {
      send(res, 401, '{"code":"missing_token"}');
      return;
    }
    forward(bearer, Buffer.concat(chunks).toString('utf8'), res).catch(() =>
      send(res, 502, '{"code":"upstream_unavailable"}'),
    );
  });
}

const server = createServer({ keepAlive: true }, handle);
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void upstream.close());
});
