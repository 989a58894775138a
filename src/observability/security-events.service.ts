import { Injectable } from '@nestjs/common';
import type { CallContext } from '../common/http/call-context';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { kindOf } from '../common/authenticators/authenticator-id';
import { maskEmail, maskPhone } from '../common/masking/mask';
import { AuditEventName, AuditFields, Auth0EventType } from './audit-event';
import { AuditService } from './audit.service';
import { CodeChannel, MetricsService, MfaFlow, VerificationGrant } from './metrics.service';
import { subjectOf, subjectOfTokens } from './token-subject';

const CODE_CHANNELS: ReadonlySet<string> = new Set<CodeChannel>(['email', 'sms', 'voice']);
const SEND_EVENT: Record<CodeChannel, Auth0EventType> = {
  email: 'gd_send_mail',
  sms: 'gd_send_sms',
  voice: 'gd_send_voice',
};

/** What an enrollment request says about the factor, as the feature's DTO carries it. */
export interface EnrollmentRequestFacts {
  type: string;
  email?: string;
  phone_number?: string;
}

/**
 * Turns the outcome of each MFA step into its audit event and metrics, so the feature services say
 * "this happened" in one line and the rules (what is masked, which label, which Auth0 event) live here.
 */
@Injectable()
export class SecurityEvents {
  constructor(
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
  ) {}

  /** An associate call succeeded: a factor is pending confirmation (and a code went out for oob). */
  enrollmentStarted(
    ctx: CallContext,
    bearer: string,
    request: EnrollmentRequestFacts,
    answer: { oob_code?: string; oob_channel?: string },
  ): void {
    const channel = answer.oob_channel ?? request.type;
    if (answer.oob_code && CODE_CHANNELS.has(channel)) {
      this.metrics.codeSent(channel as CodeChannel, 'enrollment');
    }
    this.audit.record(
      'enrollment_started',
      withBase(ctx, {
        user_id: subjectOf(bearer),
        channel,
        destination: maskedDestination(request),
        auth0_event: 'gd_start_enroll',
      }),
      ctx.audit,
    );
  }

  /** A challenge succeeded: for e-mail, SMS and voice a code went out; for OTP nothing was sent. */
  challengeSent(
    ctx: CallContext,
    authenticatorId: string,
    answer: { challenge_type: string; oob_code?: string },
  ): void {
    const kind = kindOf(authenticatorId);
    const sent = answer.oob_code !== undefined && CODE_CHANNELS.has(kind);
    if (sent) this.metrics.codeSent(kind as CodeChannel, 'sign_in');
    this.audit.record(
      'challenge_sent',
      withBase(ctx, {
        authenticator_kind: kind,
        challenge_type: answer.challenge_type,
        ...(sent ? { channel: kind } : {}),
        auth0_event: sent ? SEND_EVENT[kind as CodeChannel] : 'gd_start_auth',
      }),
      ctx.audit,
    );
  }

  /**
   * Wraps a verification grant: counts it by grant and outcome and writes `verification_succeeded`
   * (`enrollment_confirmed` when it confirmed a new factor, `recovery_code_used` for a recovery code),
   * `verification_failed` with the gateway error code, or `verification_locked_out`. The grant's own error is rethrown untouched.
   */
  async verify<T extends { id_token?: string; access_token?: string }>(
    grant: VerificationGrant,
    flow: MfaFlow,
    ctx: CallContext,
    pending: Promise<T>,
  ): Promise<T> {
    let tokens: T;
    try {
      tokens = await pending;
    } catch (error) {
      const reason = error instanceof GatewayError ? error.kind : ErrorCode.InternalError;
      this.metrics.verification(grant, flow, 'failure', reason);
      // Auth0's failed-code bucket is empty: the code was refused unjudged, and the user is locked out
      // of this factor for minutes — a different event for a SIEM than one more wrong guess.
      const lockedOut = reason === ErrorCode.TooManyAttempts;
      this.audit.record(
        lockedOut ? 'verification_locked_out' : 'verification_failed',
        withBase(ctx, {
          grant,
          flow,
          reason,
          auth0_event: failureEvent(grant, lockedOut),
        }),
        ctx.audit,
      );
      throw error;
    }
    this.metrics.verification(grant, flow, 'success', 'none');
    const [event, auth0Event] = succeededEvent(grant, flow);
    this.audit.record(
      event,
      withBase(ctx, {
        user_id: subjectOfTokens(tokens),
        grant,
        flow,
        auth0_event: auth0Event,
      }),
      ctx.audit,
    );
    return tokens;
  }

  /** A limit answered 429 instead of the gateway: which limit, never whom it counted. */
  rateLimited(ctx: CallContext, limit: string): void {
    this.metrics.rateLimited(limit);
    this.audit.record('rate_limited', withBase(ctx, { limit }), ctx.audit);
  }

  /**
   * The fraud guard suspended new enrollments to a country or range. No request's context: the send that
   * tipped the rate is one of many, and the event is about the destination, not about that caller.
   */
  destinationSuspended(scope: 'country' | 'number_range', countryCode: string): void {
    this.metrics.destinationSuspended(scope, countryCode);
    this.audit.record('destination_suspended', { scope, country_code: countryCode });
  }

  /** An Idempotency-Key answer was replayed instead of calling Auth0 again. */
  idempotentReplay(ctx: CallContext): void {
    this.metrics.idempotentReplay();
    this.audit.record('idempotent_replay', withBase(ctx, {}), ctx.audit);
  }

  /** Before a new enrollment, an abandoned one of the same type was removed for the user. */
  abandonedEnrollmentRemoved(ctx: CallContext, bearer: string, authenticatorId: string): void {
    this.audit.record(
      'abandoned_enrollment_removed',
      withBase(ctx, {
        user_id: subjectOf(bearer),
        authenticator_kind: kindOf(authenticatorId),
        auth0_event: 'gd_unenroll',
      }),
      ctx.audit,
    );
  }

  /** Auth0 accepted the delete, so the MFA-audience bearer's subject is the user who did it. */
  authenticatorDeleted(ctx: CallContext, bearer: string, authenticatorId: string): void {
    this.audit.record(
      'authenticator_deleted',
      withBase(ctx, {
        user_id: subjectOf(bearer),
        authenticator_kind: kindOf(authenticatorId),
        auth0_event: 'gd_unenroll',
      }),
      ctx.audit,
    );
  }
}

/** The request's own fields, then the event's. */
function withBase(ctx: CallContext, fields: AuditFields): AuditFields {
  return { request_id: ctx.requestId, client_ip: ctx.clientIp, ...fields };
}

/** What a successful verification is called in the audit log and in Auth0's log types. */
function succeededEvent(grant: VerificationGrant, flow: MfaFlow): [AuditEventName, Auth0EventType] {
  if (flow === 'enrollment') return ['enrollment_confirmed', 'gd_enrollment_complete'];
  if (grant === 'recovery-code') return ['recovery_code_used', 'gd_recovery_succeed'];
  return ['verification_succeeded', 'gd_auth_succeed'];
}

function maskedDestination(request: EnrollmentRequestFacts): string | undefined {
  if (request.email) return maskEmail(request.email);
  if (request.phone_number) return maskPhone(request.phone_number);
  return undefined;
}

function failureEvent(grant: VerificationGrant, lockedOut: boolean): Auth0EventType {
  if (grant === 'recovery-code')
    return lockedOut ? 'gd_recovery_rate_limit_exceed' : 'gd_recovery_failed';
  return lockedOut ? 'gd_otp_rate_limit_exceed' : 'gd_auth_failed';
}
