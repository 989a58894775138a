import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { MetricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

/** `GET /metrics` on the main port (when METRICS_PORT is not set): for operators, not in the API docs. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly access: MetricsAccess,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    this.access.check(authorization);
    const text = await this.metrics.scrape();
    void reply.header('content-type', this.metrics.contentType);
    return text;
  }
}
