import { FastifyInstance, FastifyRequest } from 'fastify';
import { parse } from 'secure-json-parse';
import { ErrorCode } from '../errors/error-code';
import { GatewayError } from '../errors/gateway-error';

/**
 * No body of the API nests deeper than two levels, while class-transformer recurses once per level: a
 * 16 KiB body of `[[[[…` overflowed the stack and answered 500.
 */
export const MAX_BODY_DEPTH = 16;

/** Iterative, so that the check itself cannot overflow on the bodies it exists to refuse. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.node === null || typeof item.node !== 'object') continue;
    if (item.depth >= limit) return true;
    for (const child of Object.values(item.node))
      pending.push({ node: child, depth: item.depth + 1 });
  }
  return false;
}

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
      let parsed: unknown;
      try {
        parsed = parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      } catch (error) {
        const poisoned = error instanceof Error && /prototype/i.test(error.message);
        done(
          new GatewayError(ErrorCode.MalformedJson, {
            detail: poisoned
              ? 'The body contains a forbidden key (__proto__ or constructor.prototype).'
              : 'The request body is not valid JSON.',
          }),
        );
        return;
      }
      if (nestedDeeperThan(parsed, MAX_BODY_DEPTH)) {
        done(
          new GatewayError(ErrorCode.ValidationFailed, {
            errors: [
              { field: 'body', message: `the body nests deeper than ${MAX_BODY_DEPTH} levels` },
            ],
          }),
        );
        return;
      }
      done(null, parsed);
    },
  );
}
