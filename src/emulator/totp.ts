import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;

export function totpFor(secret: string, label = 'user', issuer = 'Tenant'): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(secret),
  });
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / PERIOD_S);
}

/** The code an authenticator app shows at `nowMs`, and the whole seconds until it shows the next. */
export function currentTotp(secret: string, nowMs: number): { code: string; expiresIn: number } {
  const nextStepMs = (totpStep(nowMs) + 1) * PERIOD_S * 1000;
  return {
    code: totpFor(secret).generate({ timestamp: nowMs }),
    expiresIn: Math.ceil((nextStepMs - nowMs) / 1000),
  };
}

/**
 * The time step the OTP belongs to: the current window or the previous one (clock drift, a slow typist).
 * Undefined when it matches neither.
 */
export function matchingTotpStep(secret: string, otp: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(otp)) return undefined;
  const totp = totpFor(secret);
  const step = totpStep(nowMs);
  for (const candidate of [step, step - 1]) {
    if (totp.generate({ timestamp: candidate * PERIOD_S * 1000 }) === otp) return candidate;
  }
  return undefined;
}

export function barcodeUri(tenantName: string, email: string, secret: string): string {
  const tenant = encodeURIComponent(tenantName);
  return (
    `otpauth://totp/${tenant}:${encodeURIComponent(email)}?secret=${secret}` +
    `&issuer=${tenant}&algorithm=SHA1&digits=6&period=${PERIOD_S}`
  );
}

/** What a push enrollment's QR code says: the tenant, the user, and where Guardian completes it. */
export function pushEnrollmentUri(
  tenant: { name: string; domain: string },
  email: string,
  txId: string,
): string {
  const baseUrl = encodeURIComponent(`https://${tenant.domain}/appliance-mfa`);
  return (
    `otpauth://totp/${encodeURIComponent(tenant.name)}:${encodeURIComponent(email)}` +
    `?enrollment_tx_id=${txId}&base_url=${baseUrl}`
  );
}
