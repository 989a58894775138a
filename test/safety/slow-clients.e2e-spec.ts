import { describe, expect, it } from '@jest/globals';
import { connect, Socket } from 'node:net';
import { faults, gatewayPerCase } from '../support/faults';
import { call } from '../support/http';

/** Short on purpose: the cases wait for the server to act, and should not wait long. */
const ENV = {
  SERVER_HEADERS_TIMEOUT_MS: '300',
  SERVER_REQUEST_TIMEOUT_MS: '400',
  MAX_CONNECTIONS: '30',
  AUTH0_TIMEOUT_MS: '5000',
};

interface Trickle {
  socket: Socket;
  /** Resolves with what the server sent before it closed the connection. */
  closed: Promise<string>;
}

/** A raw client: sends `head`, then one more piece every 100 ms, until the server closes the socket. */
function trickle(url: string, head: string, piece: () => string): Promise<Trickle> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(head);
      const timer = setInterval(() => socket.write(piece()), 100);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      const closed = new Promise<string>((done) =>
        socket.once('close', () => {
          clearInterval(timer);
          done(answer);
        }),
      );
      socket.on('error', () => undefined);
      resolve({ socket, closed });
    });
  });
}

describe('slow and greedy clients', () => {
  const { upstream, gateway } = gatewayPerCase(ENV);

  it('closes connections whose headers trickle in, answering 408', async () => {
    let n = 0;
    const clients = await Promise.all(
      Array.from({ length: 20 }, () =>
        trickle(
          gateway().url,
          'GET /health/live HTTP/1.1\r\nHost: gateway\r\n',
          () => `X-${n++}: y\r\n`,
        ),
      ),
    );
    const answers = await Promise.all(clients.map(({ closed }) => closed));
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose body trickles in', async () => {
    const head =
      'POST /v1/token/password HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
    const client = await trickle(gateway().url, head, () => ' ');
    expect(await client.closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('does not cut an answer it is holding longer than the request timeout', async () => {
    // Auth0 takes twice the request timeout to answer; the request itself arrived at once.
    upstream.handler = faults.slowHeaders(800, faults.json(200, { challenge_type: 'otp' }));
    const answer = await call(gateway().url, 'POST', '/v1/challenges', {
      token: 'an-mfa-token',
      body: { authenticator_id: 'totp|dev_abc', challenge_type: 'otp' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ challenge_type: 'otp' });
  });

  it('holds no more connections than MAX_CONNECTIONS', async () => {
    const { port } = new URL(gateway().url);
    const open = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    const refused = connect(Number(port), '127.0.0.1');
    refused.on('error', () => undefined);
    // The server drops the extra connection on arrival, without a byte.
    let received = '';
    refused.on('data', (chunk) => (received += chunk.toString()));
    refused.write('GET /health/live HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await new Promise((resolve) => refused.once('close', resolve));
    expect(received).toBe('');
    const server = gateway().app.getHttpServer();
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => {
      const check = () =>
        server.getConnections((_error: Error | null, count: number) =>
          count === 0 ? resolve() : setImmediate(check),
        );
      check();
    });
    expect((await call(gateway().url, 'GET', '/health/live')).status).toBe(200);
  });

  it('lists a few dozen field errors at most, and says how many more there were', async () => {
    // Short names, so that 1,500 of them fit under the 16 KB body limit.
    const body: Record<string, string | number> = { username: 'a@example.com', password: 'x' };
    for (let i = 0; i < 1500; i++) body[`_${i.toString(36)}`] = 0;
    const answer = await call(gateway().url, 'POST', '/v1/token/password', { body });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'validation_failed' });
    expect(answer.body.errors).toHaveLength(20);
    expect(answer.body.detail).toContain('1480 more');
    expect(answer.text.length).toBeLessThan(4000);
  });
});
