import { FastifyRequest } from 'fastify';

/** The public API's routes: what API keys and rate limits guard (not health, docs or metrics). */
export function isV1Route(request: FastifyRequest): boolean {
  return request.routeOptions.url?.startsWith('/v1/') ?? false;
}
