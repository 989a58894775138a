import { EmulatorClock } from './clock';
import { Fields, optionalString, optionalStringList, requiredString } from './body-fields';
import { EmulatorError, invalidRequest } from './emulator-errors';
import { Delivery } from './delivery';
import { AppCode, VirtualAuthenticatorApp } from './authenticator-app';
import { GuardianNotification, VirtualGuardian } from './guardian';
import { EmulatorStore } from './store/emulator-store';
import { OutboxEntry } from './store/records';
import { Tenant } from './tenant';
import type { RegisteredClient } from './client-auth';
import { ASSERTION_ALGORITHMS, AssertionAlgorithm, toClientPublicKey } from './client-assertions';

/** The test-support endpoints under /__emulator: users, clients, outbox, reset and the clock. */
export class SupportApi {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly clock: EmulatorClock,
    private readonly delivery: Delivery,
    private readonly guardian: VirtualGuardian,
    private readonly app: VirtualAuthenticatorApp,
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

  /** Registers another application of the tenant, e.g. one whose grant types leave out the MFA grants. */
  createClient(fields: Fields): { client_id: string } {
    const clientId = requiredString(fields, 'client_id');
    const grantTypes = optionalStringList(fields, 'grant_types');
    const credential = this.credentialOf(fields);
    try {
      this.tenant.register({ clientId, ...credential, ...(grantTypes ? { grantTypes } : {}) });
    } catch {
      throw new EmulatorError(
        409,
        'client_exists',
        'That client is configured and cannot be replaced.',
      );
    }
    return { client_id: clientId };
  }

  /** A secret, or a Private Key JWT credential: `public_key` (PEM) with optional `alg` and `kid`. */
  private credentialOf(fields: Fields): Pick<RegisteredClient, 'clientSecret' | 'publicKeys'> {
    const pem = optionalString(fields, 'public_key');
    if (pem === undefined) return { clientSecret: requiredString(fields, 'client_secret') };
    const alg = optionalString(fields, 'alg') ?? 'RS256';
    if (!(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) {
      throw invalidRequest(`alg must be one of ${ASSERTION_ALGORITHMS.join(', ')}`);
    }
    try {
      const kid = optionalString(fields, 'kid');
      return {
        publicKeys: [
          toClientPublicKey({ pem, alg: alg as AssertionAlgorithm, ...(kid ? { kid } : {}) }),
        ],
      };
    } catch {
      throw invalidRequest('public_key must be a PEM public key');
    }
  }

  /** The virtual Guardian device scans a push enrollment's QR code (its `barcode_uri`). */
  scan(fields: Fields): { device_id: string } {
    return this.guardian.scan(
      requiredString(fields, 'barcode_uri'),
      optionalString(fields, 'device_name'),
    );
  }

  /** Waiting push requests: of one device (`device_id`), of one user (`email`), or of every device. */
  notifications(query: { deviceId?: string; email?: string }): GuardianNotification[] {
    const email = query.email?.trim();
    const userId = email ? this.store.findUserByEmail(email)?.id : undefined;
    if (email && userId === undefined) return [];
    return this.guardian.notifications({ deviceId: query.deviceId?.trim() || undefined, userId });
  }

  /** What the user's authenticator apps show now; none for an e-mail address that is no user's. */
  appCodes(email: string | undefined): AppCode[] {
    const wanted = email?.trim();
    if (!wanted) throw invalidRequest('Missing required parameter: email');
    const user = this.store.findUserByEmail(wanted);
    return user ? this.app.codesOf(user.id) : [];
  }

  answerNotification(id: string, action: string): void {
    if (action !== 'approve' && action !== 'reject') {
      throw invalidRequest('The action is approve or reject.', 404);
    }
    this.guardian.answer(id, action === 'approve' ? 'approved' : 'rejected');
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
    this.tenant.forgetRegisteredClients();
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
