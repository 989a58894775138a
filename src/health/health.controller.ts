import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { FastifyReply } from 'fastify';
import { ErrorCode } from '../common/errors/error-code';
import { ApiAccess } from '../common/openapi/api-access.decorator';
import { ApiProblemsOnly } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { HealthResultDto, ReadinessDto } from './dto/readiness.dto';
import { DependencyReport } from './dependency-report';
import { LifecycleService } from './lifecycle.service';

@ApiTags('health')
@ApiAccess('open')
// Node's parser answers these for any route, before it reaches a controller.
@ApiProblemsOnly(ErrorCode.MalformedRequest, ErrorCode.RequestHeadersTooLarge)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: LifecycleService,
    private readonly dependencies: DependencyReport,
  ) {}

  /** The process runs. */
  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiSuccess(200, 'The process runs.', HealthResultDto)
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * The instance takes traffic: 503 only while starting or shutting down. Shared dependencies (Auth0 or
   * the emulator) are reported in `dependencies` but never turn it 503 — an Auth0 outage would otherwise
   * drain every instance at once.
   */
  @Get('ready')
  @ApiSuccess(
    200,
    'Taking traffic; `dependencies` reports Auth0 (or the emulator), the breaker and Redis.',
    ReadinessDto,
  )
  @ApiResponse({ status: 503, description: 'Starting or shutting down.', type: ReadinessDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const dependencies = await this.dependencies.report();
    try {
      const result = await this.health.check([
        () => {
          const indicator = this.indicators.check('lifecycle');
          const phase = this.lifecycle.phase;
          return phase === 'ready' ? indicator.up({ phase }) : indicator.down({ phase });
        },
      ]);
      return { ...result, dependencies };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return { ...(error.getResponse() as object), dependencies };
    }
  }
}
