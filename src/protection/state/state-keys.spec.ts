import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { StateKeys } from './state-keys';

function keysFor(auth0: Partial<AppConfig['auth0']>): StateKeys {
  return new StateKeys(new ConfigService({ auth0 }) as unknown as ConfigService<AppConfig, true>);
}

describe('StateKeys', () => {
  const keys = keysFor({ clientSecret: 'unit-test-client-secret-0123456789' });

  it('names a key by its namespace and a digest that does not contain the identity', () => {
    const name = keys.of('rl:ip', '203.0.113.9');
    expect(name).toMatch(/^rl:ip:[A-Za-z0-9_-]{43}$/);
    expect(name).not.toContain('203.0.113.9');
    expect(keys.of('rl:ip', '203.0.113.9')).toBe(name);
  });

  it('keeps parts apart: moving a boundary between parts gives another key', () => {
    expect(keys.of('idem', 'ab', 'c')).not.toBe(keys.of('idem', 'a', 'bc'));
    expect(keys.of('idem', 'a:b')).not.toBe(keys.of('idem', 'a', 'b'));
    expect(keys.of('idem', '')).not.toBe(keys.of('idem'));
  });

  it('depends on the credential: an instance with another secret names the same identity differently', () => {
    const other = keysFor({ clientSecret: 'another-client-secret-9876543210' });
    expect(other.of('rl:ip', '203.0.113.9')).not.toBe(keys.of('rl:ip', '203.0.113.9'));
  });

  it('is keyed from the assertion key when there is no client secret', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nunit\n-----END PRIVATE KEY-----\n';
    const fromKey = keysFor({
      clientAssertion: { privateKeyPem: pem } as AppConfig['auth0']['clientAssertion'],
    });
    expect(fromKey.of('rl:ip', '203.0.113.9')).not.toBe(keys.of('rl:ip', '203.0.113.9'));
    expect(() => keysFor({})).toThrow('no Auth0 client credential');
  });
});
