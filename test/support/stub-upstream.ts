import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as it arrived on the wire. */
export interface Hit {
  method: string;
  /** The raw request target, percent-encoding untouched. */
  path: string;
  headers: IncomingMessage['headers'];
  /** Name/value pairs as sent, for checks that must see every header line. */
  rawHeaders: string[];
  body: string;
  remotePort: number | undefined;
}

export type StubHandler = (hit: Hit, res: ServerResponse) => void;

/** Sends one canned answer; `body` objects are sent as JSON with Auth0's content type. */
export function reply(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const type =
    typeof body === 'string' ? 'text/plain' : body === undefined ? undefined : 'application/json';
  res.writeHead(status, { ...(type ? { 'content-type': type } : {}), ...headers });
  res.end(text);
}

const ANSWER_EMPTY_JSON: StubHandler = (_hit, res) => reply(res, 200, {});

/**
 * A real HTTP server on 127.0.0.1, port 0, standing in for Auth0: it records every request and answers
 * with whatever the current handler says — the network edge the gateway is tested against (no mocks of
 * axios or undici). The one fake upstream of the tests, unit and end-to-end.
 */
export class StubUpstream {
  readonly hits: Hit[] = [];
  handler: StubHandler = ANSWER_EMPTY_JSON;
  private readonly server: Server = createServer((req, res) => this.record(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get last(): Hit {
    const last = this.hits.at(-1);
    if (!last) throw new Error('the stub has received no request');
    return last;
  }

  openConnections(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
    );
  }

  reset(): void {
    this.hits.length = 0;
    this.handler = ANSWER_EMPTY_JSON;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit: Hit = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      this.hits.push(hit);
      this.handler(hit, res);
    });
  }
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
