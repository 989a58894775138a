import type { FastifyInstance } from 'fastify';

/**
 * Content types as recorded from a real tenant: `/oauth/token` answers `application/json` without a
 * charset, successes and refusals alike, while the MFA API adds `; charset=utf-8` (docs/auth0-wire.md,
 * "Endpoints"). Fastify adds the charset to all JSON, so it is taken off again for the token endpoint.
 */
export function registerAuth0ContentTypes(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (
      request.url.startsWith('/oauth/') &&
      typeof type === 'string' &&
      type.startsWith('application/json')
    ) {
      void reply.header('content-type', 'application/json');
    }
    done(null, payload);
  });
}
