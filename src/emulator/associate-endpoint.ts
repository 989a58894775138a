import { totpSecret } from './codes';
import { enrollmentTxId } from './guardian';
import { BearerAuth } from './bearer-auth';
import { Fields, optionalString, optionalStringList, rejectUnknownFields } from './body-fields';
import { EmulatorError, invalidRequest } from './emulator-errors';
import { firstRecoveryCodes } from './enrollment';
import { OobCodes } from './oob-codes';
import { isAcceptablePhoneNumber } from './phone-numbers';
import { EmulatorStore } from './store/emulator-store';
import { newAuthenticatorId } from './store/authenticator-ids';
import { AuthenticatorRecord, DeliveryChannel, UserRecord } from './store/records';
import { MAX_AUTHENTICATORS, Tenant } from './tenant';
import { barcodeUri, pushEnrollmentUri } from './totp';

const FIELDS = [
  'authenticator_types',
  'oob_channels',
  'phone_number',
  'email',
  'client_id',
  'client_secret',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface Association {
  authenticator_type: 'oob' | 'otp';
  binding_method?: 'prompt';
  oob_channel?: DeliveryChannel | 'auth0';
  oob_code?: string;
  secret?: string;
  barcode_uri?: string;
  recovery_codes?: string[];
}

type OobRequest = { channel: DeliveryChannel; destination: string } | { channel: 'auth0' };

/** POST /mfa/associate: a new authenticator, inactive until a grant confirms it. */
export class AssociateEndpoint {
  constructor(
    private readonly tenant: Tenant,
    private readonly store: EmulatorStore,
    private readonly bearer: BearerAuth,
    private readonly oobCodes: OobCodes,
  ) {}

  async associate(authorization: string | undefined, fields: Fields): Promise<Association> {
    const caller = await this.bearer.identify(authorization, 'enroll');
    rejectUnknownFields(fields, FIELDS);
    const types = optionalStringList(fields, 'authenticator_types');
    if (types === undefined)
      throw invalidRequest('Missing required parameter: authenticator_types');
    if (types.length !== 1 || (types[0] !== 'oob' && types[0] !== 'otp')) {
      throw invalidRequest('authenticator_types must be ["oob"] or ["otp"]');
    }
    const user = this.store.user(caller.userId);
    const oob = types[0] === 'oob' ? this.readOob(fields, user) : undefined;

    if (caller.viaMfaToken && this.store.hasActiveRealFactor(user.id)) {
      throw new EmulatorError(403, 'access_denied', 'User is already enrolled.');
    }
    const enrolled = this.store
      .authenticatorsOf(user.id)
      .filter((a) => !a.implicit && a.kind !== 'recovery-code');
    if (enrolled.length >= MAX_AUTHENTICATORS) {
      throw invalidRequest('Maximum number of authenticators reached.');
    }
    return oob ? this.associateOob(user, oob) : this.associateOtp(user);
  }

  private readOob(fields: Fields, user: UserRecord): OobRequest {
    const channels = optionalStringList(fields, 'oob_channels');
    if (channels === undefined) throw invalidRequest('Missing required parameter: oob_channels');
    if (!channels.every((c) => ['sms', 'voice', 'email', 'auth0'].includes(c))) {
      throw invalidRequest('oob_channels must hold sms, voice, email or auth0');
    }
    if (channels.includes('auth0')) {
      if (channels.length > 1) throw invalidRequest('oob_channels cannot mix auth0 with others');
      return { channel: 'auth0' };
    }
    const channel = channels[0] as DeliveryChannel;
    if (channel === 'email') {
      if (channels.some((c) => c !== 'email')) {
        throw invalidRequest('oob_channels cannot mix email with sms or voice');
      }
      const email = optionalString(fields, 'email') ?? user.email;
      if (!EMAIL.test(email)) throw invalidRequest('Invalid parameter: email');
      return { channel, destination: email };
    }
    if (channels.includes('email')) {
      throw invalidRequest('oob_channels cannot mix email with sms or voice');
    }
    if (!this.tenant.phoneChannels.includes(channel)) {
      throw invalidRequest(`oob_channels: ${channel} is not enabled for this tenant`);
    }
    const phone = optionalString(fields, 'phone_number');
    if (phone === undefined) throw invalidRequest('Missing required parameter: phone_number');
    if (!isAcceptablePhoneNumber(phone)) throw invalidRequest('The phone number is invalid.');
    return { channel, destination: phone };
  }

  private associateOob(user: UserRecord, request: OobRequest): Association {
    if (request.channel === 'auth0') return this.associatePush(user);
    this.oobCodes.checkQuota(user, request.channel);
    const base = { userId: user.id, active: false, implicit: false };
    const records: AuthenticatorRecord[] = [];
    if (request.channel === 'email') {
      records.push(
        Object.assign({}, base, {
          id: newAuthenticatorId('email'),
          kind: 'email' as const,
          destination: request.destination,
        }),
      );
    } else {
      // One phone enrollment is every channel the tenant offers, sharing one suffix.
      const suffix = newAuthenticatorId('sms').split('|dev_')[1];
      for (const kind of this.tenant.phoneChannels) {
        records.push(
          Object.assign({}, base, {
            id: newAuthenticatorId(kind, suffix),
            kind,
            destination: request.destination,
          }),
        );
      }
    }
    records.forEach((record) => this.store.addAuthenticator(record));
    const target = records.find((r) => r.kind === request.channel) ?? records[0];
    const oobCode = this.oobCodes.send(user, target, request.channel);
    const recoveryCodes = firstRecoveryCodes(this.store, user);
    // Auth0's field order, as recorded.
    return {
      authenticator_type: 'oob',
      binding_method: 'prompt',
      ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
      oob_channel: request.channel,
      oob_code: oobCode,
    };
  }

  /**
   * Push: no code is sent. The user scans `barcode_uri` with Guardian, which pairs the device; the
   * client polls the mfa-oob grant with this `oob_code` and no binding code until it answers tokens.
   */
  private associatePush(user: UserRecord): Association {
    const txId = enrollmentTxId();
    const record: AuthenticatorRecord = {
      id: newAuthenticatorId('push'),
      userId: user.id,
      kind: 'push',
      active: false,
      implicit: false,
      enrollmentTxId: txId,
    };
    this.store.addAuthenticator(record);
    const oobCode = this.oobCodes.push(user, record);
    const recoveryCodes = firstRecoveryCodes(this.store, user);
    return {
      authenticator_type: 'oob',
      barcode_uri: pushEnrollmentUri(this.tenant, user.email, txId),
      ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
      oob_channel: 'auth0',
      oob_code: oobCode,
    };
  }

  private associateOtp(user: UserRecord): Association {
    const secret = totpSecret();
    this.store.addAuthenticator({
      id: newAuthenticatorId('totp'),
      userId: user.id,
      kind: 'totp',
      active: false,
      implicit: false,
      secret,
    });
    const recoveryCodes = firstRecoveryCodes(this.store, user);
    return {
      authenticator_type: 'otp',
      secret,
      barcode_uri: barcodeUri(this.tenant.name, user.email, secret),
      ...(recoveryCodes ? { recovery_codes: recoveryCodes } : {}),
    };
  }
}
