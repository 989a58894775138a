import type { FastifyInstance } from 'fastify';

/** What a body that is neither JSON nor form fields parses to; handlers answer it with a 400. */
export class UnreadableBody {}

export type RequestBody = Record<string, unknown> | UnreadableBody;

function parseForm(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = fields[key];
    if (previous === undefined) fields[key] = value;
    else
      fields[key] = Array.isArray(previous)
        ? [...(previous as unknown[]), value]
        : [previous, value];
  }
  return fields;
}

/**
 * Auth0 reads bodies leniently: JSON or form fields whatever the content type says, because Auth0's own
 * guides send JSON with curl's default form content type (docs/auth0-wire.md, "Endpoints").
 */
export function parseLenientBody(text: string): RequestBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return parsed;
      }
    } catch {
      // falls through: neither JSON nor form fields
    }
    return new UnreadableBody();
  }
  return parseForm(trimmed);
}

/** Replaces Fastify's parsers with one that accepts any content type, or none, as JSON or form fields. */
export function registerLenientBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseLenientBody(typeof body === 'string' ? body : body.toString('utf8')));
  });
}
