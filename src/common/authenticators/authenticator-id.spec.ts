import { challengeTypeOf, kindOf } from './authenticator-id';

describe('authenticator ids', () => {
  it('names the kind of an authenticator, never its id', () => {
    expect(kindOf('sms|dev_abc')).toBe('sms');
    expect(kindOf('recovery-code|dev_abc')).toBe('recovery-code');
    expect(kindOf('no-bar')).toBe('unknown');
    expect(kindOf('someone@example.com|x')).toBe('unknown');
    expect(kindOf('|dev_abc')).toBe('unknown');
  });

  it('tells which challenge a kind answers', () => {
    expect(challengeTypeOf('totp|dev_abc')).toBe('otp');
    expect(['sms', 'voice', 'email', 'push'].map((k) => challengeTypeOf(`${k}|dev_x`))).toEqual([
      'oob',
      'oob',
      'oob',
      'oob',
    ]);
    expect(challengeTypeOf('recovery-code|dev_abc')).toBeUndefined();
  });
});
