import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { PROCESS_LOGGER } from '../common/logging/logging.module';
import { ConfigService } from '@nestjs/config';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import type { AppConfig, Auth0Config } from '../config/app-config';
import { Auth0Outcome, MetricsService } from '../observability/metrics.service';
import { CallContext } from '../common/http/call-context';
import { Auth0Answer, header, isRecord, NOT_JSON, readJson } from './auth0-answer';
import { Auth0Breaker } from './auth0-breaker';
import { ClientAuthentication } from './client-authentication';
import { READ_RETRY, retryDelayMs, shouldRetryAnswer, shouldRetryError } from './read-retry';
import { failureCauseOf } from '../common/errors/upstream-failure';
import { auth0Failure, transportFailure, unreadableAnswer } from './auth0.errors';
import {
  isAssociateResponse,
  isAuthenticatorList,
  isChallengeResponse,
  isTokenSet,
} from './auth0-response.guards';
import type {
  AssociateRequest,
  AssociateResponse,
  Auth0Authenticator,
  Auth0Call,
  Auth0ProbeResult,
  ChallengeRequest,
  ChallengeResponse,
  OobGrantRequest,
  OtpGrantRequest,
  PasswordGrantRequest,
  RecoveryCodeGrantRequest,
  RefreshGrantRequest,
  TokenGrant,
  TokenSet,
} from './auth0.types';

const USER_AGENT = 'mfa-gateway (Auth0 MFA adapter)';
const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const GRANT_TYPES: Record<TokenGrant, string> = {
  password: 'password',
  'mfa-oob': 'http://auth0.com/oauth/grant-type/mfa-oob',
  'mfa-otp': 'http://auth0.com/oauth/grant-type/mfa-otp',
  'mfa-recovery-code': 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  refresh_token: 'refresh_token',
};
const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';

/** Readiness must answer quickly even when Auth0 hangs. */
const PROBE_TIMEOUT_MS = 2000;

/** Visible ASCII only: a token with spaces or line breaks would otherwise split or forge a header. */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

type Method = 'GET' | 'POST' | 'DELETE';

interface Auth0Request {
  call: Auth0Call;
  method: Method;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Per-attempt whole-call timeout; absent: AUTH0_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * The only code that knows Auth0's wire format (docs/auth0-wire.md). Every method sends exactly what its
 * endpoint expects and either returns Auth0's answer or throws a GatewayError — nothing else leaves.
 * The client credential (secret or assertion) goes only into the bodies of `/oauth/token` and `/mfa/challenge`.
 */
@Injectable()
export class Auth0Client {
  private readonly logger = new Logger(Auth0Client.name);
  private readonly auth0: Auth0Config;
  /** What the operator should look at when Auth0 refuses the gateway's own credential. */
  private readonly credentialCheck: string;

  constructor(
    private readonly http: HttpService,
    private readonly metrics: MetricsService,
    private readonly breaker: Auth0Breaker,
    private readonly clientAuth: ClientAuthentication,
    config: ConfigService<AppConfig, true>,
    @Inject(PROCESS_LOGGER) private readonly log: PinoLogger,
  ) {
    this.auth0 = config.get('auth0', { infer: true });
    this.credentialCheck = this.auth0.clientAssertion
      ? 'check AUTH0_CLIENT_ID and AUTH0_CLIENT_ASSERTION_KEY: its public key must be a credential of the application (Credentials → Private Key JWT) with the algorithm of AUTH0_CLIENT_ASSERTION_ALG'
      : 'check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET';
  }

  /** POST /mfa/associate — enrolls a new (inactive) authenticator. */
  async associate(bearer: string, body: AssociateRequest): Promise<AssociateResponse> {
    const call: Auth0Call = { endpoint: 'associate' };
    const answer = await this.send({
      call,
      method: 'POST',
      path: '/mfa/associate',
      headers: this.headers({ bearer, contentType: JSON_TYPE }),
      body: JSON.stringify(associateBody(body)),
    });
    return this.expect(call, answer, isAssociateResponse);
  }

  /** POST /mfa/challenge — the mfa_token and the client credentials travel in the body. */
  async challenge(mfaToken: string, body: ChallengeRequest): Promise<ChallengeResponse> {
    const call: Auth0Call = { endpoint: 'challenge' };
    const answer = await this.send({
      call,
      method: 'POST',
      path: '/mfa/challenge',
      headers: this.headers({ contentType: JSON_TYPE }),
      body: JSON.stringify({
        mfa_token: mfaToken,
        ...(body.challenge_type ? { challenge_type: body.challenge_type } : {}),
        authenticator_id: body.authenticator_id,
        ...(await this.clientAuth.credentials()),
      }),
    });
    return this.expect(call, answer, isChallengeResponse);
  }

  /** GET /mfa/authenticators — inactive ones included. A read: the one call that may be retried. */
  async listAuthenticators(bearer: string): Promise<Auth0Authenticator[]> {
    const call: Auth0Call = { endpoint: 'list_authenticators' };
    const answer = await this.sendRead({
      call,
      method: 'GET',
      path: '/mfa/authenticators',
      headers: this.headers({ bearer }),
    });
    return this.expect(call, answer, isAuthenticatorList);
  }

  /** DELETE /mfa/authenticators/{id} — ids contain `|`, sent as `%7C`. */
  async deleteAuthenticator(bearer: string, id: string): Promise<void> {
    const call: Auth0Call = { endpoint: 'delete_authenticator' };
    if (id.length === 0) throw new GatewayError(ErrorCode.AuthenticatorNotFound);
    const answer = await this.send({
      call,
      method: 'DELETE',
      path: `/mfa/authenticators/${encodeURIComponent(id)}`,
      headers: this.headers({ bearer }),
    });
    if (answer.status < 200 || answer.status >= 300) throw this.failure(call, answer);
  }

  /** The Resource Owner Password grant; the password-realm grant when a realm is given. */
  passwordGrant(req: PasswordGrantRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.tokenGrant(
      'password',
      {
        grant_type: req.realm ? PASSWORD_REALM_GRANT : GRANT_TYPES.password,
        username: req.username,
        password: req.password,
        realm: req.realm,
        audience: req.audience,
        scope: req.scope,
      },
      ctx,
    );
  }

  oobGrant(mfaToken: string, req: OobGrantRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.tokenGrant(
      'mfa-oob',
      { mfa_token: mfaToken, oob_code: req.oob_code, binding_code: req.binding_code },
      ctx,
    );
  }

  otpGrant(mfaToken: string, req: OtpGrantRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.tokenGrant('mfa-otp', { mfa_token: mfaToken, otp: req.otp }, ctx);
  }

  recoveryCodeGrant(
    mfaToken: string,
    req: RecoveryCodeGrantRequest,
    ctx?: CallContext,
  ): Promise<TokenSet> {
    return this.tokenGrant(
      'mfa-recovery-code',
      { mfa_token: mfaToken, recovery_code: req.recovery_code },
      ctx,
    );
  }

  refreshGrant(req: RefreshGrantRequest, ctx?: CallContext): Promise<TokenSet> {
    return this.tokenGrant('refresh_token', { refresh_token: req.refresh_token }, ctx);
  }

  /** For readiness: does Auth0 (or the emulator) answer its discovery document? Never throws. */
  async probe(): Promise<Auth0ProbeResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    try {
      const res = await this.http.axiosRef.request<string>({
        method: 'GET',
        url: '/.well-known/openid-configuration',
        headers: this.headers({}),
        timeout: Math.min(PROBE_TIMEOUT_MS, this.auth0.timeoutMs),
      });
      const latencyMs = elapsed();
      if (res.status !== 200) return { up: false, latencyMs, detail: `HTTP ${res.status}` };
      const doc = readJson({
        status: res.status,
        headers: res.headers as Auth0Answer['headers'],
        text: res.data,
      });
      return isRecord(doc) && typeof doc.issuer === 'string'
        ? { up: true, latencyMs }
        : { up: false, latencyMs, detail: 'unreadable discovery document' };
    } catch (err) {
      const failure = transportFailure({ endpoint: 'discovery' }, err);
      return { up: false, latencyMs: elapsed(), detail: failure.code };
    }
  }

  private async tokenGrant(
    grant: TokenGrant,
    fields: Record<string, string | undefined>,
    ctx: CallContext | undefined,
  ): Promise<TokenSet> {
    const call: Auth0Call = { endpoint: 'token', grant };
    const form = new URLSearchParams();
    form.set('grant_type', fields.grant_type ?? GRANT_TYPES[grant]);
    for (const [name, value] of Object.entries(await this.clientAuth.credentials())) {
      form.set(name, value);
    }
    for (const [name, value] of Object.entries(fields)) {
      if (name !== 'grant_type' && value !== undefined) form.set(name, value);
    }
    const answer = await this.send({
      call,
      method: 'POST',
      path: '/oauth/token',
      headers: this.headers({ contentType: FORM_TYPE, clientIp: ctx?.clientIp }),
      body: form.toString(),
    });
    return this.expect(call, answer, isTokenSet);
  }

  private headers(options: {
    bearer?: string;
    contentType?: string;
    clientIp?: string;
  }): Record<string, string> {
    const headers: Record<string, string> = { Accept: JSON_TYPE, 'User-Agent': USER_AGENT };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    if (options.bearer !== undefined) {
      if (!HEADER_TOKEN.test(options.bearer)) throw new GatewayError(ErrorCode.InvalidToken);
      headers.Authorization = `Bearer ${options.bearer}`;
    }
    // Auth0 attributes brute-force attempts to this address instead of to the gateway's own.
    if (options.clientIp && isIP(options.clientIp) !== 0) {
      headers['auth0-forwarded-for'] = options.clientIp;
    }
    return headers;
  }

  /**
   * A safe, idempotent read (RFC 9110 §9.2.2): repeated after a transport failure or a 5xx, with
   * exponential backoff and full jitter, at most `READ_RETRY.retries` times and never past the one
   * AUTH0_TIMEOUT_MS budget of the whole call. Writes (associate, challenge, delete, token grants) never
   * come here: a repeat could send a second code or burn one.
   */
  private async sendRead(req: Auth0Request): Promise<Auth0Answer> {
    const deadline = performance.now() + this.auth0.timeoutMs;
    for (let retry = 0; ; retry++) {
      const remaining = deadline - performance.now();
      let outcome: { answer: Auth0Answer } | { error: unknown };
      try {
        const attempt = Object.assign({}, req, { timeoutMs: Math.max(1, remaining) });
        outcome = { answer: await this.send(attempt) };
      } catch (error) {
        outcome = { error };
      }
      const retryable =
        'answer' in outcome ? shouldRetryAnswer(outcome.answer) : shouldRetryError(outcome.error);
      const delay = retryDelayMs(retry);
      const budgetLeft = deadline - performance.now() - delay;
      if (!retryable || retry >= READ_RETRY.retries || budgetLeft < READ_RETRY.minAttemptMs) {
        if ('answer' in outcome) return outcome.answer;
        throw outcome.error;
      }
      this.logger.debug(
        `Auth0 ${req.call.endpoint} failed (${failureLabel(outcome)}); retry ${retry + 1} in ${Math.round(delay)} ms`,
      );
      await sleep(delay);
    }
  }

  /** Every request to Auth0 goes through the circuit breaker; while it is open, none leaves. */
  private send(req: Auth0Request): Promise<Auth0Answer> {
    return this.breaker.run(() => this.transmit(req));
  }

  /**
   * The single place a request leaves for Auth0: `axiosRef` directly, without the Observable wrapper,
   * and every throw converted on the spot.
   */
  private async transmit(req: Auth0Request): Promise<Auth0Answer> {
    const started = performance.now();
    try {
      const res = await this.http.axiosRef.request<string>({
        method: req.method,
        url: req.path,
        headers: req.headers,
        data: req.body,
        ...(req.timeoutMs !== undefined ? { timeout: Math.ceil(req.timeoutMs) } : {}),
      });
      const seconds = elapsed(started);
      this.metrics.observeAuth0Call(req.call.endpoint, outcomeOf(res.status), seconds);
      this.traceCall(req.call, res.status, seconds);
      return {
        status: res.status,
        headers: res.headers as Auth0Answer['headers'],
        text: typeof res.data === 'string' ? res.data : '',
      };
    } catch (err) {
      const seconds = elapsed(started);
      this.metrics.observeAuth0Call(req.call.endpoint, 'transport_error', seconds);
      const failure = transportFailure(req.call, err);
      this.traceCall(req.call, failureCauseOf(failure)?.code ?? 'transport_error', seconds);
      throw failure;
    }
  }

  /**
   * At debug, one line per call to Auth0: which endpoint (and grant), what came back, how long it took.
   * Nothing of the request or the answer: both carry secrets.
   */
  private traceCall(call: Auth0Call, outcome: number | string, seconds: number): void {
    if (!this.log.isLevelEnabled('debug')) return;
    this.log.debug(
      {
        context: 'Auth0Client',
        endpoint: call.endpoint,
        ...(call.grant ? { grant: call.grant } : {}),
        outcome,
        duration_ms: Math.round(seconds * 10_000) / 10,
      },
      `Auth0 ${call.endpoint}${call.grant ? ` (${call.grant})` : ''} → ${outcome} in ${Math.round(seconds * 1000)} ms`,
    );
  }

  private expect<T>(call: Auth0Call, answer: Auth0Answer, isExpected: (v: unknown) => v is T): T {
    if (answer.status < 200 || answer.status >= 300) throw this.failure(call, answer);
    const parsed = readJson(answer);
    if (parsed === NOT_JSON || !isExpected(parsed)) {
      const error = unreadableAnswer(call, answer);
      this.tellOperators(call, answer, error);
      throw error;
    }
    return parsed;
  }

  private failure(call: Auth0Call, answer: Auth0Answer): GatewayError {
    const error = auth0Failure(call, answer);
    this.tellOperators(call, answer, error);
    return error;
  }

  /**
   * One error line for what only an operator can fix: Auth0 refusing the gateway's own credentials or
   * grant, or answering something that is not Auth0's JSON. Status, content type and Auth0's `error`
   * value only — never the body, which may echo what the request carried.
   */
  private tellOperators(call: Auth0Call, answer: Auth0Answer, error: GatewayError): void {
    const auth0Error = failureCauseOf(error)?.code ?? 'none';
    const where = `endpoint=${call.endpoint}${call.grant ? ` grant=${call.grant}` : ''} status=${answer.status}`;
    if (error.kind === ErrorCode.UpstreamMisconfigured) {
      this.logger.error(
        auth0Error === 'unauthorized_client'
          ? `Auth0 does not allow the gateway's application this grant (${where} error=${auth0Error}): enable it under Applications → (the application of AUTH0_CLIENT_ID) → Advanced Settings → Grant Types`
          : `Auth0 rejected the gateway's own client credentials (${where} error=${auth0Error}): ${this.credentialCheck}`,
      );
    } else if (error.kind === ErrorCode.UpstreamError && error.status >= 500) {
      this.logger.error(
        `Auth0 answered ${answer.status >= 500 ? 'with a server error' : 'something that is not its JSON'} (${where} content-type=${contentTypeOf(answer)} error=${auth0Error})`,
      );
    }
  }
}

/** The media type as sent, reduced to the characters a media type has, for a log line. */
function contentTypeOf(answer: Auth0Answer): string {
  const raw = header(answer, 'content-type');
  if (raw === undefined) return 'none';
  return raw.replace(/[^\w.+\-/;= ]/g, '?').slice(0, 80) || 'none';
}

function outcomeOf(status: number): Auth0Outcome {
  if (status >= 200 && status < 300) return 'success';
  return status >= 400 && status < 500 ? 'client_error' : 'server_error';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What went wrong, for a log line: a status or a transport code, never anything from the request. */
function failureLabel(outcome: { answer: Auth0Answer } | { error: unknown }): string {
  if ('answer' in outcome) return `HTTP ${outcome.answer.status}`;
  const cause = (outcome.error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : 'transport failure';
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}

/** Only Auth0's own fields leave, whatever the caller's object carries. */
function associateBody(body: AssociateRequest): AssociateRequest {
  if (body.authenticator_types[0] === 'otp') return { authenticator_types: ['otp'] };
  const oob = body as Extract<AssociateRequest, { oob_channels: unknown }>;
  return {
    authenticator_types: ['oob'],
    oob_channels: oob.oob_channels,
    ...(oob.phone_number !== undefined ? { phone_number: oob.phone_number } : {}),
    ...(oob.email !== undefined ? { email: oob.email } : {}),
  };
}
