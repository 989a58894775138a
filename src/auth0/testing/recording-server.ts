import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as it arrived on the wire. */
export interface RecordedRequest {
  method: string;
  /** The raw request target, percent-encoding untouched. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Name/value pairs as sent, for checks that must see every header line. */
  rawHeaders: string[];
  body: string;
  remotePort: number | undefined;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

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

/**
 * A real HTTP server on 127.0.0.1, port 0, that records every request and answers with whatever the
 * current handler says — the network edge the adapter is tested against (no mocks of axios or undici).
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  handler: Handler = (_req, res) => reply(res, 200, {});
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => this.record(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get last(): RecordedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('the server has received no request');
    return last;
  }

  openConnections(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
    );
  }

  reset(): void {
    this.requests.length = 0;
    this.handler = (_req, res) => reply(res, 200, {});
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      this.requests.push(recorded);
      this.handler(recorded, res);
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
