import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { maskEmail, maskPhone } from '../common/masking/mask';
import { toE164 } from '../common/validation/phone-number';
import { EmulatorSupport } from './emulator-support';

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
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  return ['channel', 'to', 'code', 'sent_at'].every((key) => typeof entry[key] === 'string');
}

/** An e-mail address (lower-cased) or a phone number in any common format (as E.164), else undefined. */
export function inboxAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (trimmed.length > 254) return undefined;
  if (trimmed.includes('@')) return EMAIL.test(trimmed) ? trimmed.toLowerCase() : undefined;
  return toE164(trimmed);
}

/**
 * Reads the embedded emulator's outbox, so the page can show a newcomer the code without a phone.
 * Registered in emulator mode only.
 */
@Injectable()
export class DemoInboxService {
  constructor(private readonly emulator: EmulatorSupport) {}

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
    const entries = await this.emulator.list('outbox', 'outbox', { to });
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
