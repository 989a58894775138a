/** Which challenge each kind of authenticator answers, by the prefix of its id. */
const BY_PREFIX: Record<string, 'oob' | 'otp'> = {
  sms: 'oob',
  voice: 'oob',
  email: 'oob',
  push: 'oob',
  totp: 'otp',
};

export function challengeTypeFor(authenticatorId: string): 'oob' | 'otp' | undefined {
  return BY_PREFIX[authenticatorId.split('|')[0]];
}
