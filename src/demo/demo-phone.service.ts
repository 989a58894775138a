import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/errors/error-code';
import { GatewayError } from '../common/errors/gateway-error';
import { inboxAddress } from './demo-inbox.service';
import { EmulatorSupport } from './emulator-support';

/** What the virtual phone of one user shows: push requests to answer, and its authenticator app. */
export interface PhoneScreen {
  /** Push notifications waiting for the user's answer. */
  push_requests: { id: string }[];
  /** The code each of the user's authenticator-app enrollments shows now, newest first. */
  app_codes: { code: string; expires_in: number }[];
}

/** The name the virtual phone pairs under: the user's factor list shows it. */
const DEVICE_NAME = 'Virtual phone';
const PUSH_REQUEST_ID = /^[\w-]{1,64}$/;

function isPushRequest(value: unknown): value is { id: string } {
  return typeof (value as { id?: unknown } | null)?.id === 'string';
}

function isAppCode(value: unknown): value is { code: string; expires_in: number } {
  const entry = value as { code?: unknown; expires_in?: unknown } | null;
  return typeof entry?.code === 'string' && typeof entry.expires_in === 'number';
}

/**
 * The phone a newcomer trying the page does not need: the emulator's virtual Guardian device and
 * authenticator app, driven through its support API for the user signing in (by their e-mail address).
 * The secrets stay in the emulator: the page sends a `barcode_uri` it shows anyway, and reads current
 * codes, as the inbox reads delivered ones. Registered in emulator mode only.
 */
@Injectable()
export class DemoPhoneService {
  constructor(private readonly emulator: EmulatorSupport) {}

  async screen(rawUser: unknown): Promise<PhoneScreen> {
    const email = inboxAddress(rawUser);
    if (!email?.includes('@')) {
      throw new GatewayError(ErrorCode.ValidationFailed, {
        errors: [
          { field: 'user', message: 'user must be the e-mail address the user signs in with' },
        ],
      });
    }
    const [requests, codes] = await Promise.all([
      this.emulator.list('virtual Guardian device', 'guardian/notifications', { email }),
      this.emulator.list('virtual authenticator app', 'authenticator-app/codes', { email }),
    ]);
    return {
      push_requests: requests.filter(isPushRequest).map((request) => ({ id: request.id })),
      app_codes: codes
        .filter(isAppCode)
        .map((entry) => ({ code: entry.code, expires_in: entry.expires_in })),
    };
  }

  /** Pairs the virtual Guardian device with the push enrollment whose QR code says `barcodeUri`. */
  async scan(barcodeUri: string): Promise<void> {
    const answer = await this.emulator.send('virtual Guardian device', 'POST', 'guardian/scan', {
      body: { barcode_uri: barcodeUri, device_name: DEVICE_NAME },
    });
    if (answer.status === 404 || answer.status === 409) {
      throw new GatewayError(ErrorCode.NotFound, {
        detail: 'No push enrollment is waiting for that QR code: it has expired or been scanned.',
      });
    }
    this.expectSuccess(answer.status);
  }

  async answer(id: string, action: 'approve' | 'reject'): Promise<void> {
    const gone = new GatewayError(ErrorCode.NotFound, {
      detail: 'That push request is no longer waiting: it was answered or has expired.',
    });
    if (!PUSH_REQUEST_ID.test(id)) throw gone;
    const answer = await this.emulator.send(
      'virtual Guardian device',
      'POST',
      `guardian/notifications/${encodeURIComponent(id)}/${action}`,
    );
    if (answer.status === 404) throw gone;
    this.expectSuccess(answer.status);
  }

  private expectSuccess(status: number): void {
    if (status >= 300) {
      throw new GatewayError(ErrorCode.UpstreamError, {
        detail: `The emulator's virtual Guardian device answered ${status}.`,
      });
    }
  }
}
