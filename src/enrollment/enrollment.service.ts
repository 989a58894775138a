import { Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { ConfigService } from '@nestjs/config';
import { Auth0Client } from '../auth0/auth0.client';
import {
  AssociateRequest,
  AUTHENTICATOR_TYPES,
  OOB_CHANNELS,
  TokenSet,
} from '../auth0/auth0.types';
import { CallContext } from '../common/http/call-context';
import type { WaitPreference } from '../common/http/prefer-wait';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { Hit, RateLimiter } from '../protection/rate-limit/rate-limiter.service';
import { FraudGuard } from '../protection/fraud-guard/fraud-guard.service';
import { PushWait } from '../protection/push/push-wait.service';
import { canonicalEmail } from '../common/validation/canonical-email';
import { PhoneDestination, phoneDestinationOf } from '../common/validation/phone-destination';
import { timingHints } from '../common/timing/timing-hints';
import { AppConfig } from '../config/app-config';
import { SecurityEvents } from '../observability/security-events.service';
import { TokenService } from '../token/token.service';
import { AuthenticatorDto } from './dto/authenticator.dto';
import { ConfirmEnrollmentDto } from './dto/confirm-enrollment.dto';
import { CreateEnrollmentDto } from './dto/create-enrollment.dto';
import { EnrollmentDto } from './dto/enrollment.dto';
import { assertPhoneAllowed } from './phone-policy';
import { claimsRemoveAuthenticators } from './bearer-scopes';
import { Factor, FactorKind, factorsOf } from './factors';
import { failureCauseOf } from '../common/errors/upstream-failure';

@Injectable()
export class EnrollmentService {
  constructor(
    private readonly auth0: Auth0Client,
    private readonly tokens: TokenService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly events: SecurityEvents,
    private readonly limiter: RateLimiter,
    private readonly fraudGuard: FraudGuard,
    private readonly pushWait: PushWait,
  ) {}

  async enroll(bearer: string, dto: CreateEnrollmentDto, ctx: CallContext): Promise<EnrollmentDto> {
    if (!this.config.get('allowedFactors', { infer: true }).includes(dto.type)) {
      throw new GatewayError(ErrorCode.FactorNotAllowed, {
        detail: `The ${dto.type} factor is switched off on this gateway.`,
      });
    }
    let phone: PhoneDestination | undefined;
    if ((dto.type === 'sms' || dto.type === 'voice') && dto.phone_number !== undefined) {
      const countries = this.config.get('phoneAllowedCountries', { infer: true });
      assertPhoneAllowed(dto.type, dto.phone_number, countries);
      phone = phoneDestinationOf(dto.phone_number);
    }
    await this.removeAbandoned(bearer, dto.type, ctx);
    const answer = await this.limiter.charged(
      ctx,
      enrollmentHits(dto, phone, ctx),
      () => this.auth0.associate(bearer, toAssociateRequest(dto)),
      phone && this.fraudGuard.leaseCheck(phone, ctx),
    );
    this.events.enrollmentStarted(ctx, bearer, dto, answer);
    if (phone && answer.oob_code) await this.fraudGuard.sent(phone, answer.oob_code, ctx);
    if (answer.oob_code) {
      await this.pushWait.remember(answer.oob_code, answer.oob_channel ?? dto.type, ctx);
    }
    return Object.assign(
      {},
      answer,
      answer.barcode_uri ? { barcode_svg: await qrCodeSvg(answer.barcode_uri) } : {},
      answer.oob_code
        ? timingHints(this.config.get('challengeCooldownSeconds', { infer: true }))
        : {},
    );
  }

  /** The enrollment's first verification is the ordinary oob or otp grant; it activates the factor. */
  confirm(
    mfaToken: string,
    dto: ConfirmEnrollmentDto,
    ctx: CallContext,
    preference?: WaitPreference,
  ): Promise<TokenSet> {
    if (dto.otp !== undefined) {
      return this.tokens.otp(mfaToken, { otp: dto.otp }, ctx, 'enrollment');
    }
    return this.tokens.oob(
      mfaToken,
      { oob_code: dto.oob_code as string, binding_code: dto.binding_code },
      ctx,
      'enrollment',
      preference,
    );
  }

  async list(bearer: string): Promise<AuthenticatorDto[]> {
    const authenticators = await this.auth0.listAuthenticators(bearer);
    // Only the documented fields and kinds: anything new Auth0 adds is not passed on unreviewed, so the
    // enums of the OpenAPI document (and the clients generated from it) stay true.
    return authenticators
      .filter(({ authenticator_type, oob_channel }) => isKnown(authenticator_type, oob_channel))
      .map(({ id, authenticator_type, oob_channel, name, active }) => ({
        id,
        authenticator_type,
        ...(oob_channel ? { oob_channel } : {}),
        ...(name ? { name } : {}),
        active,
      }));
  }

  /** Auth0 removes a phone authenticator's twin with it, so one delete also removes a factor whole. */
  async remove(bearer: string, id: string, ctx: CallContext): Promise<void> {
    await this.auth0.deleteAuthenticator(bearer, id);
    this.events.authenticatorDeleted(ctx, bearer, id);
  }

  async factors(bearer: string, includePending: boolean): Promise<Factor[]> {
    return factorsOf(await this.auth0.listAuthenticators(bearer), includePending);
  }

  /**
   * Before a new enrollment, removes the user's abandoned (never confirmed) enrollments of the same
   * factor type, so that retries do not pile up to Auth0's cap of 50 authenticators. Only a bearer that
   * may remove authenticators can (an mfa_token cannot: for its user the cap is
   * `409 too_many_authenticators`). Recovery codes are never touched. Best effort: a listing or a delete
   * Auth0 refuses leaves the enrollment to go ahead as it would have.
   */
  private async removeAbandoned(
    bearer: string,
    type: CreateEnrollmentDto['type'],
    ctx: CallContext,
  ): Promise<void> {
    if (!claimsRemoveAuthenticators(bearer)) return;
    const kind = ENROLLED_AS[type];
    try {
      const abandoned = factorsOf(await this.auth0.listAuthenticators(bearer), true).filter(
        (factor) => !factor.active && factor.type === kind,
      );
      for (const factor of abandoned) {
        await this.auth0.deleteAuthenticator(bearer, factor.id);
        this.events.abandonedEnrollmentRemoved(ctx, bearer, factor.id);
      }
    } catch (error) {
      if (failureCauseOf(error)?.kind !== 'client') throw error;
    }
  }
}

/** The factor type an enrollment creates. */
const ENROLLED_AS: Record<CreateEnrollmentDto['type'], FactorKind> = {
  email: 'email',
  sms: 'phone',
  voice: 'phone',
  otp: 'otp',
  push: 'push-notification',
};

/**
 * The QR code of an enrollment's `barcode_uri`, as SVG (the `qrcode` library), so that an app needs no
 * QR code of its own. Error correction M: what authenticator apps scan reliably from a screen.
 */
function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * What an enrollment costs: a code to a new destination, counted most specific first — the destination
 * in its canonical form, for phones the number range and the country, then the caller (client IP and API
 * key) and the gateway's budget, phones and e-mail apart so that pumping SMS cannot use up e-mail's.
 * Sign-in codes to confirmed factors are counted elsewhere and never against these (docs/security.md).
 */
function enrollmentHits(
  dto: CreateEnrollmentDto,
  phone: PhoneDestination | undefined,
  ctx: CallContext,
): Hit[] {
  const caller = (group: string): Hit[] => [
    ...(ctx.clientIp ? [['enroll_ip', `${group}\n${ctx.clientIp}`] as const] : []),
    ...(ctx.apiKeyId ? [['enroll_api_key', `${group}\n${ctx.apiKeyId}`] as const] : []),
  ];
  if (dto.type === 'email' && dto.email) {
    return [
      ['enroll_destination', canonicalEmail(dto.email)],
      ...caller('email'),
      ['enroll_email_codes', ''],
    ];
  }
  if (phone) {
    return [
      ['enroll_destination', phone.e164],
      ['enroll_prefix', phone.range],
      ['enroll_country', phone.countryCode],
      ...caller('phone'),
      ['enroll_phone_codes', ''],
    ];
  }
  return [];
}

function toAssociateRequest(dto: CreateEnrollmentDto): AssociateRequest {
  switch (dto.type) {
    case 'otp':
      return { authenticator_types: ['otp'] };
    case 'email':
      return { authenticator_types: ['oob'], oob_channels: ['email'], email: dto.email };
    case 'sms':
    case 'voice':
      return {
        authenticator_types: ['oob'],
        oob_channels: [dto.type],
        phone_number: dto.phone_number,
      };
    case 'push':
      return { authenticator_types: ['oob'], oob_channels: ['auth0'] };
  }
}

function isKnown(type: string, channel: string | undefined): boolean {
  return (
    (AUTHENTICATOR_TYPES as readonly string[]).includes(type) &&
    (channel === undefined || (OOB_CHANNELS as readonly string[]).includes(channel))
  );
}
