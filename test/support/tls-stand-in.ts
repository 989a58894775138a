import { describe, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The module object itself (a namespace import would be a copy): undici calls `tls.connect` on it.
import tls from 'node:tls';

/** Debian's OpenSSL: Node cannot make an X.509 certificate itself, and no package here can. */
export const OPENSSL = '/usr/bin/openssl';

/**
 * `describe` where OpenSSL is; outside CI a machine without it skips the suite and says so, under CI
 * the suite runs and fails.
 */
export function describeWithOpenssl(what: string): typeof describe {
  if (existsSync(OPENSSL) || process.env.CI) return describe;
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED: ${what} needs OpenSSL at ${OPENSSL} (apt install openssl)`);
  return describe.skip as typeof describe;
}

/** A self-signed certificate for `localhost` and 127.0.0.1, made now and valid for a day. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-gateway-tls-'));
  try {
    execFileSync(
      OPENSSL,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An `https:` stand-in for Auth0: TLS on 127.0.0.1 with `certificate`, each connection relayed as plain
 * TCP to `target` (the emulator, which speaks only http).
 */
export class TlsStandIn {
  private readonly server: tls.Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    certificate: { key: string; cert: string },
    private readonly target: URL,
  ) {
    this.server = tls.createServer(certificate, (client) => this.relay(client));
    // A client that rejects the certificate aborts the handshake; that is what some cases test.
    this.server.on('tlsClientError', () => undefined);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** The address as a tenant's: by name, so that the certificate's name is what is checked. */
  get url(): string {
    return `https://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: tls.TLSSocket): void {
    const upstream = tcpConnect(Number(this.target.port), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}

/**
 * Makes this process trust `cert` as it would trust a CA given in NODE_EXTRA_CA_CERTS, which Node reads
 * only at start: every TLS connection that names no CA of its own gets the system's roots and this one.
 * Returns the undo.
 */
export function trustInThisProcess(cert: string): () => void {
  const original = tls.connect.bind(tls) as (...args: unknown[]) => tls.TLSSocket;
  const spy = jest.spyOn(tls, 'connect').mockImplementation((...args: unknown[]) => {
    const [first, ...rest] = args;
    if (typeof first === 'object' && first !== null && !('ca' in first && first.ca)) {
      return original({ ...first, ca: [...tls.rootCertificates, cert] }, ...rest);
    }
    return original(...args);
  });
  return () => spy.mockRestore();
}
