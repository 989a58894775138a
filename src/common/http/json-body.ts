import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/error-code';
import { GatewayError } from '../errors/gateway-error';

/**
 * Fastify's own JSON parser (secure-json-parse, refusing keys that would poison a prototype), with its
 * refusals turned into the gateway's error on the spot: left to Nest, they reach the exception filter as
 * a bare 400 without Fastify's code, and the caller would lose `malformed_json`. JSON only: Fastify would
 * otherwise pass text/plain bodies to the validators as strings.
 */
export function useJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parse(request, body.toString(), (error, parsed) =>
      error
        ? done(new GatewayError(ErrorCode.MalformedJson, { cause: error }))
        : done(null, parsed),
    ),
  );
}
