import { TOTP } from 'otpauth';
import { call } from './http';

/** The code an authenticator app would show now — "now" being the emulator's clock. */
export async function totpNow(emulatorUrl: string, secret: string): Promise<string> {
  const clock = await call<{ now: string }>(emulatorUrl, 'GET', '/__emulator/clock');
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.parse(clock.body.now) });
}
