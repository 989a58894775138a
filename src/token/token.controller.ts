import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallContext } from '../common/http/call-context';
import { ErrorCode } from '../common/errors/error-code';
import { BearerToken, RequiresBearer } from '../common/http/bearer-token.decorator';
import { RequestContext } from '../common/http/call-context';
import { PreferWait, WaitPreference } from '../common/http/prefer-wait';
import { ApiAccess } from '../common/openapi/api-access.decorator';
import { ApiPreferWait } from '../common/openapi/api-prefer-wait.decorator';
import { ApiProblems } from '../common/openapi/api-problems.decorator';
import { ApiSuccess } from '../common/openapi/api-success.decorator';
import { OobGrantDto } from './dto/oob-grant.dto';
import { OtpGrantDto } from './dto/otp-grant.dto';
import { PasswordGrantDto } from './dto/password-grant.dto';
import { RecoveryCodeGrantDto } from './dto/recovery-code-grant.dto';
import { RecoveryTokenSetDto } from './dto/recovery-token-set.dto';
import { RefreshGrantDto } from './dto/refresh-grant.dto';
import { TokenSetDto } from './dto/token-set.dto';
import { TokenService } from './token.service';

const MFA_TOKEN_ERRORS = [
  ErrorCode.MissingToken,
  ErrorCode.InvalidToken,
  ErrorCode.MfaTokenExpired,
  ErrorCode.TooManyAttempts,
];

@ApiTags('token')
@Controller('v1/token')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('password')
  @HttpCode(200)
  @ApiAccess('public')
  @ApiSuccess(200, "The user's tokens: this user needs no second factor.", TokenSetDto)
  @ApiOperation({
    summary: '1. Sign in with username and password',
    description:
      'A user who must complete MFA gets `403 mfa_required` carrying `mfa_token` (and `mfa_requirements` when Auth0 sends them): use it as the bearer token of the next calls.',
  })
  @ApiProblems(ErrorCode.MfaRequired, ErrorCode.InvalidCredentials)
  password(
    @Body() dto: PasswordGrantDto,
    @RequestContext() ctx: CallContext,
  ): Promise<TokenSetDto> {
    return this.tokens.password(dto, ctx);
  }

  @Post('oob')
  @ApiPreferWait()
  @HttpCode(200)
  @RequiresBearer()
  @ApiSuccess(200, "The code was right: the user's tokens.", TokenSetDto)
  @ApiOperation({ summary: '3. Verify the code sent by e-mail, SMS or voice' })
  @ApiProblems(
    ...MFA_TOKEN_ERRORS,
    ErrorCode.InvalidBindingCode,
    ErrorCode.InvalidOobCode,
    ErrorCode.OobCodeExpired,
    ErrorCode.AuthorizationPending,
    ErrorCode.PushRejected,
    ErrorCode.SlowDown,
  )
  oob(
    @BearerToken() mfaToken: string,
    @Body() dto: OobGrantDto,
    @RequestContext() ctx: CallContext,
    @PreferWait() preference?: WaitPreference,
  ): Promise<TokenSetDto> {
    return this.tokens.oob(mfaToken, dto, ctx, 'sign_in', preference);
  }

  @Post('otp')
  @HttpCode(200)
  @RequiresBearer()
  @ApiSuccess(200, "The code was right: the user's tokens.", TokenSetDto)
  @ApiOperation({ summary: '3. Verify a code from an authenticator app' })
  @ApiProblems(...MFA_TOKEN_ERRORS, ErrorCode.InvalidOtp)
  otp(
    @BearerToken() mfaToken: string,
    @Body() dto: OtpGrantDto,
    @RequestContext() ctx: CallContext,
  ): Promise<TokenSetDto> {
    return this.tokens.otp(mfaToken, dto, ctx);
  }

  @Post('recovery-code')
  @HttpCode(200)
  @RequiresBearer()
  @ApiSuccess(
    200,
    "The user's tokens and the recovery code that replaces the one just used.",
    RecoveryTokenSetDto,
  )
  @ApiOperation({
    summary: 'Sign in with the recovery code',
    description:
      'The answer carries a new `recovery_code` that replaces the used one: show it to the user.',
  })
  @ApiProblems(
    ...MFA_TOKEN_ERRORS,
    ErrorCode.InvalidRecoveryCode,
    ErrorCode.UnsupportedChallengeType,
  )
  recoveryCode(
    @BearerToken() mfaToken: string,
    @Body() dto: RecoveryCodeGrantDto,
    @RequestContext() ctx: CallContext,
  ): Promise<RecoveryTokenSetDto> {
    return this.tokens.recoveryCode(mfaToken, dto, ctx) as Promise<RecoveryTokenSetDto>;
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiAccess('public')
  @ApiSuccess(
    200,
    'New tokens (and, where the tenant rotates them, a new refresh token).',
    TokenSetDto,
  )
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (no bearer token needed)' })
  @ApiProblems(ErrorCode.InvalidToken)
  refresh(@Body() dto: RefreshGrantDto, @RequestContext() ctx: CallContext): Promise<TokenSetDto> {
    return this.tokens.refresh(dto, ctx);
  }
}
