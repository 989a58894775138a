import { EmulatorClock } from './clock';
import { Fields, optionalString, requiredString } from './body-fields';
import { EmulatorError, invalidRequest } from './emulator-errors';
import { Delivery } from './delivery';
import { EmulatorStore } from './store/emulator-store';
import { OutboxEntry } from './store/records';

/** The test-support endpoints under /__emulator: users, outbox, reset and the clock. */
export class SupportService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly delivery: Delivery,
  ) {}

  createUser(fields: Fields): { user_id: string } {
    const email = requiredString(fields, 'email');
    const password = requiredString(fields, 'password');
    const verified = fields.email_verified ?? false;
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalidRequest('Invalid parameter: email');
    if (typeof verified !== 'boolean' && verified !== 'true' && verified !== 'false') {
      throw invalidRequest('Invalid parameter: email_verified must be a boolean');
    }
    if (this.store.findUserByEmail(email)) {
      throw new EmulatorError(409, 'user_exists', 'The user already exists.');
    }
    const user = this.store.createUser(email, password, verified === true || verified === 'true');
    return { user_id: user.id };
  }

  outbox(to: string | undefined): OutboxEntry[] {
    // An unencoded `+` in a query string reads as a space; E.164 numbers start with one.
    const wanted = to?.trim() === '' ? undefined : to?.replace(/^ (?=\d)/, '+');
    return this.delivery.list(wanted);
  }

  clearOutbox(): void {
    this.delivery.clear();
  }

  reset(): void {
    this.store.reset();
    this.clock.reset();
  }

  now(): { now: string } {
    return { now: new Date(this.clock.now()).toISOString() };
  }

  advance(fields: Fields): { now: string } {
    const raw = fields.advance_seconds ?? optionalString(fields, 'advance_seconds');
    const seconds = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw invalidRequest('advance_seconds must be a number of seconds, 0 or more');
    }
    this.clock.advance(seconds);
    return this.now();
  }
}
