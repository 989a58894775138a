import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Auth0Client } from '../auth0/auth0.client';
import { TokenSet } from '../auth0/auth0.types';
import { CallContext } from '../common/http/call-context';
import { FraudGuard } from '../protection/fraud-guard/fraud-guard.service';
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
  ): Promise<TokenSet> {
    const tokens = await this.events.verify(
      'oob',
      flow,
      ctx,
      this.auth0.oobGrant(
        mfaToken,
        { oob_code: dto.oob_code, binding_code: dto.binding_code },
        ctx,
      ),
    );
    await this.fraudGuard.confirmed(dto.oob_code);
    return tokens;
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
