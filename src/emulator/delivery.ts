import type { Logger } from 'pino';
import { EmulatorClock } from './clock';
import { listedName } from './listed-names';
import { DeliveryChannel, OutboxEntry } from './store/records';

function messageText(channel: DeliveryChannel, code: string, tenant: string): string {
  if (channel === 'email')
    return `Your ${tenant} verification code is ${code}. It expires in 5 minutes.`;
  if (channel === 'voice') return `Your verification code is ${code.split('').join(' ')}.`;
  return `${code} is your verification code for ${tenant}. It expires in 5 minutes.`;
}

/**
 * Where "sent" codes go: the outbox (always) and one log line (unless turned off). The emulator's own
 * output is its inbox, the one place a code may be printed (docs/security.md).
 */
export class Delivery {
  constructor(
    private readonly outbox: OutboxEntry[],
    private readonly clock: EmulatorClock,
    private readonly tenant: string,
    private readonly logger: Logger,
    private readonly logDeliveries: boolean,
  ) {}

  send(channel: DeliveryChannel, to: string, code: string): void {
    const entry: OutboxEntry = {
      channel,
      to,
      code,
      text: messageText(channel, code, this.tenant),
      sent_at: new Date(this.clock.now()).toISOString(),
    };
    this.outbox.push(entry);
    if (this.logDeliveries) {
      this.logger.info(
        { channel, to: listedName(channel, to), code },
        `emulator delivery: ${channel} code ${code} to ${listedName(channel, to)}`,
      );
    }
  }

  list(to?: string): OutboxEntry[] {
    const wanted = to?.toLowerCase();
    return this.outbox
      .filter((entry) => wanted === undefined || entry.to.toLowerCase() === wanted)
      .reverse();
  }

  clear(): void {
    this.outbox.length = 0;
  }
}
