import { createConnection, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy that holds every chunk for `delayMs` in each direction, as a network would: Redis a
 * millisecond away is a 2 ms round trip. It also counts round trips (a send after an answer), so the
 * bench can report how many a request made.
 */
export class DelayProxy {
  turns = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly target: { host: string; port: number },
    private readonly delayMs: number,
  ) {
    this.server = createServer((client) => this.pipe(client));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: Socket): void {
    const upstream = createConnection(this.target);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let waiting = false;
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      if (!waiting) this.turns += 1;
      waiting = true;
      setTimeout(() => upstream.write(chunk), this.delayMs);
    });
    upstream.on('data', (chunk) => {
      waiting = false;
      setTimeout(() => client.write(chunk), this.delayMs);
    });
  }
}
