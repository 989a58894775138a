import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { renderProblem, toGatewayError } from '../common/http/problem-details';
import { requestIdFor } from '../common/http/request-id';
import { AppConfig } from '../config/app-config';
import { MetricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

/**
 * `/metrics` on its own small listener (METRICS_PORT), started when the app starts and closed when it
 * closes, so the operators' port can stay off the load balancer. Same answers as on the main port:
 * Prometheus text, or problem+json for a wrong token, method or path.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    private readonly access: MetricsAccess,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Where it listens, once started (e.g. `http://127.0.0.1:9464`). */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('metrics', { infer: true }).port;
    if (port === undefined) return;
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.get('host', { infer: true }), () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log({ url: this.url }, 'metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = requestIdFor(request);
    response.setHeader('x-request-id', requestId);
    response.setHeader('cache-control', 'no-store');
    try {
      const path = (request.url ?? '').split('?')[0];
      if (path !== '/metrics') throw new GatewayError(ErrorCode.NotFound);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        throw new GatewayError(ErrorCode.MethodNotAllowed);
      }
      this.access.check(request.headers.authorization);
      const text = await this.metrics.scrape();
      response.writeHead(200, { 'content-type': this.metrics.contentType });
      response.end(request.method === 'HEAD' ? undefined : text);
    } catch (error) {
      const problem = renderProblem(toGatewayError(error), requestId);
      response.writeHead(problem.status, problem.headers);
      response.end(JSON.stringify(problem.body));
    }
  }
}
