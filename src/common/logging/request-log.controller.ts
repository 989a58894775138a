import { FastifyReply, FastifyRequest, LogController } from 'fastify';

/**
 * One line per request, written when the answer is complete: method, route template, status and time, and
 * the request's audit event when it has one.
 * Fastify's default (a line in, a line out, with the raw URL) would double the logging cost under load and
 * could carry a query string holding an address.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'request_id' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      req: request,
      res: reply,
      duration_ms: Math.round(reply.elapsedTime),
      ...this.auditOf(request),
    };
    if (error) request.log.error({ err: error, ...line }, 'request errored');
    else request.log.info(line, 'request completed');
  }

  /**
   * The request's audit event (docs/operations.md, audit events), on this line rather than one of its own;
   * its `request_id` is the line's own.
   */
  private auditOf(request: FastifyRequest): Record<string, unknown> | undefined {
    const slot = request.auditSlot;
    if (!slot?.entry || slot.written) return undefined;
    slot.written = true;
    const { request_id: _id, ...entry } = slot.entry;
    return { context: 'Audit', ...entry };
  }
}
