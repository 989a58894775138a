import { createConnection, createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A TCP proxy that holds every chunk for `delayMs` in each direction, as a network would: Redis a
 * millisecond away is a 2 ms round trip. It counts round trips: one starts when the client sends after
 * Redis has answered (or for the first time), so commands sent together — a pipeline, one script — are
 * one, and each command that waits for the answer of the one before is another. The bench reports how
 * many a request made, and test/safety/redis-round-trips.e2e-spec.ts holds the gateway to at most two.
 * It also measures how long it really held each chunk: a timer of 1 ms fires a little later, more so on
 * a busy machine, and the bench judges the gateway against the delay the proxy really added, not the one
 * it was asked for. With `delayMs` 0 it forwards at once: the same hops without the distance.
 */
export class DelayProxy {
  turns = 0;
  /** Connections that have sent and not yet had their answer. */
  private waitingOn = 0;
  private heldMs = 0;
  private heldChunks = 0;
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

  /**
   * The round trips `during` made, including those sent after its answer (a request settles what it
   * left behind once it has answered): counted until the connections have been quiet for `quietMs`.
   */
  async count(during: () => Promise<unknown>, quietMs = 50): Promise<number> {
    const before = this.turns;
    await during();
    let seen = -1;
    while (seen !== this.turns || this.waitingOn > 0) {
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
      if (!waiting) {
        this.turns += 1;
        this.waitingOn += 1;
      }
      waiting = true;
      this.hold(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk) => {
      if (waiting) this.waitingOn -= 1;
      waiting = false;
      this.hold(() => client.write(chunk));
    });
  }

  /** The mean time a chunk was held, in milliseconds (0 before any traffic). */
  meanHoldMs(): number {
    return this.heldChunks === 0 ? 0 : this.heldMs / this.heldChunks;
  }

  private hold(forward: () => void): void {
    if (this.delayMs === 0) {
      forward();
      return;
    }
    const since = performance.now();
    setTimeout(() => {
      this.heldMs += performance.now() - since;
      this.heldChunks += 1;
      forward();
    }, this.delayMs);
  }
}
