import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { AppConfig } from '../config/app-config';

const TIMEOUT_MS = 2000;

export interface SupportAnswer {
  status: number;
  /** The parsed JSON, or undefined for an empty or unreadable body. */
  body: unknown;
}

/**
 * The embedded emulator's support API (`/__emulator/…`) over HTTP — in emulator mode the configured
 * Auth0 base URL is the emulator's. The demo inbox reaches the emulator only through here, so the browser
 * never talks to the emulator's port. Registered in emulator mode only.
 */
@Injectable()
export class EmulatorSupport {
  private readonly baseUrl: string;

  constructor(config: ConfigService<AppConfig, true>) {
    this.baseUrl = config.get('auth0', { infer: true }).baseUrl;
  }

  /**
   * One call; the emulator's 4xx answers come back for the caller to explain, while an emulator that
   * cannot be reached or fails is the gateway's `upstream_*` problem. `what` names it for people.
   */
  async send(
    what: string,
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<SupportAnswer> {
    const url = new URL(`/__emulator/${path}`, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(name, value);
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw new GatewayError(ErrorCode.UpstreamUnavailable, {
        detail: `The emulator's ${what} cannot be reached.`,
        cause: error,
      });
    }
    if (response.status >= 500) {
      throw new GatewayError(ErrorCode.UpstreamError, {
        detail: `The emulator's ${what} answered ${response.status}.`,
      });
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  }

  /** A list the emulator must answer with 200; anything else is unreadable. */
  async list(what: string, path: string, query: Record<string, string>): Promise<unknown[]> {
    const answer = await this.send(what, 'GET', path, { query });
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      throw new GatewayError(ErrorCode.UpstreamError, {
        detail: `The emulator's ${what} answered something unreadable.`,
      });
    }
    return answer.body as unknown[];
  }
}
