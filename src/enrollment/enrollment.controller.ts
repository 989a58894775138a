import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallContext } from '../common/http/call-context';
import { ErrorCode } from '../common/errors/error-code';
import { BearerToken, RequiresBearer } from '../common/http/bearer-token.decorator';
import { RequestContext } from '../common/http/call-context';
import { PreferWait, WaitPreference } from '../common/http/prefer-wait';
import {
  IdempotencyOf,
  IdempotencyScope,
} from '../protection/idempotency/idempotency-scope.decorator';
import { Idempotency } from '../protection/idempotency/idempotency.service';
import { Idempotent } from '../protection/idempotency/idempotent.decorator';
import { BatchedState } from '../protection/admission/request-batch';
import { ApiPreferWait } from '../common/openapi/api-prefer-wait.decorator';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { TokenSetDto } from '../token/dto/token-set.dto';
import { ConfirmEnrollmentDto } from './dto/confirm-enrollment.dto';
import { CreateEnrollmentDto } from './dto/create-enrollment.dto';
import { EnrollmentDto } from './dto/enrollment.dto';
import { EnrollmentService } from './enrollment.service';

@ApiTags('enrollment')
@RequiresBearer()
@Controller('v1/enrollments')
export class EnrollmentController {
  constructor(
    private readonly enrollments: EnrollmentService,
    private readonly idempotency: Idempotency,
  ) {}

  @Post()
  @Idempotent()
  @BatchedState()
  @ApiSuccess(
    201,
    'The factor is enrolled, inactive until confirmed; for e-mail, SMS and voice a code is on its way.',
    EnrollmentDto,
  )
  @ApiOperation({
    summary: '2a. Enroll a factor (e-mail, SMS, voice or authenticator app)',
    description:
      'Bearer: the mfa_token of a user with no factor yet, or an MFA-audience access token with `enroll`. A code is sent to e-mail, SMS and voice; confirm it with `/v1/enrollments/confirm`.',
  })
  @ApiProblems(
    ErrorCode.MissingToken,
    ErrorCode.InvalidToken,
    ErrorCode.MfaTokenExpired,
    ErrorCode.AlreadyEnrolled,
    ErrorCode.TooManyAuthenticators,
    ErrorCode.FactorNotAllowed,
    ErrorCode.PhoneCountryNotAllowed,
    ErrorCode.PhoneTypeNotAllowed,
    ErrorCode.DestinationSuspended,
    ErrorCode.IdempotencyKeyReused,
    ErrorCode.SendQuotaExceeded,
  )
  enroll(
    @BearerToken() bearer: string,
    @Body() dto: CreateEnrollmentDto,
    @RequestContext() ctx: CallContext,
    @IdempotencyOf() scope: IdempotencyScope,
  ): Promise<EnrollmentDto> {
    return this.idempotency.run(scope, ctx, () => this.enrollments.enroll(bearer, dto, ctx));
  }

  @Post('confirm')
  @ApiPreferWait()
  @HttpCode(200)
  @ApiSuccess(200, "The factor is active: the user's tokens.", TokenSetDto)
  @ApiOperation({
    summary: '2b. Confirm an enrollment with the code the user received',
    description: "Activates the factor and answers the user's tokens.",
  })
  @ApiProblems(
    ErrorCode.MissingToken,
    ErrorCode.InvalidToken,
    ErrorCode.MfaTokenExpired,
    ErrorCode.InvalidBindingCode,
    ErrorCode.InvalidOobCode,
    ErrorCode.OobCodeExpired,
    ErrorCode.AuthorizationPending,
    ErrorCode.PushRejected,
    ErrorCode.InvalidOtp,
    ErrorCode.TooManyAttempts,
  )
  confirm(
    @BearerToken() mfaToken: string,
    @Body() dto: ConfirmEnrollmentDto,
    @RequestContext() ctx: CallContext,
    @PreferWait() preference?: WaitPreference,
  ): Promise<TokenSetDto> {
    return this.enrollments.confirm(mfaToken, dto, ctx, preference);
  }
}
