import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CallContext } from '../common/http/call-context';
import { ErrorCode } from '../common/errors/error-code';
import { BearerToken, RequiresBearer } from '../common/http/bearer-token.decorator';
import { RequestContext } from '../common/http/call-context';
import { ApiProblems, BEARER_ERRORS } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { AuthenticatorDto } from './dto/authenticator.dto';
import { AuthenticatorIdPipe } from './authenticator-id.pipe';
import { EnrollmentService } from './enrollment.service';

@ApiTags('enrollment')
@RequiresBearer()
@Controller('v1/authenticators')
export class AuthenticatorsController {
  constructor(private readonly enrollments: EnrollmentService) {}

  @Get()
  @ApiSuccess(200, "The user's authenticators, inactive ones included.", [AuthenticatorDto])
  @ApiOperation({
    summary: "List the user's authenticators",
    description: 'Includes inactive (unconfirmed) ones. Phone numbers and e-mails are masked.',
  })
  @ApiProblems(...BEARER_ERRORS, ErrorCode.InsufficientScope)
  list(@BearerToken() bearer: string): Promise<AuthenticatorDto[]> {
    return this.enrollments.list(bearer);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiSuccess(204, 'Deleted (with its twin, for a phone).')
  @ApiOperation({
    summary: 'Delete an authenticator',
    description:
      'Needs an MFA-audience access token with `remove:authenticators` (an mfa_token is not enough). Deleting an SMS or voice authenticator also deletes its twin.',
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
