import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CallContext, RequestContext } from '../common/http/call-context';
import { ErrorCode } from '../common/errors/error-code';
import { BearerToken, RequiresBearer } from '../common/http/bearer-token.decorator';
import { ApiProblems, BEARER_ERRORS } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { AuthenticatorIdPipe } from './authenticator-id.pipe';
import { FactorDto } from './dto/factor.dto';
import { ListFactorsQuery } from './dto/list-factors.query';
import { EnrollmentService } from './enrollment.service';

/** The user's factors as a screen shows them; `/v1/authenticators` stays Auth0's own view. */
@ApiTags('enrollment')
@RequiresBearer()
@Controller('v1/factors')
export class FactorsController {
  constructor(private readonly enrollments: EnrollmentService) {}

  @Get()
  @ApiSuccess(200, "The user's factors: one phone is one factor.", [FactorDto])
  @ApiOperation({
    summary: "List the user's factors",
    description:
      'One entry per factor as a person thinks of it: a phone enrolled once is one factor with its channels, whatever Auth0 lists. Enrollments started and never confirmed are left out unless `include=pending`. The same bearers as `/v1/authenticators`.',
  })
  @ApiQuery({ name: 'include', required: false, enum: ['pending'] })
  @ApiProblems(...BEARER_ERRORS, ErrorCode.InsufficientScope)
  list(@BearerToken() bearer: string, @Query() query: ListFactorsQuery): Promise<FactorDto[]> {
    return this.enrollments.factors(bearer, query.include === 'pending');
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiSuccess(204, 'Removed, every channel of it.')
  @ApiOperation({
    summary: 'Remove a factor whole',
    description:
      'Takes the `id` of a listed factor (or any of its `authenticator_ids`) and removes the factor: both channels of a phone. Needs an MFA-audience access token with `remove:authenticators` (an mfa_token is not enough).',
  })
  @ApiParam({ name: 'id', example: 'sms|dev_NU1Ofuw3Cw0XCt5x' })
  @ApiProblems(...BEARER_ERRORS, ErrorCode.InsufficientScope, ErrorCode.AuthenticatorNotFound)
  remove(
    @BearerToken() bearer: string,
    @Param('id', AuthenticatorIdPipe) id: string,
    @RequestContext() ctx: CallContext,
  ): Promise<void> {
    return this.enrollments.remove(bearer, id, ctx);
  }
}
