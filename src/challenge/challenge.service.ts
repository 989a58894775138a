import { Injectable } from '@nestjs/common';
import { kindOf } from '../common/authenticators/authenticator-id';
import { ConfigService } from '@nestjs/config';
import { Auth0Client } from '../auth0/auth0.client';
import { CallContext } from '../common/http/call-context';
import { Hit, RateLimiter } from '../protection/rate-limit/rate-limiter.service';
import { PushWait } from '../protection/push/push-wait.service';
import { timingHints } from '../common/timing/timing-hints';
import { AppConfig } from '../config/app-config';
import { SecurityEvents } from '../observability/security-events.service';
import { challengeTypeOf } from '../common/authenticators/authenticator-id';
import { ChallengeDto } from './dto/challenge.dto';
import { CreateChallengeDto } from './dto/create-challenge.dto';

@Injectable()
export class ChallengeService {
  private readonly cooldownSeconds: number;

  constructor(
    private readonly auth0: Auth0Client,
    config: ConfigService<AppConfig, true>,
    private readonly events: SecurityEvents,
    private readonly limiter: RateLimiter,
    private readonly pushWait: PushWait,
  ) {
    this.cooldownSeconds = config.get('challengeCooldownSeconds', { infer: true });
  }

  async challenge(
    mfaToken: string,
    dto: CreateChallengeDto,
    ctx: CallContext,
  ): Promise<ChallengeDto> {
    const challengeType = dto.challenge_type ?? challengeTypeOf(dto.authenticator_id);
    // A confirmed factor is limited only by its own cooldown (and Auth0's quotas for the user): no
    // budget that traffic to other destinations can drain stands between a user and their sign-in. An OTP
    // challenge sends nothing and costs nothing.
    const hits: Hit[] =
      challengeType === 'otp' ? [] : [['challenge_cooldown', dto.authenticator_id]];
    const answer = await this.limiter.charged(ctx, hits, () =>
      this.auth0.challenge(mfaToken, {
        authenticator_id: dto.authenticator_id,
        challenge_type: challengeType,
      }),
    );
    this.events.challengeSent(ctx, dto.authenticator_id, answer);
    if (!answer.oob_code) return answer;
    const kind = kindOf(dto.authenticator_id);
    await this.pushWait.remember(answer.oob_code, kind === 'push' ? 'auth0' : kind, ctx);
    return Object.assign({}, answer, timingHints(this.cooldownSeconds));
  }
}
