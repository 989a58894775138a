import { FastifyInstance, FastifyRequest } from 'fastify';
import { parse } from 'secure-json-parse';
import { ErrorCode } from '../errors/error-code';
import { GatewayError } from '../errors/gateway-error';

/**
 * Fastify's JSON parser, with its failure reported as the gateway's own error: Nest would otherwise turn
 * the parser's error into a bare 400 and the caller would lose the `malformed_json` code. Prototype
 * poisoning keys are refused, as Fastify refuses them.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (
      _request: FastifyRequest,
      body: string | Buffer,
      done: (err: Error | null, body?: unknown) => void,
    ) => {
      const text = body.toString();
      if (text.trim().length === 0) {
        done(new GatewayError(ErrorCode.MalformedJson, { detail: 'The body is empty.' }));
        return;
      }
      try {
        done(null, parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (error) {
        const poisoned = error instanceof Error && /prototype/i.test(error.message);
        done(
          new GatewayError(ErrorCode.MalformedJson, {
            detail: poisoned
              ? 'The body contains a forbidden key (__proto__ or constructor.prototype).'
              : 'The request body is not valid JSON.',
          }),
        );
      }
    },
  );
}
