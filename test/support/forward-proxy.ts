import {
  createServer,
  request as httpRequest,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { connect as tcpConnect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** One request the proxy was asked to carry, as it saw it before deciding what to do. */
export interface ProxiedRequest {
  /** `CONNECT` for a tunnel, else the method of an absolute-form request. */
  method: string;
  /** `host:port` for a tunnel, the absolute URL otherwise. */
  target: string;
  /** The `Proxy-Authorization` header as sent, so a test can check it without decoding logs. */
  proxyAuthorization?: string;
}

/**
 * `forward`: carry the request; `refuse`: close every connection as it arrives; `hang`: read the request
 * and never answer; `deny`: answer 407 to everything.
 */
export type ProxyBehaviour = 'forward' | 'refuse' | 'hang' | 'deny';

/** Headers that belong to the hop between client and proxy, never passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const PROXY_AUTH_REQUIRED =
  'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="egress"\r\n' +
  'Content-Length: 0\r\nConnection: close\r\n\r\n';

/**
 * A real forward proxy on 127.0.0.1, as a company network puts in front of the internet: absolute-form
 * requests (`GET http://host/path`) for `http:` targets are forwarded, `CONNECT host:port` opens a TCP
 * tunnel for `https:` ones. It keeps what it was asked, and can be told to misbehave.
 */
export class ForwardProxy {
  readonly requests: ProxiedRequest[] = [];
  behaviour: ProxyBehaviour = 'forward';
  /** Connections closed on arrival while refusing. */
  refused = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Duplex>();
  /** When set, anything without exactly `Basic base64(credentials)` is answered 407. */
  private readonly expectedAuthorization?: string;

  constructor(options: { credentials?: string } = {}) {
    if (options.credentials !== undefined) {
      this.expectedAuthorization = `Basic ${Buffer.from(options.credentials).toString('base64')}`;
    }
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.on('connection', (socket: Socket) => {
      if (this.behaviour === 'refuse') {
        this.refused++;
        socket.destroy();
        return;
      }
      this.track(socket);
    });
    this.server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.tunnel(req, socket, head),
    );
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The proxy's URL with credentials in it, as an operator writes it into AUTH0_PROXY_URL. */
  urlWith(credentials: string): string {
    return this.url.replace('http://', `http://${credentials}@`);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    // A client that gives up mid-tunnel resets the socket; that is the client's business.
    socket.on('error', () => socket.destroy());
  }

  private record(req: IncomingMessage): boolean {
    const proxyAuthorization = req.headers['proxy-authorization'];
    this.requests.push({
      method: req.method ?? '',
      target: req.url ?? '',
      ...(proxyAuthorization !== undefined ? { proxyAuthorization } : {}),
    });
    if (this.behaviour === 'deny') return false;
    return (
      this.expectedAuthorization === undefined || proxyAuthorization === this.expectedAuthorization
    );
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const allowed = this.record(req);
    if (this.behaviour === 'hang') return;
    if (!allowed) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="egress"', connection: 'close' });
      res.end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { connection: 'close' }).end('absolute-form requests only');
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: target.pathname + target.search,
        headers,
      },
      (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        }
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { connection: 'close' }).end();
      else res.destroy();
    });
    req.pipe(upstream);
  }

  private tunnel(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.track(socket);
    const allowed = this.record(req);
    if (this.behaviour === 'hang') return;
    if (!allowed) {
      socket.end(PROXY_AUTH_REQUIRED);
      return;
    }
    const [host, port] = splitHostPort(req.url ?? '');
    let established = false;
    const upstream = tcpConnect(port, host, () => {
      established = true;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => {
      if (!established) socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  }
}

function splitHostPort(authority: string): [string, number] {
  const at = authority.lastIndexOf(':');
  const host = authority.slice(0, at).replace(/^\[|\]$/g, '');
  return [host, Number(authority.slice(at + 1))];
}
