import { createConnection, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of Redis that counts round trips: a round trip starts when the client sends
 * after Redis has answered (or for the first time), so commands sent together — a pipeline, one
 * script — are one, and each command that waits for the answer of the one before is another.
 */
export class RoundTripProxy {
  turns = 0;
  /** True while some connection has sent and not yet had its answer. */
  private waitingOn = 0;

  private get waiting(): boolean {
    return this.waitingOn > 0;
  }
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.pipe(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * The round trips `during` made, including those sent after its answer (a request settles what it
   * left behind once it has answered): counted until the connection has been quiet for `quietMs`.
   */
  async count(during: () => Promise<unknown>, quietMs = 50): Promise<number> {
    const before = this.turns;
    await during();
    let seen = -1;
    while (seen !== this.turns || this.waiting) {
      seen = this.turns;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    }
    return this.turns - before;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pipe(client: Socket): void {
    const upstream = createConnection(this.target);
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
      if (!waiting) {
        this.turns += 1;
        this.waitingOn += 1;
      }
      waiting = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (waiting) this.waitingOn -= 1;
      waiting = false;
      client.write(chunk);
    });
  }
}
