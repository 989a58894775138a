import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { maskEmail, maskPhone } from '../common/masking/mask';
import { toE164 } from '../common/validation/phone-number';
import { AppConfig } from '../config/app-config';

export interface InboxMessage {
  channel: string;
  /** Masked, as in authenticator names: the caller typed the full address, no need to echo it. */
  to: string;
  code: string;
  sent_at: string;
}

/** What the emulator's `/__emulator/outbox` answers, read defensively: it is another process. */
interface OutboxEntry {
  channel: string;
  to: string;
  code: string;
  sent_at: string;
}

const NEWEST = 5;
const TIMEOUT_MS = 2000;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  return ['channel', 'to', 'code', 'sent_at'].every((key) => typeof entry[key] === 'string');
}

/** An e-mail address (lower-cased) or a phone number in any common format (as E.164), else undefined. */
function inboxAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (trimmed.length > 254) return undefined;
  if (trimmed.includes('@')) return EMAIL.test(trimmed) ? trimmed.toLowerCase() : undefined;
  return toE164(trimmed);
}

/**
 * Reads the embedded emulator's outbox over HTTP — in emulator mode the configured Auth0 base URL is the
 * emulator's — so the page can show a newcomer the code without a phone. Registered in emulator mode only.
 */
@Injectable()
export class DemoInboxService {
  private readonly outboxUrl: URL;

  constructor(config: ConfigService<AppConfig, true>) {
    this.outboxUrl = new URL('/__emulator/outbox', config.get('auth0', { infer: true }).baseUrl);
  }

  async list(rawTo: unknown): Promise<InboxMessage[]> {
    const to = inboxAddress(rawTo);
    if (!to) {
      throw new GatewayError(ErrorCode.ValidationFailed, {
        errors: [
          {
            field: 'to',
            message: 'to must be an e-mail address or a phone number in international format',
          },
        ],
      });
    }
    const url = new URL(this.outboxUrl);
    url.searchParams.set('to', to);
    let entries: unknown;
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      if (!response.ok) throw new Error(`emulator outbox answered ${response.status}`);
      entries = await response.json();
    } catch (error) {
      throw new GatewayError(ErrorCode.UpstreamUnavailable, {
        detail: "The emulator's outbox cannot be read.",
        cause: error,
      });
    }
    if (!Array.isArray(entries)) {
      throw new GatewayError(ErrorCode.UpstreamError, {
        detail: "The emulator's outbox answered something unreadable.",
      });
    }
    // The emulator lists newest first.
    return entries
      .filter(isOutboxEntry)
      .slice(0, NEWEST)
      .map((entry) => ({
        channel: entry.channel,
        to: entry.channel === 'email' ? maskEmail(entry.to) : maskPhone(entry.to),
        code: entry.code,
        sent_at: entry.sent_at,
      }));
  }
}
