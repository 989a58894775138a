import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

const SANE_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane (so ids correlate across services), else a fresh one. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}
