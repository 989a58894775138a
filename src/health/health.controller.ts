import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ErrorCode } from '../common/errors/error-code';
import { Secrets } from '../config/secrets';
import { ApiAccess } from '../common/openapi/api-access.decorator';
import { ApiProblemsOnly } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { DependencyReport } from './dependency-report';
import { LivenessDto, ReadinessDto } from './dto/readiness.dto';
import { LifecycleService } from './lifecycle.service';

@ApiTags('health')
@ApiAccess('open')
// Node's parser answers these for any route, before it reaches a controller.
@ApiProblemsOnly(ErrorCode.MalformedRequest, ErrorCode.RequestHeadersTooLarge)
@Controller('health')
export class HealthController {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly dependencies: DependencyReport,
    private readonly secrets: Secrets,
  ) {}

  /** The process runs. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiSuccess(200, 'The process runs.', LivenessDto)
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /**
   * The instance takes traffic: 503 only while starting or shutting down. Shared dependencies (Auth0 or
   * the emulator, the breaker, Redis) are reported but never turn it 503 — an Auth0 outage would
   * otherwise drain every instance at once.
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiSuccess(
    200,
    'Taking traffic; `dependencies` reports Auth0 (or the emulator), the breaker and Redis.',
    ReadinessDto,
  )
  @ApiResponse({ status: 503, description: 'Starting or shutting down.', type: ReadinessDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const phase = this.lifecycle.phase;
    const ready = phase === 'ready';
    if (!ready) void reply.status(503);
    return {
      status: ready ? 'ok' : 'unavailable',
      phase,
      dependencies: await this.dependencies.report(),
      secrets_loaded_at: this.secrets.loadedAt.toISOString(),
    };
  }
}
