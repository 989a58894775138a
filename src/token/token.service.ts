import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Auth0Client } from '../auth0/auth0.client';
import { TokenSet } from '../auth0/auth0.types';
import { CallContext } from '../common/http/call-context';
import type { WaitPreference } from '../common/http/prefer-wait';
import { FraudGuard } from '../protection/fraud-guard/fraud-guard.service';
import { PushWait } from '../protection/push/push-wait.service';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { RateLimiter } from '../protection/rate-limit/rate-limiter.service';
import { AppConfig } from '../config/app-config';
import { MfaFlow } from '../observability/metrics.service';
import { SecurityEvents } from '../observability/security-events.service';
import { OobGrantDto } from './dto/oob-grant.dto';
import { OtpGrantDto } from './dto/otp-grant.dto';
import { PasswordGrantDto } from './dto/password-grant.dto';
import { RecoveryCodeGrantDto } from './dto/recovery-code-grant.dto';
import { RefreshGrantDto } from './dto/refresh-grant.dto';

export const DEFAULT_SCOPE = 'openid profile';
/** What callers write instead of the tenant's MFA audience URL. */
export const MFA_AUDIENCE_ALIAS = 'mfa';

/** The OAuth grants. Exported: enrollment confirmation is the same oob/otp grant. */
@Injectable()
export class TokenService {
  constructor(
    private readonly auth0: Auth0Client,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly events: SecurityEvents,
    private readonly limiter: RateLimiter,
    private readonly fraudGuard: FraudGuard,
    private readonly pushWait: PushWait,
  ) {}

  /**
   * Password guessing is limited per username + IP and, more loosely, per username alone: the first stops
   * one attacker, the second a distributed one, while nobody elsewhere can lock the user out entirely
   * from a single address.
   */
  async password(dto: PasswordGrantDto, ctx: CallContext): Promise<TokenSet> {
    const username = dto.username.trim().toLowerCase();
    await this.limiter.consume(ctx, [
      ['password_user_ip', `${username}\n${ctx.clientIp ?? ''}`],
      ['password_user', username],
    ]);
    const audience =
      dto.audience === MFA_AUDIENCE_ALIAS
        ? this.config.get('auth0.mfaAudience', { infer: true })
        : dto.audience;
    return this.auth0.passwordGrant(
      {
        username: dto.username,
        password: dto.password,
        realm: dto.realm,
        audience,
        scope: dto.scope ?? DEFAULT_SCOPE,
      },
      ctx,
    );
  }

  /**
   * `flow: 'enrollment'` when the grant confirms a new factor (audited as `enrollment_confirmed`). Either
   * route may confirm an enrollment (Auth0 accepts both), so both tell the fraud guard that the code
   * reached a person.
   */
  async oob(
    mfaToken: string,
    dto: OobGrantDto,
    ctx: CallContext,
    flow: MfaFlow = 'sign_in',
    preference?: WaitPreference,
  ): Promise<TokenSet> {
    const verify = () =>
      this.events.verify(
        'oob',
        flow,
        ctx,
        this.auth0.oobGrant(
          mfaToken,
          { oob_code: dto.oob_code, binding_code: dto.binding_code },
          ctx,
        ),
      );
    const tokens =
      dto.binding_code === undefined
        ? await this.withoutCode(mfaToken, dto, flow, verify, preference)
        : await verify();
    await this.fraudGuard.confirmed(dto.oob_code);
    return tokens;
  }

  /**
   * An oob grant without a `binding_code` is a push approval being waited for, polled at Auth0's pace.
   * For a code of any other channel the gateway handed out, the code is missing: refused here, never
   * sent to Auth0. A sign-in code the gateway does not know (issued elsewhere, or its record gone) is
   * left to Auth0 to judge; an enrollment's always came through here.
   */
  private async withoutCode(
    mfaToken: string,
    dto: OobGrantDto,
    flow: MfaFlow,
    verify: () => Promise<TokenSet>,
    preference: WaitPreference | undefined,
  ): Promise<TokenSet> {
    const channel = await this.pushWait.channelOf(dto.oob_code);
    if (channel === 'auth0') return this.pushWait.hold(dto.oob_code, mfaToken, verify, preference);
    if (channel === undefined && flow === 'sign_in') return verify();
    throw new GatewayError(ErrorCode.ValidationFailed, {
      errors: [{ field: 'binding_code', message: 'binding_code is required for this code' }],
    });
  }

  otp(
    mfaToken: string,
    dto: OtpGrantDto,
    ctx: CallContext,
    flow: MfaFlow = 'sign_in',
  ): Promise<TokenSet> {
    return this.events.verify(
      'otp',
      flow,
      ctx,
      this.auth0.otpGrant(mfaToken, { otp: dto.otp }, ctx),
    );
  }

  recoveryCode(mfaToken: string, dto: RecoveryCodeGrantDto, ctx: CallContext): Promise<TokenSet> {
    return this.events.verify(
      'recovery-code',
      'sign_in',
      ctx,
      this.auth0.recoveryCodeGrant(mfaToken, { recovery_code: dto.recovery_code }, ctx),
    );
  }

  refresh(dto: RefreshGrantDto, ctx: CallContext): Promise<TokenSet> {
    return this.auth0.refreshGrant({ refresh_token: dto.refresh_token }, ctx);
  }
}
