import { Controller, Delete, Get, Header, HttpCode, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { ApiAccess } from '../common/openapi/api-access.decorator';
import { ApiProblemsOnly } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { FraudGuard } from '../protection/fraud-guard/fraud-guard.service';
import { AdminTokenGuard } from './admin-token.guard';
import { SuspensionDto } from './dto/suspension.dto';

const ADMIN_ERRORS = [
  ErrorCode.MissingToken,
  ErrorCode.InvalidToken,
  ErrorCode.NotFound,
  ErrorCode.MalformedRequest,
  ErrorCode.RequestHeadersTooLarge,
];

@ApiTags('admin')
@ApiAccess('admin')
@UseGuards(AdminTokenGuard)
@Controller('admin/fraud-guard/suspensions')
export class FraudGuardAdminController {
  constructor(private readonly fraudGuard: FraudGuard) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiSuccess(200, 'The suspensions in force, oldest first.', [SuspensionDto])
  @ApiOperation({
    summary: 'List fraud-guard suspensions',
    description:
      'Countries and number ranges whose new phone enrollments are refused with `429 destination_suspended`. Needs `Authorization: Bearer <ADMIN_TOKEN>`; answers 404 when the gateway runs without ADMIN_TOKEN.',
  })
  @ApiProblemsOnly(...ADMIN_ERRORS)
  list(): Promise<SuspensionDto[]> {
    return this.fraudGuard.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiSuccess(204, 'Lifted: new enrollments there are accepted again, counted afresh.')
  @ApiOperation({
    summary: 'Lift a fraud-guard suspension',
    description:
      'Ends the suspension now and forgets the counts that caused it. Needs `Authorization: Bearer <ADMIN_TOKEN>`.',
  })
  @ApiParam({ name: 'id', description: 'The `id` of a listed suspension.' })
  @ApiProblemsOnly(...ADMIN_ERRORS)
  async lift(@Param('id') id: string): Promise<void> {
    if (!(await this.fraudGuard.lift(id))) {
      throw new GatewayError(ErrorCode.NotFound, { detail: 'No suspension in force has this id.' });
    }
  }
}
