import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';

/** The longest a request may ask to be held (`Prefer: wait`), in seconds. */
export const MAX_WAIT_SECONDS = 25;

/** A caller's `Prefer: wait=N` (RFC 7240): hold the answer up to N seconds for an outcome. */
export interface WaitPreference {
  seconds: number;
  /** Aborts when the client goes away before its answer. */
  signal: AbortSignal;
  /** Marks the answer as having honoured it (`Preference-Applied: wait=N`). */
  applied(): void;
}

/** `wait=N` among the preferences of a `Prefer` header; undefined when absent or malformed. */
export function waitSecondsIn(header: string | string[] | undefined): number | undefined {
  const values = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(values);
  if (!match) return undefined;
  return Math.min(Number(match[1]), MAX_WAIT_SECONDS);
}

/** The request's wait preference, or undefined: handlers that can hold an answer take it. */
export const PreferWait = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): WaitPreference | undefined => {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const seconds = waitSecondsIn(request.headers.prefer);
    if (seconds === undefined || seconds === 0) return undefined;
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const controller = new AbortController();
    // Before the answer is sent, the response closing means the client has gone.
    reply.raw.once('close', () => controller.abort());
    return {
      seconds,
      signal: controller.signal,
      applied: () => void reply.header('preference-applied', `wait=${seconds}`),
    };
  },
);
