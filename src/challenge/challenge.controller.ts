import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallContext } from '../common/http/call-context';
import { ErrorCode } from '../common/errors/error-code';
import { BearerToken, RequiresBearer } from '../common/http/bearer-token.decorator';
import { RequestContext } from '../common/http/call-context';
import {
  IdempotencyOf,
  IdempotencyScope,
} from '../protection/idempotency/idempotency-scope.decorator';
import { Idempotency } from '../protection/idempotency/idempotency.service';
import { Idempotent } from '../protection/idempotency/idempotent.decorator';
import { BatchedState } from '../protection/admission/request-batch';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { ChallengeService } from './challenge.service';
import { ChallengeDto } from './dto/challenge.dto';
import { CreateChallengeDto } from './dto/create-challenge.dto';

@ApiTags('challenge')
@RequiresBearer()
@Controller('v1/challenges')
export class ChallengeController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly idempotency: Idempotency,
  ) {}

  @Post()
  @Idempotent()
  @BatchedState()
  @HttpCode(200)
  @ApiSuccess(
    200,
    'For e-mail, SMS and voice a code is on its way; for an authenticator app, nothing is sent.',
    ChallengeDto,
  )
  @ApiOperation({
    summary: '2. Challenge an enrolled factor',
    description:
      'E-mail, SMS and voice: a code is sent; verify it with `/v1/token/oob`. Authenticator app: nothing is sent; verify with `/v1/token/otp`.',
  })
  @ApiProblems(
    ErrorCode.MissingToken,
    ErrorCode.InvalidToken,
    ErrorCode.MfaTokenExpired,
    ErrorCode.AuthenticatorNotFound,
    ErrorCode.UnsupportedChallengeType,
    ErrorCode.IdempotencyKeyReused,
    ErrorCode.SendQuotaExceeded,
  )
  challenge(
    @BearerToken() mfaToken: string,
    @Body() dto: CreateChallengeDto,
    @RequestContext() ctx: CallContext,
    @IdempotencyOf() scope: IdempotencyScope,
  ): Promise<ChallengeDto> {
    return this.idempotency.run(scope, ctx, () => this.challenges.challenge(mfaToken, dto, ctx));
  }
}
