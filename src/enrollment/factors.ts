import type { Auth0Authenticator } from '../auth0/auth0.types';

/** Factor types as Auth0 names them (`mfa_requirements`, the list's `type`). */
export const FACTOR_KINDS = [
  'email',
  'phone',
  'otp',
  'push-notification',
  'recovery-code',
] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

export const PHONE_CHANNELS = ['sms', 'voice'] as const;
export type PhoneChannel = (typeof PHONE_CHANNELS)[number];

/** Which Auth0 authenticator holds each part of a factor. */
export interface FactorAuthenticatorIds {
  sms?: string;
  voice?: string;
  email?: string;
  otp?: string;
  push?: string;
  recovery_code?: string;
}

/** A factor as a person thinks of it: one phone, whichever channels Auth0 lists it under. */
export interface Factor {
  id: string;
  type: FactorKind;
  name?: string;
  active: boolean;
  channels?: PhoneChannel[];
  authenticator_ids: FactorAuthenticatorIds;
}

/** The factor an authenticator belongs to, and its part in it; undefined for kinds not reviewed. */
export function factorPartOf(
  authenticator: Pick<Auth0Authenticator, 'authenticator_type' | 'oob_channel'>,
): { type: FactorKind; part: keyof FactorAuthenticatorIds } | undefined {
  const { authenticator_type: type, oob_channel: channel } = authenticator;
  if (type === 'otp') return { type: 'otp', part: 'otp' };
  if (type === 'recovery-code') return { type: 'recovery-code', part: 'recovery_code' };
  if (type !== 'oob') return undefined;
  switch (channel) {
    case 'sms':
    case 'voice':
      return { type: 'phone', part: channel };
    case 'email':
      return { type: 'email', part: 'email' };
    case 'auth0':
      return { type: 'push-notification', part: 'push' };
    default:
      return undefined;
  }
}

/**
 * Auth0's list as factors: one phone enrollment is listed twice (`sms|dev_X` and `voice|dev_X`, one
 * device id) and becomes one factor, its id the first authenticator's (the `sms|` one when both are
 * there). Abandoned enrollments (inactive) are left out unless `includePending`. Names come masked
 * from Auth0 (docs/auth0-wire.md).
 */
export function factorsOf(
  authenticators: readonly Auth0Authenticator[],
  includePending: boolean,
): Factor[] {
  const byDevice = new Map<string, Factor>();
  const factors: Factor[] = [];
  for (const authenticator of authenticators) {
    const part = factorPartOf(authenticator);
    if (!part) continue;
    const device = authenticator.id.slice(authenticator.id.indexOf('|') + 1);
    const twin = part.type === 'phone' ? byDevice.get(device) : undefined;
    if (twin) {
      twin.authenticator_ids[part.part] = authenticator.id;
      twin.channels = PHONE_CHANNELS.filter((channel) => twin.authenticator_ids[channel]);
      twin.active ||= authenticator.active;
      if (part.part === 'sms') twin.id = authenticator.id;
      continue;
    }
    const factor: Factor = {
      id: authenticator.id,
      type: part.type,
      ...(authenticator.name ? { name: authenticator.name } : {}),
      active: authenticator.active,
      ...(part.type === 'phone' ? { channels: [part.part as PhoneChannel] } : {}),
      authenticator_ids: { [part.part]: authenticator.id },
    };
    if (part.type === 'phone') byDevice.set(device, factor);
    factors.push(factor);
  }
  return factors.filter((factor) => includePending || factor.active);
}
