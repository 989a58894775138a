import { TOTP, Secret } from 'otpauth';
import { startEmulator } from '../../src/emulator';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator';

export const GRANT = {
  password: 'password',
  realm: 'http://auth0.com/oauth/grant-type/password-realm',
  oob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  otp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  recovery: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  refresh: 'refresh_token',
} as const;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Tests read Auth0's JSON freely; each assertion states the shape it expects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestUser {
  email: string;
  password: string;
  userId: string;
}

let userCounter = 0;

/** Drives one emulator over real HTTP, the way an Auth0 client would. */
export class EmulatorClient {
  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: Partial<EmulatorOptions> = {}): Promise<EmulatorClient> {
    return new EmulatorClient(await startEmulator({ port: 0, logDeliveries: false, ...options }));
  }

  get url(): string {
    return this.emulator.url;
  }

  get credentials(): { client_id: string; client_secret: string } {
    return { client_id: this.emulator.clientId, client_secret: this.emulator.clientSecret };
  }

  close(): Promise<void> {
    return this.emulator.close();
  }

  async raw(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(this.url + path, {
      method,
      body: init.body,
      headers: init.headers,
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
    return {
      status: response.status,
      headers: response.headers,
      text,
      // A real 204 says application/json over an empty body.
      body: json && text !== '' ? JSON.parse(text) : text,
    };
  }

  json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.raw(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.raw('POST', path, {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** /oauth/token as the documented form body, with the client's credentials. */
  token(fields: Record<string, string>): Promise<Answer> {
    return this.form('/oauth/token', { ...this.credentials, ...fields });
  }

  bearer(token: string): Record<string, string> {
    return { authorization: `Bearer ${token}` };
  }

  reset(): Promise<Answer> {
    return this.raw('POST', '/__emulator/reset');
  }

  async advance(seconds: number): Promise<void> {
    const answer = await this.json('POST', '/__emulator/clock', { advance_seconds: seconds });
    if (answer.status !== 200) throw new Error(`clock: ${answer.text}`);
  }

  async now(): Promise<number> {
    const answer = await this.raw('GET', '/__emulator/clock');
    return Date.parse(answer.body.now as string);
  }

  async newUser(emailVerified = false): Promise<TestUser> {
    userCounter += 1;
    const email = `user${userCounter}.${Date.now()}@example.com`;
    const password = `Pw-${userCounter}-secret`;
    const answer = await this.json('POST', '/__emulator/users', {
      email,
      password,
      email_verified: emailVerified,
    });
    if (answer.status !== 201) throw new Error(`create user: ${answer.text}`);
    return { email, password, userId: answer.body.user_id as string };
  }

  async passwordGrant(user: TestUser, extra: Record<string, string> = {}): Promise<Answer> {
    return this.token({
      grant_type: GRANT.password,
      username: user.email,
      password: user.password,
      ...extra,
    });
  }

  async mfaToken(user: TestUser, extra: Record<string, string> = {}): Promise<string> {
    const answer = await this.passwordGrant(user, extra);
    if (answer.status !== 403 || answer.body.error !== 'mfa_required') {
      throw new Error(`password grant: ${answer.text}`);
    }
    return answer.body.mfa_token as string;
  }

  async lastCode(to: string): Promise<string> {
    const answer = await this.raw('GET', `/__emulator/outbox?to=${encodeURIComponent(to)}`);
    if (answer.body.length === 0) throw new Error(`no code sent to ${to}`);
    return answer.body[0].code as string;
  }

  associate(token: string, body: unknown): Promise<Answer> {
    return this.json('POST', '/mfa/associate', body, this.bearer(token));
  }

  challenge(mfaToken: string, extra: Record<string, string> = {}): Promise<Answer> {
    return this.json('POST', '/mfa/challenge', {
      ...this.credentials,
      mfa_token: mfaToken,
      ...extra,
    });
  }

  oobGrant(mfaToken: string, oobCode: string, bindingCode: string): Promise<Answer> {
    return this.token({
      grant_type: GRANT.oob,
      mfa_token: mfaToken,
      oob_code: oobCode,
      binding_code: bindingCode,
    });
  }

  recoveryGrant(mfaToken: string, recoveryCode: string): Promise<Answer> {
    return this.token({
      grant_type: GRANT.recovery,
      mfa_token: mfaToken,
      recovery_code: recoveryCode,
    });
  }

  list(token: string): Promise<Answer> {
    return this.raw('GET', '/mfa/authenticators', { headers: this.bearer(token) });
  }

  remove(token: string, id: string): Promise<Answer> {
    return this.raw('DELETE', `/mfa/authenticators/${encodeURIComponent(id)}`, {
      headers: this.bearer(token),
    });
  }

  /** Associates an sms (or voice) phone and confirms it; returns the recovery code handed out. */
  async enrollPhone(user: TestUser, phone: string, channel: 'sms' | 'voice' = 'sms') {
    const mfaToken = await this.mfaToken(user);
    const associated = await this.associate(mfaToken, {
      authenticator_types: ['oob'],
      oob_channels: [channel],
      phone_number: phone,
    });
    if (associated.status !== 200) throw new Error(`associate: ${associated.text}`);
    const confirmed = await this.oobGrant(
      mfaToken,
      associated.body.oob_code,
      await this.lastCode(phone),
    );
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.text}`);
    return { recoveryCode: associated.body.recovery_codes[0] as string, mfaToken };
  }

  /** A token set for the MFA API audience with the given scopes, after passing an SMS challenge. */
  async mfaApiToken(user: TestUser, phone: string, scope: string): Promise<string> {
    const mfaToken = await this.mfaToken(user, {
      audience: `https://${this.emulator.domain}/mfa/`,
      scope,
    });
    const challenged = await this.challenge(mfaToken, { challenge_type: 'oob' });
    if (challenged.status !== 200) throw new Error(`challenge: ${challenged.text}`);
    const granted = await this.oobGrant(
      mfaToken,
      challenged.body.oob_code,
      await this.lastCode(phone),
    );
    if (granted.status !== 200) throw new Error(`grant: ${granted.text}`);
    return granted.body.access_token as string;
  }

  /** Moves the emulator clock to the start of a fresh 30 s TOTP window, leaving ~29 s of slack. */
  async alignToTotpWindow(): Promise<number> {
    const now = await this.now();
    const into = now % 30_000;
    await this.advance(Math.ceil((30_000 - into) / 1000) + 1);
    return this.now();
  }
}

export function totpCode(secret: string, timestampMs: number): string {
  return new TOTP({
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  }).generate({
    timestamp: timestampMs,
  });
}

export function expectError(
  answer: Answer,
  status: number,
  error: string,
  description: string,
): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { error, error_description: description },
  });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

export interface ListedAuthenticator {
  id: string;
  authenticator_type: string;
  active: boolean;
  oob_channel?: string;
  name?: string;
}

export function listedAuthenticators(answer: Answer): ListedAuthenticator[] {
  return answer.body as ListedAuthenticator[];
}

export function findAuthenticator(
  answer: Answer,
  matches: (a: ListedAuthenticator) => boolean,
): ListedAuthenticator {
  const found = listedAuthenticators(answer).find(matches);
  if (!found) throw new Error(`no such authenticator in ${answer.text}`);
  return found;
}
