import { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/**
 * One histogram observation per answered request, labelled by the route template Fastify matched
 * (`/v1/authenticators/:id`, never the raw URL; `unmatched` when none did), method and status.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttpRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
