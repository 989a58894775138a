import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { AppModule } from '../app.module';
import { Clock } from '../config/clock';
import { answerClientError, answerFrameworkError } from '../common/http/framework-errors';
import { useJsonBodies } from '../common/http/json-body';
import { RouteRegistry } from '../common/http/route-registry';
import { isV1Request } from '../common/http/v1-route';
import { requestIdFor } from '../common/http/request-id';
import { PinoNestLogger } from '../common/logging/pino-nest-logger';
import { RequestLogController } from '../common/logging/request-log.controller';
import { AppConfig, ServerConfig, TrustProxy } from '../config/app-config';
import { LifecycleService } from '../health/lifecycle.service';
import { apiSecurityHeaders, pageSecurityHeaders } from './security-headers';
import { registerHttpMetrics } from '../observability/http-metrics';
import { MetricsService } from '../observability/metrics.service';
import { setupOpenApi } from './swagger';

/** A hop count means "trust the nearest N proxies", as Fastify reads a number (typed as a function here). */
function fastifyTrustProxy(
  value: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/**
 * How long the server waits for slow clients (docs/security.md, "Slow and greedy clients"). The head of a
 * request must arrive within `headersTimeout` and the whole request within `requestTimeout` — Node counts
 * both only while the request is still arriving, so an answer the gateway holds on purpose is never cut.
 * A socket silent for `connectionTimeout` is closed (longer than any answer held), and an idle
 * keep-alive connection after `keepAliveTimeout`. Node checks the first two on an interval: it is made
 * short enough that a timeout is enforced within half of itself.
 */
function serverTimeouts(server: ServerConfig) {
  return {
    connectionTimeout: server.idleTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    requestTimeout: server.requestTimeoutMs,
    http: {
      headersTimeout: server.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, server.headersTimeoutMs / 2)),
    },
  };
}

/**
 * Builds the gateway exactly as production runs it — main.ts and the end-to-end tests both come through
 * here, so they cannot drift. The caller decides when (and on which port) to listen.
 */
export async function createApp(
  config: AppConfig,
  logger: Logger,
  options: { clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(),
    bodyLimit: config.bodyLimit,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    genReqId: requestIdFor,
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...serverTimeouts(config.server),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger, options.clock),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      // Nest would register parsers of its own (JSON and forms); Fastify's JSON parser is the one kept.
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Beyond this, Node closes new connections on arrival: one process cannot be made to hold unbounded
  // sockets (and their buffers) by clients that open many and send little.
  fastify.server.maxConnections = config.server.maxConnections;

  const routes = app.get(RouteRegistry);
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  registerHttpMetrics(fastify, app.get(MetricsService));
  useJsonBodies(fastify);

  if (config.corsOrigins.length > 0) {
    // Only the listed browser origins; others get no CORS headers, so browsers keep them out.
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-api-key', 'prefer'],
      exposedHeaders: ['retry-after', 'x-request-id', 'idempotent-replayed', 'preference-applied'],
      maxAge: 600,
    });
  }

  const pageHeaders = pageSecurityHeaders();
  const apiHeaders = apiSecurityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    // Answers under /v1 carry tokens and recovery codes: no cache may keep them.
    if (isV1Request(request)) void reply.headers(apiHeaders).header('cache-control', 'no-store');
    else void reply.headers(pageHeaders);
    void reply.header('x-request-id', request.id);
    done();
  });
  const lifecycle = app.get(LifecycleService);
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // A request that was in flight when shutdown began must not hold its keep-alive connection open.
    if (lifecycle.phase === 'stopping') void reply.header('connection', 'close');
    done(null, payload);
  });
  setupOpenApi(app);
  return app;
}
